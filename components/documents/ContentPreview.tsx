// A converted document's structure as it will read: headings, paragraphs, lists, quotes, rules,
// emphasis. Rendered as React elements from the TipTap JSON (never as HTML strings).
import type { JSONContent } from '@tiptap/core';
import type { ReactNode } from 'react';

function inline(node: JSONContent, key: number): ReactNode {
  let out: ReactNode = node.text ?? '';
  for (const mark of node.marks ?? []) {
    if (mark.type === 'italic') out = <em>{out}</em>;
    else if (mark.type === 'bold') out = <strong>{out}</strong>;
    else if (mark.type === 'code') out = <code>{out}</code>;
  }
  return <span key={key}>{out}</span>;
}

function block(node: JSONContent, key: number): ReactNode {
  const children = (node.content ?? []).map((child, i) => (child.type === 'text' ? inline(child, i) : block(child, i)));
  switch (node.type) {
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.level ?? 2), 1), 6);
      const Tag = `h${level}` as 'h1';
      return <Tag key={key}>{children}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{children}</p>;
    case 'bulletList':
      return <ul key={key}>{children}</ul>;
    case 'orderedList':
      return <ol key={key}>{children}</ol>;
    case 'listItem':
      return <li key={key}>{children}</li>;
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>;
    case 'codeBlock':
      return <pre key={key}>{children}</pre>;
    case 'horizontalRule':
      return <hr key={key} />;
    default:
      return <div key={key}>{children}</div>;
  }
}

export function ContentPreview({ content, limit = 400 }: { content: JSONContent; limit?: number }) {
  const blocks = content.content ?? [];
  return (
    <div className="document-preview" data-testid="document-preview">
      {blocks.slice(0, limit).map(block)}
      {blocks.length > limit && <p className="hint">… and {blocks.length - limit} more blocks</p>}
    </div>
  );
}

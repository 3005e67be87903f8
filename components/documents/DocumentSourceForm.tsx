'use client';
// Adding a document or revising one, in two steps: a preview (dry run: nothing is written) shows
// the result — the converted text for a new document, the re-anchoring report for a revision —
// then Save writes it. Pasted text/Markdown/HTML, an uploaded file or a web address; the upload
// shows its progress, then the conversion runs.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { JSONContent } from '@tiptap/core';
import type { AddedDocument, DocumentPreview, RevisionResult } from '@/lib/documents/schemas';
import { ContentPreview } from './ContentPreview';
import { type Answer, type Fields, sendDocument, type Source } from './send';

type Mode = { kind: 'add' } | { kind: 'revise'; slug: string; annotations: number };
type Tab = 'paste' | 'file' | 'url';

const NO_FIELDS: Fields = { title: '', byline: '', publishedAt: '', sourceUrl: '' };

export function reanchorSummary(r: RevisionResult['reanchored']) {
  const total = r.unchanged + r.moved + r.fuzzy + r.orphaned;
  return `${total} annotation${total === 1 ? '' : 's'}: ${r.unchanged} in place, ${r.moved} moved, ${r.fuzzy} placed by fuzzy match, ${r.orphaned} cannot be placed`;
}

export function DocumentSourceForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const [tab, setTab] = useState<Tab>('paste');
  const [format, setFormat] = useState<'text' | 'markdown' | 'html'>('markdown');
  const [content, setContent] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [fields, setFields] = useState<Fields>(NO_FIELDS);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [preview, setPreview] = useState<DocumentPreview | null>(null);
  const [report, setReport] = useState<RevisionResult | null>(null);

  const source = (): Source | null =>
    tab === 'paste' ? (content.trim() ? { kind: 'paste', format, content } : null) : tab === 'file' ? (file ? { kind: 'file', file } : null) : url.trim() ? { kind: 'url', url: url.trim() } : null;
  const reset = () => {
    setPreview(null);
    setReport(null);
    setError(null);
  };

  async function send(dryRun: boolean) {
    const what = source();
    if (!what) return setError({ message: tab === 'file' ? 'Choose a file' : tab === 'url' ? 'Enter a web address' : 'Paste some text' });
    setError(null);
    setBusy(what.kind === 'file' ? 'Uploading 0%' : 'Converting…');
    const target = mode.kind === 'add' ? '/api/documents' : `/api/documents/${encodeURIComponent(mode.slug)}/revisions`;
    const answer: Answer = await sendDocument(`${target}${dryRun ? '?dryRun=1' : ''}`, what, fields, (phase, share) =>
      setBusy(phase === 'uploading' ? `Uploading ${Math.round(share * 100)}%` : 'Converting…'),
    );
    setBusy(null);
    if (!answer.ok) return setError({ message: answer.message, fields: answer.fields });
    if (mode.kind === 'add') {
      if (dryRun) return setPreview(answer.body as DocumentPreview);
      router.push(`/documents/${(answer.body as AddedDocument).slug}`);
      return;
    }
    const result = answer.body as RevisionResult;
    if (dryRun) {
      setReport(result);
      setPreview(result.preview ?? null);
      return;
    }
    setReport(result);
    // The reader shows the new text and where each annotation went.
    window.location.reload();
  }

  const field = (name: keyof Fields, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        name={name}
        value={fields[name]}
        onChange={(e) => {
          setFields({ ...fields, [name]: e.target.value });
          reset();
        }}
      />
      {error?.fields?.[name] && <span className="error">{error.fields[name]}</span>}
    </label>
  );

  return (
    <div className="stack document-source" data-testid={mode.kind === 'add' ? 'add-document' : 'revise-document'}>
      <div className="row" role="radiogroup" aria-label="Where the text comes from">
        {(
          [
            ['paste', 'Paste text'],
            ['file', 'Upload a file'],
            ['url', 'Web address'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name={`source-${mode.kind}`}
              checked={tab === value}
              onChange={() => {
                setTab(value);
                reset();
              }}
            />{' '}
            {label}
          </label>
        ))}
      </div>
      {tab === 'paste' && (
        <>
          <label>
            Format
            <select value={format} onChange={(e) => (setFormat(e.target.value as typeof format), reset())}>
              <option value="markdown">Markdown</option>
              <option value="text">Plain text</option>
              <option value="html">HTML</option>
            </select>
          </label>
          <label>
            Text
            <textarea rows={8} value={content} onChange={(e) => (setContent(e.target.value), reset())} />
            {error?.fields?.content && <span className="error">{error.fields.content}</span>}
          </label>
        </>
      )}
      {tab === 'file' && (
        <label>
          File (.txt, .md, .html, .pdf with a text layer, .docx; up to 20 MiB)
          <input type="file" accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx" onChange={(e) => (setFile(e.target.files?.[0] ?? null), reset())} />
          {error?.fields?.file && <span className="error">{error.fields.file}</span>}
        </label>
      )}
      {tab === 'url' && (
        <label>
          Web address
          <input type="url" placeholder="https://…" value={url} onChange={(e) => (setUrl(e.target.value), reset())} />
          {error?.fields?.url && <span className="error">{error.fields.url}</span>}
        </label>
      )}
      <div className="row">
        {field('title', mode.kind === 'add' ? 'Title (optional)' : 'New title (optional)')}
        {field('byline', 'Byline (optional)')}
        {field('publishedAt', 'Date (optional)', 'date')}
        {mode.kind === 'add' && field('sourceUrl', 'Source URL (optional)', 'url')}
      </div>
      <div className="row">
        <button type="button" disabled={busy !== null} onClick={() => send(true)}>
          Preview
        </button>
        <button type="button" className="primary" disabled={busy !== null || (!preview && !report)} onClick={() => send(false)}>
          {mode.kind === 'add' ? 'Save document' : 'Save revision'}
        </button>
        {busy && (
          <span role="status" className="hint">
            {busy}
          </span>
        )}
      </div>
      {error && (
        <div role="alert" className="error">
          {error.message}
        </div>
      )}
      {report && (
        <p role="status" data-testid="reanchor-report">
          {reanchorSummary(report.reanchored)}
          {report.orphans.length > 0 && <> — cannot be placed: {report.orphans.map((o) => `“${o.exact.slice(0, 60)}”`).join(', ')}</>}
        </p>
      )}
      {preview && <Preview preview={preview} />}
    </div>
  );
}

function Preview({ preview }: { preview: DocumentPreview }) {
  return (
    <section className="stack preview" aria-label="Preview">
      <h3>
        Preview: {preview.title}
        {preview.byline && <span className="byline"> — {preview.byline}</span>}
        {preview.publishedAt && <span className="byline"> · {preview.publishedAt}</span>}
      </h3>
      <p className="hint">
        {[...preview.text].length.toLocaleString()} characters · {preview.format}
      </p>
      {preview.warnings.length > 0 && (
        <ul className="warnings">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <ContentPreview content={preview.content as JSONContent} />
    </section>
  );
}

'use client';
// Under a document's reading bar: revise it (writers), see its kept revisions, archive or restore
// it (admins). Each is a call to the documents API; the services decide who may.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RevisionInfo } from '@/lib/documents/schemas';
import { DocumentSourceForm, reanchorSummary } from './DocumentSourceForm';

type Props = { slug: string; revision: number; archived: boolean; canRevise: boolean; canArchive: boolean; annotations: number };

export function DocumentTools({ slug, revision, archived, canRevise, canArchive, annotations }: Props) {
  const router = useRouter();
  const [revisions, setRevisions] = useState<RevisionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = `/api/documents/${encodeURIComponent(slug)}`;

  async function loadRevisions() {
    const response = await fetch(`${api}/revisions`);
    if (response.ok) setRevisions(await response.json());
  }

  async function setArchived(archive: boolean) {
    if (archive && !window.confirm('Archive this document? It leaves the library and search; its annotations are kept and it can be restored.')) return;
    const response = await fetch(archive ? api : `${api}/restore`, { method: archive ? 'DELETE' : 'POST' });
    if (!response.ok) return setError((await response.json().catch(() => null))?.error?.message ?? `Failed (${response.status})`);
    if (archive) router.push('/?archived=1');
    else router.refresh();
  }

  return (
    <div className="document-tools stack">
      {archived && (
        <p className="archived-banner" role="status">
          This document is archived: it is out of the library and search, and takes no new annotations.
        </p>
      )}
      <div className="row">
        {canRevise && !archived && (
          <details className="revise">
            <summary>Revise (revision {revision})</summary>
            <DocumentSourceForm mode={{ kind: 'revise', slug, annotations }} />
          </details>
        )}
        <details className="revisions" onToggle={(e) => (e.currentTarget.open && !revisions ? void loadRevisions() : undefined)}>
          <summary>Revisions</summary>
          {revisions && (
            <ol className="stack" reversed>
              {revisions.map((r) => (
                <li key={r.revision}>
                  <a href={`${api}?revision=${r.revision}`}>Revision {r.revision}</a>
                  {r.current ? ' (current)' : ''} · {r.createdAt.slice(0, 16).replace('T', ' ')} · {r.createdBy?.name ?? 'corpus'} · {r.format}
                  {r.reanchored && <div className="hint">{reanchorSummary(r.reanchored)}</div>}
                </li>
              ))}
            </ol>
          )}
        </details>
        {canArchive && (
          <button type="button" onClick={() => setArchived(!archived)}>
            {archived ? 'Restore to the library' : 'Archive'}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

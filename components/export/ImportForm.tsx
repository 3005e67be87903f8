'use client';
// Import in two steps: a dry run shows what would be created, what is already there and what
// cannot be placed (with why); only then does "Import" write.
import { useState } from 'react';
import type { ImportReport } from '@/lib/import/types';

type Outcome = { report: ImportReport } | { error: string; fields?: Record<string, string> };

export function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    try {
      const response = await fetch(`/api/import${dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/ld+json' },
        body: file,
      });
      const body = await response.json().catch(() => null);
      if (response.ok) setOutcome({ report: body as ImportReport });
      else setOutcome({ error: body?.error?.message ?? `Import failed (${response.status})`, fields: body?.error?.fields });
    } finally {
      setBusy(false);
    }
  }

  const report = outcome && 'report' in outcome ? outcome.report : null;
  return (
    <section className="stack import-form" aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <p className="hint">
        A W3C Web Annotation JSON-LD file (an Assay export, or annotations from another tool with a quote on one of these
        documents). An admin&apos;s import keeps each annotation&apos;s author (matched by email); anyone else imports under their own name. Also at{' '}
        <code>POST /api/import?dryRun=1</code>.
      </p>
      <div className="row">
        <label>
          File
          <input
            type="file"
            accept=".jsonld,.json,application/ld+json,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
            }}
          />
        </label>
        <button type="button" disabled={!file || busy} onClick={() => send(true)}>
          Check (dry run)
        </button>
        <button type="button" className="primary" disabled={!file || busy || !report?.dryRun || report.counts.create === 0} onClick={() => send(false)}>
          Import
        </button>
      </div>
      {outcome && 'error' in outcome && (
        <div role="alert" className="error">
          <p>{outcome.error}</p>
          {outcome.fields && (
            <ul>
              {Object.entries(outcome.fields).map(([field, message]) => (
                <li key={field}>
                  <code>{field}</code>: {message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {report && (
        <div className="stack" aria-label="Import report">
          <p role="status">
            {report.dryRun ? 'Dry run: ' : 'Imported: '}
            {report.counts.create} {report.dryRun ? 'to create' : 'created'}, {report.counts.matches} already there,{' '}
            {report.counts.unplaced} cannot be placed
          </p>
          {report.create.length > 0 && (
            <details open={report.dryRun}>
              <summary>{report.dryRun ? 'To create' : 'Created'}</summary>
              <ul>
                {report.create.map((c) => (
                  <li key={c.index}>
                    #{c.index + 1}{' '}
                    {c.type === 'annotation' ? (
                      <>
                        {c.kind.toLowerCase()} on {c.document}: “{c.exact}” by {c.author}
                        {c.placedBy !== 'position' && ` (found by ${c.placedBy} quote)`}
                      </>
                    ) : (
                      <>reply by {c.author}</>
                    )}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.unplaced.length > 0 && (
            <details open>
              <summary>Cannot be placed</summary>
              <ul>
                {report.unplaced.map((u) => (
                  <li key={u.index}>
                    #{u.index + 1}: {u.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

'use client';
// Streams the export and counts what has arrived, so a large set shows its progress.
import { useState } from 'react';

type Props = { documents: { slug: string; title: string }[]; analysts: { id: string; name: string }[] };

/** What ends (CSV, JSONL) or starts (W3C item) each record in the stream; CSV's header ends with one too. */
const MARKERS: Record<string, { marker: string; extra: number }> = {
  w3c: { marker: '\n{"id":', extra: 0 },
  csv: { marker: '\r\n', extra: 1 },
  jsonl: { marker: '\n', extra: 0 },
};

export function ExportForm({ documents, analysts }: Props) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(form: FormData) {
    const query = new URLSearchParams([...form].filter(([, v]) => v !== '') as [string, string][]);
    const format = String(form.get('format'));
    setError(null);
    const response = await fetch(`/api/export?${query}`);
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => null);
      setError(body?.error?.message ?? `Export failed (${response.status})`);
      return;
    }
    const total = Number(response.headers.get('X-Total-Count') ?? 0);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const { marker, extra } = MARKERS[format];
    let text = '';
    let markers = 0;
    let searchFrom = 0; // only the new text is searched, reaching back far enough for a split marker
    setProgress({ done: 0, total });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += chunk.value;
      for (let at = text.indexOf(marker, searchFrom); at >= 0; at = text.indexOf(marker, at + marker.length)) {
        markers++;
        searchFrom = at + marker.length;
      }
      searchFrom = Math.max(searchFrom, text.length - marker.length + 1);
      setProgress({ done: Math.max(0, markers - extra), total });
    }
    setProgress({ done: total, total });
    const name = fileNameOf(response.headers.get('Content-Disposition')) ?? `assay.${format}`;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: response.headers.get('Content-Type') ?? 'text/plain' }));
    link.download = name;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  return (
    <form action={run} className="stack export-form">
      <div className="row">
        <label>
          Format
          <select name="format" defaultValue="w3c">
            <option value="w3c">W3C Web Annotation (JSON-LD)</option>
            <option value="csv">CSV</option>
            <option value="jsonl">JSONL</option>
          </select>
        </label>
        <label>
          Document
          <select name="document" defaultValue="">
            <option value="">All documents</option>
            {documents.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          Analyst
          <select name="analyst" defaultValue="">
            <option value="">All analysts</option>
            {analysts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select name="kind" defaultValue="">
            <option value="">All kinds</option>
            <option value="CLAIM">Claims</option>
            <option value="FORECAST">Forecasts</option>
            <option value="FACT">Facts</option>
          </select>
        </label>
        <label>
          Created from
          <input type="date" name="from" />
        </label>
        <label>
          to
          <input type="date" name="to" />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="primary">
          Export
        </button>
        {progress && (
          <span role="status">
            {progress.done} of {progress.total} annotations
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The file name a `Content-Disposition` header gives, as the server writes it (lib/http attachment,
 * RFC 6266): `filename*=UTF-8''…` when the name needs encoding, else `filename=` quoted or bare.
 */
function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*=UTF-8''([^;\s]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"|filename=([^;\s]+)/i.exec(header)?.slice(1).find(Boolean) ?? null;
}

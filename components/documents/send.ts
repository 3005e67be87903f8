// Sending a document (add or revise) from the browser: JSON for pasted text and web addresses, a
// multipart upload for files, through XMLHttpRequest so the upload can report its progress.
// Pure browser code, no server modules.

export type Source =
  | { kind: 'paste'; format: 'text' | 'markdown' | 'html'; content: string }
  | { kind: 'file'; file: File }
  | { kind: 'url'; url: string };

export type Fields = { title: string; byline: string; publishedAt: string; sourceUrl: string };

export type Answer = { ok: true; status: number; body: unknown } | { ok: false; status: number; message: string; fields?: Record<string, string> };

export function sendDocument(url: string, source: Source, fields: Fields, onProgress: (phase: 'uploading' | 'converting', share: number) => void): Promise<Answer> {
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress('uploading', event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress('converting', 1);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true, status: xhr.status, body });
      const error = (body as { error?: { message?: string; fields?: Record<string, string> } } | null)?.error;
      resolve({ ok: false, status: xhr.status, message: error?.message ?? `The server answered ${xhr.status}`, fields: error?.fields });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, message: 'The server could not be reached' });
    if (source.kind === 'file') {
      const form = new FormData();
      form.append('file', source.file);
      for (const [name, value] of Object.entries(given)) form.append(name, value);
      xhr.send(form);
    } else {
      xhr.setRequestHeader('Content-Type', 'application/json');
      const body = source.kind === 'paste' ? { format: source.format, content: source.content, ...given } : { url: source.url, ...given };
      onProgress('converting', 1);
      xhr.send(JSON.stringify(body));
    }
  });
}

'use client';
import { useState } from 'react';
import { createTokenAction, revokeTokenAction } from '@/app/(app)/settings/actions';
import type { TokenView } from '@/lib/tokens/schemas';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function TokenManager({ tokens }: { tokens: TokenView[] }) {
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(form: FormData) {
    const result = await createTokenAction(String(form.get('name') ?? ''));
    if (result.ok) {
      setFresh(result.value.token);
      setError(null);
    } else {
      setError(result.error.fields?.name ?? result.error.message);
    }
  }

  async function revoke(id: string) {
    const result = await revokeTokenAction(id);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <div className="stack">
      <form action={create} className="row">
        <label>
          Token name
          <input name="name" placeholder="e.g. notebook on my laptop" required />
        </label>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {fresh && (
        <p className="fresh-token" role="status">
          Copy it now, it will not be shown again: <code data-testid="new-token">{fresh}</code>
        </p>
      )}
      <table className="library">
        <thead>
          <tr>
            <th>Name</th>
            <th>Token</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{when(t.createdAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button type="button" className="link danger" onClick={() => revoke(t.id)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { headers } from 'next/headers';
import { pageActor } from '@/lib/auth';
import { listSecurityEvents } from '@/lib/security/log';
import { listInvitations, listSignupDomains, signUpIsOpen } from '@/lib/users/invitations';
import { addDomainAction, inviteAction, removeDomainAction, revokeInvitationAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ invited?: string }> }) {
  const actor = await pageActor();
  const [invitations, domains, events] = await Promise.all([listInvitations(actor), listSignupDomains(actor), listSecurityEvents(actor, { limit: 200 })]);
  const { invited } = await searchParams;
  const host = (await headers()).get('host');
  const base = process.env.NEXTAUTH_URL ?? `http://${host}`;
  return (
    <main className="page">
      <h1>Access and security</h1>
      <p className="hint">
        {signUpIsOpen() ? 'Sign-up is open (ASSAY_SIGNUP=open).' : 'Sign-up is closed: people join by invitation, or by an allowed email domain.'}
      </p>

      <h2>Invitations</h2>
      {typeof invited === 'string' && (
        <p role="status">
          Invitation link (shown once): <code>{new URL(`/signup?invitation=${invited}`, base).toString()}</code>
        </p>
      )}
      <form action={inviteAction} className="stack">
        <label>
          Role
          <select name="role" defaultValue="ANALYST">
            <option value="ANALYST">Analyst</option>
            <option value="VIEWER">Viewer</option>
            <option value="ADMIN">Admin</option>
          </select>
        </label>
        <label>
          Email (optional: only this address may use it)
          <input name="email" type="email" />
        </label>
        <label>
          Valid for (days)
          <input name="days" type="number" min={1} max={90} defaultValue={7} />
        </label>
        <button type="submit">Create invitation</button>
      </form>
      <table className="library">
        <thead>
          <tr>
            <th>Role</th>
            <th>Email</th>
            <th>Expires</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.id}>
              <td>{i.role}</td>
              <td>{i.email ?? 'anyone'}</td>
              <td>{i.expiresAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{i.status}</td>
              <td>
                {i.status === 'open' && (
                  <form action={revokeInvitationAction}>
                    <input type="hidden" name="id" value={i.id} />
                    <button type="submit">Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Email domains allowed to sign up</h2>
      <ul>
        {domains.map((domain) => (
          <li key={domain}>
            <form action={removeDomainAction}>
              {domain} <input type="hidden" name="domain" value={domain} />
              <button type="submit">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form action={addDomainAction}>
        <label>
          Domain <input name="domain" placeholder="example.org" required />
        </label>
        <button type="submit">Allow</button>
      </form>

      <h2>Security log</h2>
      <table className="library">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Who</th>
            <th>Email</th>
            <th>Address</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
              <td>{e.type}</td>
              <td>{e.actor?.name ?? ''}</td>
              <td>{e.email ?? ''}</td>
              <td>{e.ip ?? ''}</td>
              <td>
                <code>{JSON.stringify(e.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

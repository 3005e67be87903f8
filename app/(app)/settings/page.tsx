import { pageActor } from '@/lib/auth';
import { listTokens } from '@/lib/tokens/service';
import { TokenManager } from '@/components/settings/TokenManager';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const tokens = await listTokens(await pageActor());
  return (
    <main className="page">
      <h1>Settings</h1>
      <h2>Personal API tokens</h2>
      <p className="hint">
        Send <code>Authorization: Bearer &lt;token&gt;</code> to any <code>/api</code> route to act as yourself from a script.
      </p>
      <TokenManager tokens={tokens} />
    </main>
  );
}

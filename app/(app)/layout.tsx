import Link from 'next/link';
import { pageActor } from '@/lib/auth';
import { SignOutButton } from '@/components/ui/SignOutButton';
import { SkipLink } from '@/components/ui/SkipLink';
import { ThemeSwitch } from '@/components/ui/ThemeSwitch';
import { SearchBox } from '@/components/documents/SearchBox';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await pageActor();
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <Link href="/" className="brand">
          Assay
        </Link>
        <nav aria-label="Main">
          <Link href="/">Library</Link>
          <Link href="/forecasts">Forecasts</Link>
          <Link href="/leaderboard">Leaderboard</Link>
          <Link href="/disagreements">Disagreements</Link>
          <Link href="/export">Export</Link>
          <Link href="/settings">Settings</Link>
          {actor.role === 'ADMIN' && <Link href="/admin/users">Users</Link>}
          {actor.role === 'ADMIN' && <Link href="/admin/security">Security</Link>}
        </nav>
        <SearchBox />
        <span className="who" data-testid="current-user">
          {actor.name} <span className="role">{actor.role.toLowerCase()}</span>
        </span>
        <ThemeSwitch />
        <SignOutButton />
      </header>
      {children}
    </>
  );
}

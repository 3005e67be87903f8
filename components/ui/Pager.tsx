// Previous / next links under a paged list (library, search, forecast board, leaderboard); nothing
// when everything fits on one page. `href(n)` is page n's address with the list's other settings.
import Link from 'next/link';

export function Pager({ page, pages, href, total }: { page: number; pages: number; href: (page: number) => string; total?: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 && <Link href={href(page - 1)}>← Previous</Link>}
      <span>
        Page {page} of {pages}
        {total ? ` (${total})` : ''}
      </span>
      {page < pages && <Link href={href(page + 1)}>Next →</Link>}
    </nav>
  );
}

'use client';
// The header's search box: `/` anywhere (but in a field) focuses it; Enter opens /search?q=.
import { useEffect, useRef } from 'react';

export function SearchBox({ initial = '' }: { initial?: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <form action="/search" method="get" role="search" className="search-box">
      <input ref={input} type="search" name="q" defaultValue={initial} placeholder="Search  /" aria-label="Search" maxLength={1000} />
    </form>
  );
}

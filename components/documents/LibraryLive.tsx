'use client';
// Keeps the library current: when a document is added, revised, archived or restored anywhere, the
// page re-reads the library (the server decides what this reader sees).
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function LibraryLive() {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource('/api/library/events');
    let timer: number | undefined;
    source.addEventListener('document', () => {
      // Several at once (a bulk import) refresh once.
      window.clearTimeout(timer);
      timer = window.setTimeout(() => router.refresh(), 150);
    });
    return () => {
      window.clearTimeout(timer);
      source.close();
    };
  }, [router]);
  return null;
}

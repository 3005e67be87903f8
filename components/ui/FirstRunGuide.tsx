'use client';
// The library's short guide for someone new: how to highlight, the three kinds, blind mode, where
// comparison lives. Dismissed once per user in this browser (localStorage, keyed by user id).
import { useEffect, useRef, useState } from 'react';
import Link from 'next/link';

const key = (userId: string) => `assay-guide-dismissed:${userId}`;

export function FirstRunGuide({ userId, canWrite }: { userId: string; canWrite: boolean }) {
  // Shown only after mounting: the server cannot know whether it was dismissed here.
  const [shown, setShown] = useState(false);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => setShown(localStorage.getItem(key(userId)) === null), [userId]);
  if (!shown) return null;
  const dismiss = () => {
    localStorage.setItem(key(userId), new Date().toISOString());
    setShown(false);
    document.querySelector<HTMLElement>('main h1')?.focus();
  };
  return (
    <section className="guide" aria-labelledby="guide-title" ref={ref}>
      <h2 id="guide-title">Getting started</h2>
      <ul>
        {canWrite ? (
          <li>
            Open a document below and <strong>select a passage</strong> with the mouse, or click into the text and use Shift and the
            arrow keys. Selections widen to whole words (hold Alt for exact characters).
          </li>
        ) : (
          <li>You are a viewer: you read everyone’s annotations, but do not add your own.</li>
        )}
        <li>
          Tag it as one of three kinds: <strong>claim</strong> (<kbd>1</kbd>, who says it and how credible), <strong>forecast</strong> (
          <kbd>2</kbd>, a checkable statement with a probability) or <strong>fact</strong> (<kbd>3</kbd>, verified or not). Claims are
          underlined solid, forecasts dashed, facts dotted.
        </li>
        <li>
          In <strong>blind mode</strong> (shown above the text) you see only your own annotations until you press <em>Mark my reading
          done</em>; then everyone’s appear.
        </li>
        <li>
          <strong>Compare analysts</strong> is above each document’s text, and <Link href="/compare">over the whole corpus</Link>;
          forecasts meet on the <Link href="/forecasts">forecast board</Link>.
        </li>
        <li>
          In the reader, <kbd>j</kbd> / <kbd>k</kbd> move between highlights and <kbd>?</kbd> lists every key.
        </li>
      </ul>
      <button type="button" onClick={dismiss}>
        Got it, hide this guide
      </button>
    </section>
  );
}

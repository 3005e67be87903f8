'use client';
// Keeps the forecast board current: follows GET /api/forecasts/events and, when a question is
// clarified or re-opened, says so and reloads the board's data.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

type Announcement = { type: 'clarification' | 'reopened'; questionId: string; statement: string; text?: string };

export function LiveBoard() {
  const router = useRouter();
  const [last, setLast] = useState<Announcement | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/forecasts/events');
    // The server answers once it is listening, so from `open` on no announcement is missed.
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    const on = (event: MessageEvent) => {
      setLast(JSON.parse(event.data) as Announcement);
      router.refresh();
    };
    source.addEventListener('clarification', on);
    source.addEventListener('reopened', on);
    return () => source.close();
  }, [router]);
  if (!last) return <p className="live-note" role="status" aria-live="polite" data-live={live ? 'on' : 'off'} />;
  return (
    <p className="live-note" role="status" aria-live="polite" data-live={live ? 'on' : 'off'}>
      {last.type === 'clarification' ? `Clarified — “${last.statement}”: ${last.text ?? ''}` : `Re-opened — “${last.statement}”`}
    </p>
  );
}

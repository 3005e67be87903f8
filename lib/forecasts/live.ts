// Forecast questions live: clarifications and re-openings are announced by the database (a trigger
// NOTIFYs `assay_forecast_events` in the transaction that writes them, see the migration
// 20261128100000_forecast_lifecycle), each app instance LISTENs on one connection and passes them to
// the open forecast boards (GET /api/forecasts/events, Server-Sent Events). A separate channel from
// the documents' streams because the board is not a document page; what each reader receives is
// decided by the board's own read (getQuestion), so blind mode applies unchanged. Missed
// announcements are not replayed: a board that reconnects reloads its questions.
import 'server-only';
import { type Actor, requireActor } from '@/lib/actor';
import { listenOn } from '@/lib/realtime/listen';
import { getQuestion } from './board';

export const FORECAST_CHANNEL = 'assay_forecast_events';

export type ForecastAnnouncement = {
  type: 'clarification' | 'reopened';
  questionId: string;
  statement: string;
  /** The clarification's text, for `clarification`. */
  text?: string;
};

type Listener = (notice: { type: ForecastAnnouncement['type']; id: string; questionId: string }) => void;
// One set of listeners per process, also across Next's dev-mode module reloads.
const listeners: Set<Listener> = ((globalThis as { assayForecastListeners?: Set<Listener> }).assayForecastListeners ??= new Set());

// The LISTEN connection (lib/realtime/listen.ts), remade by itself when lost.
const connection = listenOn('forecasts', {
  channels: [FORECAST_CHANNEL],
  onNotification: (message) => {
    if (!message.payload) return;
    try {
      const notice = JSON.parse(message.payload) as { type: ForecastAnnouncement['type']; id: number; questionId: string };
      for (const listener of listeners) listener({ type: notice.type, id: String(notice.id), questionId: notice.questionId });
    } catch (error) {
      console.error('Forecast announcement not delivered:', error);
    }
  },
});

/** Follows every question `actor` may see: each clarification or re-opening as it commits. */
export async function followForecasts(actor: Actor | null, listener: (announcement: ForecastAnnouncement) => void): Promise<() => void> {
  const user = requireActor(actor);
  await connection.open();
  let delivered = Promise.resolve();
  const own: Listener = (notice) => {
    delivered = delivered.then(async () => {
      // The board's own read decides what this reader may see of the question.
      const question = await getQuestion(user, notice.questionId).catch(() => null);
      if (!question) return;
      const text = notice.type === 'clarification' ? question.clarifications.find((c) => c.id === notice.id)?.text : undefined;
      listener({ type: notice.type, questionId: question.id, statement: question.statement, ...(text ? { text } : {}) });
    });
  };
  listeners.add(own);
  return () => {
    listeners.delete(own);
  };
}

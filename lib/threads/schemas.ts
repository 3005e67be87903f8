// What a reply is, shared by the thread form (browser) and the service (server). Prisma-free so it
// can ship to the browser.
import '@/lib/zod-csp';
import { z } from 'zod';

export const REPLY_MAX = 10_000;

export const replySchema = z.strictObject({
  body: z
    .string('The reply is text')
    .trim()
    .min(1, 'Write something first')
    .max(REPLY_MAX, `At most ${REPLY_MAX} characters`),
});

export type ReplyInput = z.input<typeof replySchema>;

/** A reply as the API, the thread and the history see it. */
export type ReplyView = {
  id: string;
  annotationId: string;
  author: { id: string; name: string };
  body: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

// The security log: what an institution's IT asks for after an incident. Sign-ins (success and
// failure), sign-outs, lockouts, invitations, role changes, API tokens created and revoked. Append-only.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { type Actor, requireAdmin } from '@/lib/actor';
import { invalid } from '@/lib/errors';

export const SECURITY_EVENTS = [
  'sign-in',
  'sign-in-failed',
  'sign-out',
  'lockout',
  'sign-up',
  'invitation-created',
  'invitation-revoked',
  'invitation-accepted',
  'signup-domain-added',
  'signup-domain-removed',
  'role-changed',
  'token-created',
  'token-revoked',
] as const;
export type SecurityEventType = (typeof SECURITY_EVENTS)[number];

export type SecurityEventView = {
  id: string;
  at: string;
  type: string;
  actor: { id: string; name: string; email: string } | null;
  email: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
};

/** Records one event; a failure to log never fails what it logs (it is reported instead). */
export async function logSecurity(
  type: SecurityEventType,
  entry: { actorId?: string | null; email?: string | null; ip?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await prisma.securityEvent
    .create({ data: { type, actorId: entry.actorId ?? null, email: entry.email ?? null, ip: entry.ip ?? null, detail: (entry.detail ?? {}) as object } })
    .catch((error) => console.error('Security event not logged:', type, error));
}

/** `?type=&limit=` as the API gives them (text) or a page does (a number); blank means absent. */
const listOptionsSchema = z.object({
  type: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SECURITY_EVENTS, `type is one of ${SECURITY_EVENTS.join(', ')}`).optional()),
  limit: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' && /^\s*-?\d+(\.\d*)?\s*$/.test(v) ? Number(v) : v),
    z.number('limit is a number').int('limit is a whole number').min(1, 'limit is 1–1000').max(1000, 'limit is 1–1000').default(200),
  ),
});

/**
 * The newest events first, admins only. A type or limit it cannot apply is a 400 naming it: an
 * unknown type used to answer every event, as if the filter had been applied.
 */
export async function listSecurityEvents(actor: Actor | null, options: { limit?: unknown; type?: unknown } = {}): Promise<SecurityEventView[]> {
  requireAdmin(actor);
  const parsed = listOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { type, limit } = parsed.data;
  const rows = await prisma.securityEvent.findMany({
    where: type ? { type } : {},
    orderBy: { id: 'desc' },
    take: limit,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actor,
    email: row.email,
    ip: row.ip,
    detail: row.detail as Record<string, unknown>,
  }));
}

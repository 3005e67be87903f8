// The security log: what an institution's IT asks for after an incident. Sign-ins (success and
// failure), lockouts, invitations, role changes, API tokens created and revoked. Append-only.
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireAdmin } from '@/lib/actor';

export const SECURITY_EVENTS = [
  'sign-in',
  'sign-in-failed',
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

/** The newest events first, admins only. */
export async function listSecurityEvents(actor: Actor | null, options: { limit?: number; type?: string } = {}): Promise<SecurityEventView[]> {
  requireAdmin(actor);
  const rows = await prisma.securityEvent.findMany({
    where: options.type && (SECURITY_EVENTS as readonly string[]).includes(options.type) ? { type: options.type } : {},
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(options.limit ?? 200, 1), 1000),
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

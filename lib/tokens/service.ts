// Personal API tokens: created (shown once), listed, revoked by their owner; and the lookup that
// turns `Authorization: Bearer <token>` into the acting user.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { logSecurity } from '@/lib/security/log';
import { AppError, invalid } from '@/lib/errors';
import { cachedActor, cachedToken, invalidate } from '@/lib/users/actors';
import { findActor } from '@/lib/users/service';
import { tokenNameSchema, type TokenView } from './schemas';

const PREFIX = 'assay_';
/** Recording every use would turn each API read into a write; once a minute is enough to show. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const view = (t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): TokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Returns the token itself once; only its hash is stored. */
export async function createToken(actor: Actor | null, input: unknown): Promise<{ token: string; view: TokenView }> {
  const user = requireActor(actor);
  const parsed = tokenNameSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await prisma.apiToken.create({
    data: { userId: user.id, name: parsed.data.name, prefix: token.slice(0, PREFIX.length + 6), hash: hashOf(token) },
  });
  await logSecurity('token-created', { actorId: user.id, email: user.email, detail: { tokenId: row.id, name: row.name } });
  return { token, view: view(row) };
}

export async function listTokens(actor: Actor | null): Promise<TokenView[]> {
  const user = requireActor(actor);
  const rows = await prisma.apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'desc' } });
  return rows.map(view);
}

export async function revokeToken(actor: Actor | null, id: string): Promise<TokenView> {
  const user = requireActor(actor);
  const row = z.uuid().safeParse(id).success ? await prisma.apiToken.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError('NOT_FOUND', 'No such token');
  if (row.userId !== user.id) throw new AppError('FORBIDDEN', 'Only its owner can revoke a token');
  if (row.revokedAt) return view(row);
  const revoked = await prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  // Every instance hears of it from the database (lib/users/actors.ts); this one forgets it now.
  invalidate(`token:${row.hash}`);
  await logSecurity('token-revoked', { actorId: user.id, email: user.email, detail: { tokenId: id, name: row.name } });
  return view(revoked);
}

/**
 * The user a bearer token acts for, or null when it is unknown or revoked. Tokens and actors come
 * from the per-instance cache that revocations and role changes empty (lib/users/actors.ts).
 */
export async function actorFromToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(PREFIX)) return null;
  const hash = hashOf(token);
  const entry = await cachedToken(hash, async (key) => {
    const row = await prisma.apiToken.findUnique({ where: { hash: key }, select: { id: true, userId: true, lastUsedAt: true, revokedAt: true } });
    return row && !row.revokedAt ? { id: row.id, userId: row.userId, lastUsedAt: row.lastUsedAt?.getTime() ?? null } : undefined;
  });
  if (!entry) return null;
  const actor = await cachedActor(entry.userId, findActor);
  if (actor && (entry.lastUsedAt === null || Date.now() - entry.lastUsedAt > LAST_USED_RESOLUTION_MS)) {
    entry.lastUsedAt = Date.now();
    await prisma.apiToken.update({ where: { id: entry.id }, data: { lastUsedAt: new Date(entry.lastUsedAt) }, select: { id: true } });
  }
  return actor;
}


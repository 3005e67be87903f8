// Accounts: sign-up, credential checks, roles. The first account ever created becomes ADMIN.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { prisma } from '@/lib/db';
import { type Actor, type Role, requireActor, requireAdmin } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { ROLES } from '@/lib/roles';
import { logSecurity } from '@/lib/security/log';
import { recordFailure, retryAfter } from './limits';
import { invalidate } from './actors';
import { MAX_PASSWORD_LENGTH, roleSchema, signUpSchema, type SignUpInput } from './schemas';

// Algorithm.Argon2id; the package declares it as a const enum, which isolatedModules cannot read.
const HASH_OPTIONS = { algorithm: 2 } as const;

export type PublicUser = { id: string; email: string; name: string; role: Role; createdAt: Date };

const publicFields = { id: true, email: true, name: true, role: true, createdAt: true } as const;

/**
 * Creates an account. Without an explicit role the first account becomes ADMIN and later ones
 * ANALYST; an advisory lock makes "first" hold when two sign-ups race on an empty database.
 */
export async function createUser(input: SignUpInput, role?: Role): Promise<PublicUser> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { email, name, password } = parsed.data;
  const passwordHash = await hash(password, HASH_OPTIONS);

  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('assay.create-user'))`;
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        fields: { email: 'Already registered' },
      });
    }
    const firstAccount = (await tx.user.count()) === 0;
    return tx.user.create({
      data: { email, name, passwordHash, role: role ?? (firstAccount ? 'ADMIN' : 'ANALYST') },
      select: publicFields,
    });
  });
}

// Unknown emails are checked against this hash, so they cost what known ones do (no enumeration by timing).
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash(randomBytes(32).toString('base64url'), HASH_OPTIONS));

/** Returns the user when email and password match, else null (never says which was wrong). Logs nothing: see signIn. */
export async function verifyCredentials(email: string, password: string): Promise<PublicUser | null> {
  // No account has a longer one, so it is wrong without hashing it (a sign-in may carry megabytes:
  // hashing 20 MB took 1.2 s of the server). Before the lookup, so it tells nothing of the account.
  if (password.length > MAX_PASSWORD_LENGTH) return null;
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    await verify(await dummy(), password).catch(() => false);
    return null;
  }
  if (!(await verify(user.passwordHash, password).catch(() => false))) return null;
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}

/**
 * A sign-in attempt from `address`: refused (429 with the seconds to wait) while the account or
 * the address is locked out by failures (lib/users/limits.ts), else the user or null. Every
 * outcome goes to the security log.
 */
export async function signIn(email: string, password: string, address: string | null): Promise<PublicUser | null> {
  const normal = email.trim().toLowerCase();
  const wait = await retryAfter(normal, address);
  if (wait > 0) {
    await logSecurity('sign-in-failed', { email: normal, ip: address, detail: { reason: 'locked out' } });
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins; try again later', { detail: { retryAfter: wait } });
  }
  const user = await verifyCredentials(normal, password);
  if (user) {
    await logSecurity('sign-in', { actorId: user.id, email: normal, ip: address });
    return user;
  }
  const { locked } = await recordFailure(normal, address);
  await logSecurity('sign-in-failed', { email: normal, ip: address, detail: { reason: 'wrong email or password' } });
  if (locked) await logSecurity('lockout', { email: normal, ip: address, detail: { by: locked } });
  return null;
}

export async function findActor(id: string): Promise<Actor | null> {
  return prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
}

export async function listUsers(actor: Actor | null): Promise<PublicUser[]> {
  requireAdmin(actor);
  return prisma.user.findMany({ select: publicFields, orderBy: { createdAt: 'asc' } });
}

/** Admin-only; an admin cannot demote themselves, so the app always keeps one admin. */
export async function setRole(actor: Actor | null, userId: string, role: string): Promise<PublicUser> {
  const admin = requireAdmin(actor);
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ ...i, path: ['role'] })));
  if (userId === admin.id && parsed.data !== 'ADMIN') {
    throw new AppError('INVALID', 'You cannot remove your own admin role', { fields: { role: 'Own role' } });
  }
  const found = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!found) throw new AppError('NOT_FOUND', 'No such user');
  const updated = await prisma.user.update({ where: { id: userId }, data: { role: parsed.data }, select: publicFields });
  // Every instance hears of it from the database (lib/users/actors.ts); this one forgets it now.
  invalidate(`user:${userId}`);
  await logSecurity('role-changed', { actorId: admin.id, email: updated.email, detail: { userId, role: updated.role } });
  return updated;
}

/** For operators at the shell (`npm run user`): no acting user, they own the machine. */
export async function setRoleByEmail(email: string, role: string): Promise<PublicUser> {
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) throw new AppError('INVALID', `Role must be one of ${ROLES.join(', ')}`);
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError('NOT_FOUND', `No user with email ${email}`);
  const updated = await prisma.user.update({ where: { id: user.id }, data: { role: parsed.data }, select: publicFields });
  invalidate(`user:${user.id}`);
  await logSecurity('role-changed', { email: updated.email, detail: { userId: user.id, role: updated.role, by: 'shell' } });
  return updated;
}

export async function listAllUsers(): Promise<PublicUser[]> {
  return prisma.user.findMany({ select: publicFields, orderBy: { createdAt: 'asc' } });
}

/** Demo accounts present in this database (none unless demo mode seeded them). */
export async function existingDemoAccounts(): Promise<{ email: string; name: string; role: Role }[]> {
  const { DEMO_ACCOUNTS } = await import('./demo');
  return prisma.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
    select: { email: true, name: true, role: true },
    orderBy: { email: 'asc' },
  });
}

/** The people whose annotations exist, for pickers (export, filters). */
export async function listAnnotators(actor: Actor | null): Promise<{ id: string; name: string }[]> {
  requireActor(actor);
  return prisma.user.findMany({
    where: { annotations: { some: { deletedAt: null } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
}

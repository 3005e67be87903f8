// Who may sign up. Outside demo mode sign-up is closed (ARCHITECTURE.md, Rules): the first admin is
// made at the shell (`npm run user -- create … --role ADMIN`), then admins invite people (a link
// with a role and an expiry, revocable, used once) or allow sign-up for listed email domains.
// `ASSAY_SIGNUP=open` (set by `npm start` in demo mode and by the e2e stack) keeps the old open
// sign-up, where the first account becomes ADMIN.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { type Actor, requireAdmin } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { ROLES } from '@/lib/roles';
import { logSecurity } from '@/lib/security/log';
import { type PublicUser, createUser } from './service';
import { emailSchema, signUpSchema } from './schemas';

export const signUpIsOpen = () => process.env.ASSAY_SIGNUP === 'open';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export type InvitationView = {
  id: string;
  email: string | null;
  role: (typeof ROLES)[number];
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
  acceptedAt: string | null;
  status: 'open' | 'expired' | 'revoked' | 'accepted';
};

type InvitationRow = Awaited<ReturnType<typeof prisma.invitation.findFirstOrThrow>>;
const view = (row: InvitationRow): InvitationView => ({
  id: row.id,
  email: row.email,
  role: row.role,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
  status: row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= Date.now() ? 'expired' : 'open',
});

export const invitationSchema = z.strictObject({
  role: z.enum(ROLES).default('ANALYST'),
  // Left out (or empty, as a form sends it) for an open invitation; null is refused like any other
  // non-address, so that a script's missing value never opens an invitation to anyone by accident.
  email: z.preprocess((v) => (v === '' ? undefined : v), z.string('email is an address, or left out for an open invitation').pipe(emailSchema).optional()),
  days: z.coerce.number().int().min(1).max(90).default(7),
});

/** A new invitation; the token (in `path`) is shown this once and stored hashed. */
export async function createInvitation(actor: Actor | null, input: unknown): Promise<{ token: string; path: string; invitation: InvitationView }> {
  const admin = requireAdmin(actor);
  const parsed = invitationSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const token = randomBytes(24).toString('base64url');
  const row = await prisma.invitation.create({
    data: {
      tokenHash: hashOf(token),
      email: parsed.data.email ?? null,
      role: parsed.data.role,
      expiresAt: new Date(Date.now() + parsed.data.days * 86_400_000),
      createdById: admin.id,
    },
  });
  await logSecurity('invitation-created', { actorId: admin.id, email: row.email, detail: { invitationId: row.id, role: row.role, expiresAt: row.expiresAt } });
  return { token, path: `/signup?invitation=${token}`, invitation: view(row) };
}

export async function listInvitations(actor: Actor | null): Promise<InvitationView[]> {
  requireAdmin(actor);
  return (await prisma.invitation.findMany({ orderBy: { createdAt: 'desc' }, take: 500 })).map(view);
}

export async function revokeInvitation(actor: Actor | null, id: string): Promise<InvitationView> {
  const admin = requireAdmin(actor);
  const row = z.uuid().safeParse(id).success ? await prisma.invitation.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError('NOT_FOUND', 'No such invitation');
  if (row.revokedAt || row.acceptedAt) return view(row);
  const revoked = await prisma.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
  await logSecurity('invitation-revoked', { actorId: admin.id, email: row.email, detail: { invitationId: id } });
  return view(revoked);
}

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'A domain such as example.org');

export async function listSignupDomains(actor: Actor | null): Promise<string[]> {
  requireAdmin(actor);
  return (await prisma.signupDomain.findMany({ orderBy: { domain: 'asc' } })).map((d) => d.domain);
}

export async function addSignupDomain(actor: Actor | null, input: unknown): Promise<string[]> {
  const admin = requireAdmin(actor);
  const parsed = z.strictObject({ domain: domainSchema }).safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await prisma.signupDomain.upsert({ where: { domain: parsed.data.domain }, create: { domain: parsed.data.domain }, update: {} });
  await logSecurity('signup-domain-added', { actorId: admin.id, detail: { domain: parsed.data.domain } });
  return listSignupDomains(admin);
}

export async function removeSignupDomain(actor: Actor | null, domain: string): Promise<string[]> {
  const admin = requireAdmin(actor);
  const { count } = await prisma.signupDomain.deleteMany({ where: { domain: domain.trim().toLowerCase() } });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such domain');
  await logSecurity('signup-domain-removed', { actorId: admin.id, detail: { domain } });
  return listSignupDomains(admin);
}

/**
 * Whether a new account for `email` that comes without an invitation link (single sign-on) may be
 * made, and with which role: open sign-up, an open invitation naming that email (claimed now, so
 * used once), or an allowed email domain (ANALYST). Null when none applies.
 */
export async function admissionFor(email: string): Promise<{ role?: (typeof ROLES)[number]; via: string; invitationId?: string } | null> {
  if (signUpIsOpen()) return { via: 'open sign-up' };
  const invitation = await prisma.invitation.findFirst({
    where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'asc' },
  });
  if (invitation) {
    const { count } = await prisma.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (count === 1) return { role: invitation.role, via: 'invitation', invitationId: invitation.id };
  }
  const domain = email.split('@').at(-1)!;
  if (await prisma.signupDomain.findUnique({ where: { domain } })) return { role: 'ANALYST', via: `allowed domain ${domain}` };
  return null;
}

/** Records who accepted an invitation claimed by admissionFor. */
export async function invitationAccepted(invitationId: string, user: PublicUser): Promise<void> {
  await prisma.invitation.update({ where: { id: invitationId }, data: { acceptedById: user.id } });
  await logSecurity('invitation-accepted', { actorId: user.id, email: user.email, detail: { invitationId, role: user.role } });
}

/**
 * Public sign-up (the sign-up page and `POST /api/users`): `{ email, name, password, invitation? }`.
 * Open mode: as before. Otherwise an invitation (its role; its email, when it names one) or an
 * allowed email domain (ANALYST) is needed; anything else is a 403 saying what to do.
 */
export async function signUp(input: unknown): Promise<PublicUser> {
  const parsed = signUpSchema.extend({ invitation: z.string().max(200).optional() }).safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { invitation: token, ...account } = parsed.data;
  if (signUpIsOpen() && !token) {
    const user = await createUser(account);
    await logSecurity('sign-up', { actorId: user.id, email: user.email, detail: { via: 'open sign-up', role: user.role } });
    return user;
  }
  if (token) {
    const found = await prisma.invitation.findUnique({ where: { tokenHash: hashOf(token) } });
    if (!found || view(found).status !== 'open') {
      throw new AppError('FORBIDDEN', 'This invitation is not valid (expired, revoked or used); ask an admin for a new one', { fields: { invitation: 'Not valid' } });
    }
    if (found.email && found.email !== account.email) {
      throw new AppError('FORBIDDEN', 'This invitation is for another email address', { fields: { email: 'Not the invited address' } });
    }
    // Claim it first (once only: the condition makes two racing sign-ups leave one winner).
    const { count } = await prisma.invitation.updateMany({ where: { id: found.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (count === 0) throw new AppError('FORBIDDEN', 'This invitation was just used', { fields: { invitation: 'Used' } });
    try {
      const user = await createUser(account, found.role);
      await prisma.invitation.update({ where: { id: found.id }, data: { acceptedById: user.id } });
      await logSecurity('invitation-accepted', { actorId: user.id, email: user.email, detail: { invitationId: found.id, role: user.role } });
      return user;
    } catch (error) {
      await prisma.invitation.update({ where: { id: found.id }, data: { acceptedAt: null } });
      throw error;
    }
  }
  const domain = account.email.split('@').at(-1)!;
  if (await prisma.signupDomain.findUnique({ where: { domain } })) {
    const user = await createUser(account, 'ANALYST');
    await logSecurity('sign-up', { actorId: user.id, email: user.email, detail: { via: `allowed domain ${domain}`, role: user.role } });
    return user;
  }
  const empty = (await prisma.user.count()) === 0;
  throw new AppError(
    'FORBIDDEN',
    empty
      ? 'Sign-up is closed. Create the first admin at the shell: npm run user -- create --email … --password … --name … --role ADMIN'
      : 'Sign-up needs an invitation from an admin',
  );
}

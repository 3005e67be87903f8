// Who is acting: every service call takes one. `null` is an anonymous caller.
import { AppError } from './errors';
import type { Role } from './roles';

export type { Role };

export type Actor = { id: string; email: string; name: string; role: Role };

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return actor;
}

/** Writers are analysts and admins; viewers only read. */
export function requireWriter(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (user.role === 'VIEWER') throw new AppError('FORBIDDEN', 'Viewers cannot change annotations');
  return user;
}

export function requireAdmin(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (user.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'Only an admin can do this');
  return user;
}

// Integration tests act as real accounts: `actor('alice')` signs up alice@example.test (the first
// account of a database becomes ADMIN, as in the app) and returns her as the services see her.
import type { Actor } from '@/lib/actor';
import { createUser } from '@/lib/users/service';

export async function actor(name: string, role?: Actor['role']): Promise<Actor> {
  const u = await createUser({ email: `${name}@example.test`, name, password: 'correct horse' }, role);
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

// Accounts for integration tests, written straight to this file's database: no password hashing
// and no first-account-becomes-admin rule. Tests of sign-up and sign-in use lib/users/service.
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '@/lib/actor';
import { prisma } from '@/lib/db';

export async function createActor(role: Role = 'ANALYST', name = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`): Promise<Actor> {
  return prisma.user.create({
    data: { email: `${name}@example.test`, name, role, passwordHash: 'not a hash: this account cannot sign in' },
    select: { id: true, email: true, name: true, role: true },
  });
}

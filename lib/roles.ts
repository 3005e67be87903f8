// The roles, listed once: the `Role` type, the zod enum (lib/users/schemas) and every role picker
// derive from this list; prisma/schema.prisma's enum Role holds the same three (Prisma's types
// would not accept ours otherwise). No dependencies, so client components import it freely.
export const ROLES = ['ADMIN', 'ANALYST', 'VIEWER'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = { ADMIN: 'Admin', ANALYST: 'Analyst', VIEWER: 'Viewer' };

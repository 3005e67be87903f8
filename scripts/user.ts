// Account management from the shell, against the app's database (embedded or DATABASE_URL),
// whether or not the app is running:
//   npm run user -- create --email E --password P [--name N] [--role ADMIN|ANALYST|VIEWER]
//   npm run user -- set-role --email E --role ROLE
//   npm run user -- list
import { parseArgs } from 'node:util';
import { type Role, ROLES } from '@/lib/roles';
import { roleSchema } from '@/lib/users/schemas';
import { ensureDatabase } from './db';
import { applyMigrations } from './migrate';

const USAGE = `usage:
  npm run user -- create --email E --password P [--name N] [--role ${ROLES.join('|')}]
  npm run user -- set-role --email E --role ${ROLES.join('|')}
  npm run user -- list`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  const command = positionals[0];
  if (!['create', 'set-role', 'list'].includes(command ?? '')) throw new Error(USAGE);

  const database = await ensureDatabase();
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  const users = await import('@/lib/users/service');
  const { prisma } = await import('@/lib/db');
  try {
    if (command === 'create') {
      if (!values.email || !values.password) throw new Error(USAGE);
      const role = values.role?.toUpperCase();
      if (role && !roleSchema.safeParse(role).success) throw new Error(`--role is ${ROLES.slice(0, -1).join(', ')} or ${ROLES.at(-1)}`);
      const user = await users.createUser(
        { email: values.email, password: values.password, name: values.name ?? values.email.split('@')[0] },
        role as Role | undefined,
      );
      console.log(`created ${user.email} (${user.role})`);
    } else if (command === 'set-role') {
      if (!values.email || !values.role) throw new Error(USAGE);
      const user = await users.setRoleByEmail(values.email, values.role.toUpperCase());
      console.log(`${user.email} is now ${user.role}`);
    } else {
      for (const u of await users.listAllUsers()) console.log(`${u.role.padEnd(8)} ${u.email}\t${u.name}`);
    }
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
}

main().catch((error) => {
  const fields = (error as { fields?: Record<string, string> }).fields;
  console.error(error instanceof Error ? error.message : error);
  if (fields) for (const [field, message] of Object.entries(fields)) console.error(`  ${field}: ${message}`);
  process.exit(1);
});

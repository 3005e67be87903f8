import { defineConfig } from 'prisma/config';

// The URL is only needed by CLI commands that talk to a database; `prisma generate` works without.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/assay' },
});

// Personal API tokens: what the settings page and lib/tokens/service share. Framework-free, so
// client components may import it.
import '@/lib/zod-csp';
import { z } from 'zod';

/** Creating a token: `{ name }`. */
export const tokenNameSchema = z.strictObject({ name: z.string().trim().min(1, 'Name the token').max(100, 'At most 100 characters') });

/** A token as its owner sees it: never the token itself, which is shown once, on creation. */
export type TokenView = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

// Account input shared by the sign-up form and lib/users/service. Framework-free: client code may import it.
import '@/lib/zod-csp';
import { z } from 'zod';
import { ROLES } from '@/lib/roles';

/**
 * An email address as accounts and invitations store it: trimmed, lower-case, and no longer than
 * an address can be (RFC 5321: 64 characters before the @, 254 in all). A longer one made the
 * unique index on "User".email fail (a 500) rather than being refused.
 */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters')
  .refine((email) => email.lastIndexOf('@') <= 64, 'At most 64 characters before the @')
  .pipe(z.email('Enter a valid email address'));

/** The longest password an account can have (every password is set through signUpSchema). */
export const MAX_PASSWORD_LENGTH = 200;

export const signUpSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter your name').max(100, 'At most 100 characters'),
  password: z.string().min(8, 'At least 8 characters').max(MAX_PASSWORD_LENGTH, `At most ${MAX_PASSWORD_LENGTH} characters`),
});

export type SignUpInput = z.input<typeof signUpSchema>;

export const roleSchema = z.enum(ROLES);

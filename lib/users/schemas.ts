// Account input shared by the sign-up form and lib/users/service. Framework-free: client code may import it.
import '@/lib/zod-csp';
import { z } from 'zod';
import { ROLES } from '@/lib/roles';

export const signUpSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address')),
  name: z.string().trim().min(1, 'Enter your name').max(100, 'At most 100 characters'),
  password: z.string().min(8, 'At least 8 characters').max(200, 'At most 200 characters'),
});

export type SignUpInput = z.input<typeof signUpSchema>;

export const roleSchema = z.enum(ROLES);

// The demo analysts of demo mode (the embedded default). Their passwords are public by design:
// the sign-in page prints them. They are created only by `db:seed --demo` or embedded start.
import type { Role } from '@/lib/roles';

export const DEMO_PASSWORD = 'assay-demo';

export const DEMO_ACCOUNTS = [
  { email: 'alice@demo.assay', name: 'Alice Novak', role: 'ADMIN' },
  { email: 'boris@demo.assay', name: 'Boris Lind', role: 'ANALYST' },
  { email: 'chen@demo.assay', name: 'Chen Wei', role: 'ANALYST' },
] as const satisfies readonly { email: string; name: string; role: Role }[];

// In the browser, zod must not probe for `new Function` (its JIT): under our strict CSP (proxy.ts)
// the probe is reported as a Content-Security-Policy violation even though zod catches it. Every
// schemas module that client components import loads this first. Servers keep the JIT.
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or binary-shipping packages are loaded by Node at run time, not bundled.
  // The document converters (lib/ingest) are Node libraries with optional or dynamic requires; Node
  // loads them as they are.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'unpdf', 'mammoth', 'linkedom', '@mozilla/readability', 'request-filtering-agent', 'sanitize-html'],
  typedRoutes: false,
  // No X-Powered-By. The security headers are set at run time by proxy.ts; static files get these.
  poweredByHeader: false,
  // /api/annotations/ (the Annotation Protocol's container IRI) is served, not redirected: proxy.ts rewrites it.
  skipTrailingSlashRedirect: true,
  experimental: {
    // With a proxy, Next.js buffers request bodies up to this size (10 MB by default, silently
    // truncating beyond): imports and documents take up to 20 MiB (lib/import, lib/ingest), checked
    // exactly by readJson/readForm, which allow a document's JSON escapes up to 22 MiB.
    proxyClientMaxBodySize: '23mb',
  },
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or binary-shipping packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg'],
  typedRoutes: false,
  // No X-Powered-By. The security headers are set at run time by proxy.ts; static files get these.
  poweredByHeader: false,
  // /api/annotations/ (the Annotation Protocol's container IRI) is served, not redirected: proxy.ts rewrites it.
  skipTrailingSlashRedirect: true,
  experimental: {
    // With a proxy, Next.js buffers request bodies up to this size (10 MB by default, silently
    // truncating beyond): imports take up to 20 MiB (lib/import), checked exactly by readJson.
    proxyClientMaxBodySize: '21mb',
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

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or binary-shipping packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg'],
  typedRoutes: false,
};

export default nextConfig;

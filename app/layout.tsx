import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Annotate policy documents as claims, forecasts and facts, and compare analysts.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: the CSP nonce (proxy.ts) differs each time, so no page may be prerendered.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

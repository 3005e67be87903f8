import type { Metadata } from 'next';
import { headers } from 'next/headers';
import './globals.css';
import { THEME_SCRIPT } from '@/components/ui/ThemeSwitch';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Annotate policy documents as claims, forecasts and facts, and compare analysts.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: the CSP nonce (proxy.ts) differs each time, so no page may be prerendered;
  // reading the request's headers makes it so, and the theme script carries the nonce.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The theme script sets data-theme before React hydrates; the attribute is expected to differ.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

import type { Metadata } from 'next';
import './globals.css';
import { THEME_SCRIPT } from '@/components/ui/ThemeSwitch';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Annotate policy documents as claims, forecasts and facts, and compare analysts.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // The theme script sets data-theme before React hydrates; the attribute is expected to differ.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

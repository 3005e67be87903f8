import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Annotate policy documents as claims, forecasts and facts, and compare analysts.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

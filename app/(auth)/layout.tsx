import { ThemeSwitch } from '@/components/ui/ThemeSwitch';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-head">
        <h1 className="brand">Assay</h1>
        <ThemeSwitch />
      </div>
      {children}
    </main>
  );
}

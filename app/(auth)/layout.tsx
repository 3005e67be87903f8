export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="auth">
      <h1 className="brand">Assay</h1>
      {children}
    </main>
  );
}

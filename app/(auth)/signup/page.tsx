import Link from 'next/link';
import { SignUpForm } from '@/components/ui/SignUpForm';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invitation?: string | string[] }> }) {
  const { invitation } = await searchParams;
  return (
    <>
      <SignUpForm invitation={typeof invitation === 'string' ? invitation : undefined} />
      <p>
        Have an account? <Link href="/signin">Sign in</Link>
      </p>
    </>
  );
}

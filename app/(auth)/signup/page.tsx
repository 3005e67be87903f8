import Link from 'next/link';
import { SignUpForm } from '@/components/ui/SignUpForm';

export default function SignUpPage() {
  return (
    <>
      <SignUpForm />
      <p>
        Have an account? <Link href="/signin">Sign in</Link>
      </p>
    </>
  );
}

'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth';
import { addSignupDomain, createInvitation, removeSignupDomain, revokeInvitation } from '@/lib/users/invitations';

export async function inviteAction(form: FormData) {
  const { token } = await createInvitation(await getActor(), { role: form.get('role'), email: form.get('email') ?? undefined, days: form.get('days') });
  // Shown once, on the page the admin is on.
  redirect(`/admin/security?invited=${encodeURIComponent(token)}`);
}

export async function revokeInvitationAction(form: FormData) {
  await revokeInvitation(await getActor(), String(form.get('id')));
  revalidatePath('/admin/security');
}

export async function addDomainAction(form: FormData) {
  await addSignupDomain(await getActor(), { domain: form.get('domain') });
  revalidatePath('/admin/security');
}

export async function removeDomainAction(form: FormData) {
  await removeSignupDomain(await getActor(), String(form.get('domain')));
  revalidatePath('/admin/security');
}

'use server';
import { revalidatePath } from 'next/cache';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { reviewDisagreement } from '@/lib/compare/queue';

/** The queue's mark form: `document`, `key`, `state` from the row. */
export async function markRowAction(form: FormData): Promise<void> {
  await toActionResult([form], async () =>
    reviewDisagreement(await getActor(), { document: form.get('document'), key: form.get('key'), state: form.get('state') }),
  );
  revalidatePath('/disagreements');
}

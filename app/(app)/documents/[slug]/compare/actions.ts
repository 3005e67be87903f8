'use server';
import { revalidatePath } from 'next/cache';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { createConsensus } from '@/lib/consensus/service';

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/** The compare page's consensus form: one row's passage, the annotations it settles, the team's judgment. */
export async function recordConsensusAction(form: FormData): Promise<void> {
  const slug = String(form.get('slug'));
  const kind = text(form, 'kind');
  const credibility = text(form, 'credibility');
  const probability = text(form, 'probability');
  await toActionResult([form], async () =>
    createConsensus(await getActor(), slug, {
      start: Number(form.get('start')),
      end: Number(form.get('end')),
      exact: form.get('exact'),
      kind,
      ...(kind === 'CLAIM' ? { claim: { credibility: credibility ? Number(credibility) : undefined } } : {}),
      ...(kind === 'FACT' ? { fact: { status: text(form, 'status') } } : {}),
      ...(kind === 'FORECAST' ? { forecast: { probability: probability ? Number(probability) / 100 : undefined } } : {}),
      note: text(form, 'note'),
      settles: String(form.get('settles') ?? '').split(',').filter(Boolean),
    }),
  );
  revalidatePath(`/documents/${slug}/compare`);
}

// Seeds the demo analysts' example work (prisma/demo-set.ts) through the services, exactly as the
// analysts would make it: annotations (forecasts join their questions), a thread, later probability updates,
// the document authors' wording, and the resolutions. Runs once: when the demo analysts already
// have annotations it does nothing.
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { createAnnotation } from '@/lib/annotations/service';
import { createReply } from '@/lib/threads/service';
import { addEntry } from '@/lib/forecasts/entries';
import { resolveQuestion, updateQuestion } from '@/lib/forecasts/resolution';
import { CodePointIndex, cpLength } from '@/lib/anchoring/codepoints';
import { DEMO_ACCOUNTS } from '@/lib/users/demo';
import { DEMO_SET } from './demo-set';

export type DemoReport = { annotations: number; replies: number; questions: number; resolved: number; unplaced: string[] };

export async function seedDemoSet(): Promise<DemoReport> {
  const report: DemoReport = { annotations: 0, replies: 0, questions: 0, resolved: 0, unplaced: [] };
  const users = await prisma.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } });
  const analysts = new Map<string, Actor>(users.map((u) => [u.email.split('@')[0], { id: u.id, email: u.email, name: u.name, role: u.role }]));
  if (analysts.size < DEMO_ACCOUNTS.length) return report;
  if ((await prisma.annotation.count({ where: { authorId: { in: users.map((u) => u.id) } } })) > 0) return report;
  const admin = [...analysts.values()].find((a) => a.role === 'ADMIN')!;
  const documents = new Map((await prisma.document.findMany({ select: { slug: true, sourceFile: true, text: true } })).map((d) => [d.sourceFile, d]));

  for (const passage of DEMO_SET) {
    const document = documents.get(passage.file);
    const at = document?.text.indexOf(passage.quote) ?? -1;
    if (!document || at < 0) {
      report.unplaced.push(passage.quote);
      continue;
    }
    const start = new CodePointIndex(document.text).toCp(at);
    const target = { start, end: start + cpLength(passage.quote), exact: passage.quote };
    let questionId: string | null = null;
    const made = new Map<string, string>();
    for (const [name, fields] of Object.entries(passage.by)) {
      const actor = analysts.get(name)!;
      const common = { document: document.slug, target, note: fields.note ?? '' };
      const view =
        fields.kind === 'CLAIM'
          ? await createAnnotation(actor, { ...common, kind: 'CLAIM', claim: { attributedTo: fields.attributedTo, credibility: fields.credibility } })
          : fields.kind === 'FACT'
            ? await createAnnotation(actor, { ...common, kind: 'FACT', fact: { status: fields.status } })
            : await createAnnotation(actor, {
                ...common,
                kind: 'FORECAST',
                forecast: {
                  statement: passage.question?.statement,
                  probability: fields.probability,
                  confidence: fields.confidence,
                  resolveBy: passage.question?.resolveBy,
                },
              });
      report.annotations++;
      made.set(name, view.id);
      if (fields.kind !== 'FORECAST') continue;
      questionId = view.forecast?.questionId ?? null;
      for (const probability of fields.later ?? []) await addEntry(actor, questionId!, { probability, confidence: fields.confidence });
    }
    for (const reply of passage.thread?.replies ?? []) {
      await createReply(analysts.get(reply.by)!, made.get(passage.thread!.on)!, { body: reply.body });
      report.replies++;
    }
    if (!questionId || !passage.question) continue;
    report.questions++;
    const { authorWording, authorProbability, resolution } = passage.question;
    if (authorWording || authorProbability !== undefined) await updateQuestion(admin, questionId, { authorWording, authorProbability });
    if (resolution) {
      await resolveQuestion(admin, questionId, resolution);
      report.resolved++;
    }
  }
  return report;
}

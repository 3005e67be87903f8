// The demo set on real PostgreSQL: every passage is placed, forecasts join their questions, and
// the resolved questions score the analysts; a second run adds nothing.
import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { seed } from './seed';
import { DEMO_SET } from './demo-set';
import { seedDemoSet } from './demo';

describe('demo set', () => {
  it('places every passage, joins questions, resolves some, and runs once', async () => {
    await seed({ demo: true });
    const analysts = DEMO_SET.reduce((n, p) => n + Object.keys(p.by).length, 0);
    expect(await prisma.annotation.count()).toBe(analysts);
    expect(await prisma.annotation.count({ where: { orphan: true } })).toBe(0);

    const questions = await prisma.forecastQuestion.findMany({ include: { entries: true } });
    expect(questions).toHaveLength(DEMO_SET.filter((p) => p.question && Object.values(p.by).some((f) => f.kind === 'FORECAST')).length);
    // The three analysts' forecasts on one passage share one question.
    const duma = questions.find((q) => q.statement.includes('Duma'))!;
    expect(new Set(duma.entries.map((e) => e.analystId)).size).toBe(3);
    expect(duma.entries).toHaveLength(5); // two analysts updated once
    expect(duma).toMatchObject({ outcome: 'YES', authorProbability: 0.8 });
    expect(questions.filter((q) => q.outcome).length).toBe(DEMO_SET.filter((p) => p.question?.resolution).length);

    expect(await prisma.reply.count()).toBe(DEMO_SET.reduce((n, p) => n + (p.thread?.replies.length ?? 0), 0));
    expect(await seedDemoSet()).toMatchObject({ annotations: 0 });
    expect(await prisma.annotation.count()).toBe(analysts);
  });
});

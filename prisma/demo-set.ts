// The demo analysts' example work (issue #3, "first impression"): a modest set of annotations on
// the five documents, with the analysts disagreeing in places, forecast questions with several
// probabilities and a few questions resolved, so the compare page, agreement numbers, forecast
// board and calibration all have something to show on first start. Seeded only in demo mode.
//
// Quotes are exact passages of the canonical text (a test places every one). Resolutions use only
// what the corpus itself reports or what is on the public record.

type Analyst = 'alice' | 'boris' | 'chen';
type Fields =
  | { kind: 'CLAIM'; attributedTo?: string; credibility: number; note?: string }
  | { kind: 'FACT'; status: 'VERIFIED' | 'DISPUTED' | 'FALSE' | 'UNVERIFIED'; note?: string }
  | { kind: 'FORECAST'; probability: number; confidence: 'LOW' | 'MODERATE' | 'HIGH'; later?: number[]; note?: string };

export type DemoPassage = {
  file: string;
  quote: string;
  by: Partial<Record<Analyst, Fields>>;
  /** A short discussion under one analyst's annotation of the passage. */
  thread?: { on: Analyst; replies: { by: Analyst; body: string }[] };
  /** For forecast passages: the question they make. */
  question?: {
    statement: string;
    resolveBy: string;
    authorWording?: string;
    authorProbability?: number;
    resolution?: { outcome: 'YES' | 'NO' | 'AMBIGUOUS' | 'ANNULLED'; note: string; source?: string };
  };
};

const D2021 = '000_9f5b84a7011fddfe.txt';
const D2019A = '001_f47a7d65752428e8.txt';
const D2021B = '002_8a288b5169039e03.txt';
const D2023 = '003_10df2df28770d492.txt';
const D2019 = '004_759d334682a0d535.txt';

export const DEMO_SET: DemoPassage[] = [
  // 000 — OSW-style analysis, summer 2021
  {
    file: D2021,
    quote: 'Russia wants to take advantage of Belarus’ international isolation',
    by: {
      alice: { kind: 'CLAIM', attributedTo: 'the author', credibility: 2 },
      boris: { kind: 'CLAIM', attributedTo: 'the author', credibility: 3 },
      chen: { kind: 'FACT', status: 'UNVERIFIED', note: 'A motive, not checkable as stated.' },
    },
  },
  {
    file: D2021,
    quote: 'partial concessions can be expected from Russia because it wants to sign the integration documents this autumn, most likely before the elections to the Duma',
    by: {
      alice: { kind: 'FORECAST', probability: 0.7, confidence: 'MODERATE', later: [0.8] },
      boris: { kind: 'FORECAST', probability: 0.45, confidence: 'LOW' },
      chen: { kind: 'FORECAST', probability: 0.6, confidence: 'MODERATE', later: [0.55] },
    },
    question: {
      statement: 'Belarus and Russia sign the integration documents (Union State programmes) before the Duma elections of 19 September 2021',
      resolveBy: '2021-09-19',
      authorWording: 'most likely',
      authorProbability: 0.8,
      resolution: {
        outcome: 'YES',
        note: 'The two governments agreed the 28 Union State programmes on 9–10 September 2021, before the Duma elections (see the 4 November 2021 analysis in this corpus).',
        source: 'https://www.osw.waw.pl/en/publikacje/analyses/2021-11-05/integration-without-a-breakthrough',
      },
    },
  },
  {
    file: D2021,
    quote: 'Belarus and Russia adopted a five-year plan of military cooperation on 2 March this year',
    by: {
      alice: { kind: 'FACT', status: 'VERIFIED' },
      boris: { kind: 'FACT', status: 'VERIFIED' },
      chen: { kind: 'FACT', status: 'VERIFIED' },
    },
  },
  {
    file: D2021,
    quote: 'it can be expected that pressure on the Belarusian authorities will intensify with regard to the sale of key military and petrochemical companies',
    by: {
      alice: { kind: 'FORECAST', probability: 0.75, confidence: 'MODERATE' },
      chen: { kind: 'FORECAST', probability: 0.6, confidence: 'LOW' },
    },
    question: {
      statement: 'Russia publicly presses Belarus to sell stakes in key military or petrochemical companies by the end of 2023',
      resolveBy: '2023-12-31',
      authorWording: 'can be expected',
      authorProbability: 0.7,
    },
  },
  {
    file: D2021,
    quote: 'It is also highly probable that Russia will want to ensure complete influence on the appointment of the next Belarusian president',
    by: {
      boris: { kind: 'CLAIM', attributedTo: 'the author', credibility: 2 },
      chen: { kind: 'CLAIM', attributedTo: 'the author', credibility: 4 },
    },
  },
  // 001 — 2019, the integration deal
  {
    file: D2019A,
    quote: 'is likely to be some sort of compromise',
    by: {
      alice: { kind: 'CLAIM', attributedTo: 'the author', credibility: 3 },
      boris: { kind: 'FORECAST', probability: 0.6, confidence: 'LOW' },
      chen: { kind: 'CLAIM', attributedTo: 'the author', credibility: 3 },
    },
    question: { statement: 'The 2019 integration deal, if concluded, is a compromise between the Russian and Belarusian positions', resolveBy: '2020-12-31', authorWording: 'is likely', authorProbability: 0.7 },
  },
  {
    file: D2019A,
    quote: 'all key decisions in the “Union State” will be made by consensus',
    by: {
      alice: { kind: 'FACT', status: 'VERIFIED' },
      boris: { kind: 'FACT', status: 'DISPUTED', note: 'The treaty says so; practice differs.' },
    },
  },
  // 002 — 4 November 2021
  {
    file: D2021B,
    quote: 'Lukashenka will likely continue his tactic of stalling to the prospective constitutional reforms',
    by: {
      alice: { kind: 'FORECAST', probability: 0.65, confidence: 'MODERATE' },
      boris: { kind: 'FORECAST', probability: 0.8, confidence: 'HIGH' },
      chen: { kind: 'FORECAST', probability: 0.5, confidence: 'LOW' },
    },
    question: {
      statement: 'Lukashenka delays the constitutional reform beyond 2021',
      resolveBy: '2022-03-01',
      authorWording: 'will likely',
      authorProbability: 0.7,
      resolution: {
        outcome: 'AMBIGUOUS',
        note: 'The referendum was held on 27 February 2022, on Lukashenka’s own terms: whether that counts as stalling depends on a reading the question did not fix.',
      },
    },
  },
  {
    file: D2021B,
    quote: 'a new version of the Union State’s military doctrine was approved',
    by: {
      alice: { kind: 'FACT', status: 'VERIFIED' },
      boris: { kind: 'FACT', status: 'VERIFIED' },
      chen: { kind: 'FACT', status: 'UNVERIFIED' },
    },
  },
  // 003 — January 2023
  {
    file: D2023,
    quote: 'The result will probably be further unification of the economic law of both countries, including tax and customs law',
    by: {
      alice: { kind: 'FORECAST', probability: 0.7, confidence: 'MODERATE' },
      boris: { kind: 'FORECAST', probability: 0.55, confidence: 'MODERATE' },
      chen: { kind: 'FORECAST', probability: 0.85, confidence: 'HIGH' },
    },
    question: { statement: 'Belarus and Russia adopt a common tax or customs code by the end of 2026', resolveBy: '2026-12-31', authorWording: 'will probably', authorProbability: 0.7 },
  },
  {
    file: D2023,
    quote: 'Russia will have a permanent military presence in Belarus',
    by: {
      alice: { kind: 'CLAIM', attributedTo: 'the author', credibility: 2 },
      boris: { kind: 'FORECAST', probability: 0.9, confidence: 'HIGH' },
    },
    question: { statement: 'Russian forces are stationed in Belarus without interruption through 2025', resolveBy: '2025-12-31' },
  },
  // 004 — Geopolitical Futures, autumn 2019
  {
    file: D2019,
    quote: 'By November, they’re expected to sign about 10 integration agreements',
    by: {
      alice: { kind: 'FORECAST', probability: 0.35, confidence: 'MODERATE' },
      boris: { kind: 'FORECAST', probability: 0.7, confidence: 'MODERATE' },
      chen: { kind: 'FORECAST', probability: 0.2, confidence: 'HIGH' },
    },
    question: {
      statement: 'Belarus and Russia sign about ten integration agreements by November 2019',
      resolveBy: '2019-11-30',
      authorWording: 'expected to',
      authorProbability: 0.7,
      resolution: {
        outcome: 'NO',
        note: 'No roadmap was signed in 2019; the December 2019 summits ended without agreement (see “The integration deal in Russia’s strategy towards Belarus” in this corpus).',
      },
    },
  },
  {
    file: D2019,
    quote: 'something Putin is hoping he can get by the end of 2019',
    by: {
      alice: { kind: 'FORECAST', probability: 0.3, confidence: 'LOW' },
      chen: { kind: 'FORECAST', probability: 0.15, confidence: 'MODERATE' },
    },
    question: {
      statement: 'Lukashenko approves the updated Union State military doctrine by the end of 2019',
      resolveBy: '2019-12-31',
      resolution: { outcome: 'NO', note: 'The doctrine was approved only on 4 November 2021 (the 2021 analysis in this corpus).' },
    },
  },
  {
    file: D2019,
    quote: 'Lukashenko will likely continue to negotiate better terms for Belarus on other issues and carefully side-step Moscow’s demands on military integration',
    by: {
      boris: { kind: 'CLAIM', attributedTo: 'Ekaterina Zolotova', credibility: 3 },
      chen: { kind: 'CLAIM', attributedTo: 'Ekaterina Zolotova', credibility: 2 },
    },
  },
  {
    file: D2019,
    quote: 'Russia doesn’t want to incur new sanctions from the West',
    by: {
      alice: { kind: 'CLAIM', attributedTo: 'the author', credibility: 2 },
      boris: { kind: 'CLAIM', attributedTo: 'the author', credibility: 2 },
      chen: { kind: 'FACT', status: 'UNVERIFIED' },
    },
    thread: {
      on: 'alice',
      replies: [
        { by: 'chen', body: 'This is a motive attributed to Moscow, not something we can verify. Should it be a claim at all?' },
        { by: 'alice', body: 'A claim by the author, yes: credibility 2 because the 2020–22 sanctions show the cost was real to Moscow.' },
      ],
    },
  },
];

// Who may see and change what: the rules as plain predicates over plain values, free of the
// database and the framework so the browser can use them too (which buttons to show). The server
// forms of the same rules (a Prisma filter, an SQL condition, batch checks) are in ./index.ts, and
// visibility.int.test.ts holds every form equal to these over actors × documents × reading states.
import type { Role } from '@/lib/actor';

export type Who = { id: string; role: Role };

/**
 * Blind mode ("blind first, then reveal"): on a blind document an analyst or admin sees only their
 * own annotations until they mark their reading done. Viewers assess nothing, so nothing is hidden
 * from them. `done`: the reader has marked their reading of this document done.
 */
export function seesOthersOn(who: Who, document: { blind: boolean; done: boolean }): boolean {
  return who.role === 'VIEWER' || !document.blind || document.done;
}

/** An annotation (and its thread and history) is visible to its author, and to whoever sees others' on its document. */
export function seesAnnotation(who: Who, annotation: { authorId: string }, seesOthers: boolean): boolean {
  return annotation.authorId === who.id || seesOthers;
}

/**
 * A forecast question on a document where blind mode hides others' work is visible only to whoever
 * opened it or forecast on it.
 */
export function seesQuestion(who: Who, question: { createdById: string; forecastByWho: boolean }, seesOthers: boolean): boolean {
  return seesOthers || question.createdById === who.id || question.forecastByWho;
}

/**
 * Others' forecast probabilities on a question stay hidden from an analyst until they have given
 * their own, or the question is resolved. Viewers forecast nothing, so nothing is hidden from them.
 */
export function seesProbabilities(who: Who, question: { resolved: boolean; forecastByWho: boolean }): boolean {
  return who.role === 'VIEWER' || question.resolved || question.forecastByWho;
}

/** Whether `who` may see this forecast's probability, given whether they may see others' on its question. */
export function seesProbabilityOf(who: Who, forecast: { authorId: string }, seesOthersProbabilities: boolean): boolean {
  return forecast.authorId === who.id || seesOthersProbabilities;
}

/** Only its author edits an annotation or a reply (and viewers write nothing). */
export function canEdit(who: Who, item: { authorId: string }): boolean {
  return who.role !== 'VIEWER' && item.authorId === who.id;
}

/** Its author or an admin deletes an annotation or a reply. */
export function canDelete(who: Who, item: { authorId: string }): boolean {
  return canEdit(who, item) || who.role === 'ADMIN';
}

/** A forecast question's statement, criteria and author's wording: its creator or an admin. */
export function canEditQuestion(who: Who, question: { createdById: string }): boolean {
  return who.role === 'ADMIN' || (who.role !== 'VIEWER' && question.createdById === who.id);
}

/** A question's lifecycle — its close time, clarifications, resolution and re-opening — is the admins'. */
export function canManageQuestion(who: Who): boolean {
  return who.role === 'ADMIN';
}

/** Imported annotations are filed under their creator only by an admin; anyone else imports as themselves. */
export function mayFileUnder(who: Who, author: { id: string }): boolean {
  return author.id === who.id || who.role === 'ADMIN';
}

/** Marking a row of the disagreement queue discussed or settled: anyone who assesses (not viewers). */
export function canReviewDisagreement(who: Who): boolean {
  return who.role !== 'VIEWER';
}

/** The team's consensus on a row is recorded and revised by an admin (the team lead) only. */
export function canRecordConsensus(who: Who): boolean {
  return who.role === 'ADMIN';
}

/** Adding a document to the library, or a new revision of one (issue #9): analysts and admins, not viewers. */
export function canAddDocument(who: Who): boolean {
  return who.role !== 'VIEWER';
}

/** Revising a document's text: whoever may add documents. */
export function canReviseDocument(who: Who): boolean {
  return canAddDocument(who);
}

/** Archiving a document (out of the library, annotations kept) and restoring it: admins only. */
export function canArchiveDocument(who: Who): boolean {
  return who.role === 'ADMIN';
}

/** An archived document reads as absent to everyone but admins, who may restore it. */
export function seesDocument(who: Who, document: { archived: boolean }): boolean {
  return !document.archived || who.role === 'ADMIN';
}

import { pageActor } from '@/lib/auth';
import { listHighlights } from '@/lib/annotations/service';
import { getDocument } from '@/lib/documents/service';
import { isAppError } from '@/lib/errors';
import { notFound } from 'next/navigation';
import { Reader } from '@/components/reader/Reader';
import { latestEventId } from '@/lib/realtime/hub';
import { listDocumentReplies } from '@/lib/threads/service';
import { readingState } from '@/lib/documents/blind';
import { openQuestions } from '@/lib/forecasts/board';
import { ReadingBar } from '@/components/reader/ReadingBar';
import { DocumentTools } from '@/components/documents/DocumentTools';
import { canArchiveDocument, canReviseDocument } from '@/lib/visibility/rules';

export const dynamic = 'force-dynamic';

export default async function DocumentPage({ params }: PageProps<'/documents/[slug]'>) {
  const { slug } = await params;
  const actor = await pageActor();
  const document = await getDocument(actor, slug).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  // The event id first: a change committed between the two reads then arrives live, not never.
  const since = await latestEventId(document.id);
  // What drawing needs of each annotation; the panel reads a card's details as it shows it (issue 13).
  const [highlights, reading, replies, questions] = await Promise.all([
    listHighlights(actor, slug),
    readingState(actor, slug),
    listDocumentReplies(actor, slug),
    openQuestions(actor, slug),
  ]);
  return (
    <main className="reader-page">
      <ReadingBar slug={slug} state={reading} isAdmin={actor!.role === 'ADMIN'} />
      <DocumentTools
        slug={slug}
        revision={document.revision}
        archived={document.archivedAt !== null}
        canRevise={canReviseDocument(actor!)}
        canArchive={canArchiveDocument(actor!)}
        annotations={highlights.rows.length}
      />
      <Reader
        // Revealing others' annotations remounts the reader with the new list.
        key={String(reading.revealed)}
        document={{ slug: document.slug, title: document.title, byline: document.byline, publishedAt: document.publishedAt, revision: document.revision, content: document.content }}
        highlights={highlights}
        questions={questions}
        initialReplies={replies}
        latestEventId={since}
        me={{ id: actor!.id, name: actor!.name, role: actor!.role }}
      />
    </main>
  );
}

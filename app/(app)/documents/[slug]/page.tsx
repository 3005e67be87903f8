import { getActor } from '@/lib/auth';
import { listAnnotations } from '@/lib/annotations/service';
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
  const actor = await getActor();
  const document = await getDocument(actor, slug).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  // The event id first: a change committed between the two reads then arrives live, not never.
  const since = await latestEventId(document.id);
  const [annotations, reading, replies, questions] = await Promise.all([
    listAnnotations(actor, slug),
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
        annotations={annotations.length}
      />
      <Reader
        // Revealing others' annotations remounts the reader with the new list.
        key={String(reading.revealed)}
        document={{ slug: document.slug, title: document.title, byline: document.byline, publishedAt: document.publishedAt, content: document.content }}
        initialAnnotations={annotations}
        questions={questions}
        initialReplies={replies}
        latestEventId={since}
        me={{ id: actor!.id, name: actor!.name, role: actor!.role }}
      />
    </main>
  );
}

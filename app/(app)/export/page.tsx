import { pageActor } from '@/lib/auth';
import { listDocuments } from '@/lib/documents/service';
import { listAnnotators } from '@/lib/users/service';
import { ExportForm } from '@/components/export/ExportForm';
import { ImportForm } from '@/components/export/ImportForm';

export const dynamic = 'force-dynamic';

export default async function ExportPage() {
  const actor = await pageActor();
  const [documents, analysts] = await Promise.all([listDocuments(actor), listAnnotators(actor)]);
  return (
    <main className="page">
      <h1>Export</h1>
      <p className="hint">
        W3C Web Annotation JSON-LD (an AnnotationCollection), CSV (one row per annotation, opens in a spreadsheet) or JSONL
        (one annotation per line). Also at <code>GET /api/export?format=&amp;document=&amp;analyst=&amp;kind=&amp;from=&amp;to=</code>.
      </p>
      <ExportForm documents={documents.map((d) => ({ slug: d.slug, title: d.title }))} analysts={analysts} />
      <ImportForm />
    </main>
  );
}

// A document's slug from its title: ASCII kebab-case. Pure, and apart from ./parse.ts (which reads
// the corpus folder) so that services bundled into the app can use it.
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

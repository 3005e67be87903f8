// Dependency rules (dependency-cruiser), checked by `npm run check:deps`, the first step of `npm test`.
// It cruises the sources twice, choosing the pass by ASSAY_DEPS_PASS:
//
// - "imports" (the default; `npx depcruise app components lib scripts prisma bench test e2e`): every
//   import, type-only ones included.
//   · no-cycle: no cycle of runtime imports (type-only imports are erased, so they cannot make one).
//   · client-imports-server-module: a client file ('use client') imports nothing from a service, the
//     database module or a server-only module, not even a type: types and schemas that a form shares
//     with a service live in the schemas.ts / types.ts beside it.
// - "bundle" (`ASSAY_DEPS_PASS=bundle npx depcruise app components`): runtime imports only, as the
//   browser bundle sees them.
//   · client-bundle-reaches-server: a client file must not reach, however indirectly, a module that
//     touches the database or is marked `import 'server-only'` — except through a server action
//     module ('use server'): the client calls those over RPC and never bundles them, so this pass
//     does not follow imports out of them.
//
// Which files are client or server-action modules is read from their directive each time the check
// runs; which are server modules, from their `import 'server-only'` (or a direct import of the
// database). Nothing here lists files by hand.
const { readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

const PASS = process.env.ASSAY_DEPS_PASS ?? 'imports';
if (!['imports', 'bundle'].includes(PASS)) throw new Error(`ASSAY_DEPS_PASS is "imports" or "bundle", not "${PASS}"`);

const ROOTS = ['app', 'components', 'lib', 'scripts', 'prisma', 'bench', 'test', 'e2e'];
const SKIP = new Set(['lib/generated']);

function* sources(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const file = path.posix.join(dir, entry.name);
    if (SKIP.has(file)) continue;
    if (entry.isDirectory()) yield* sources(file);
    else if (/\.[cm]?[jt]sx?$/.test(entry.name)) yield { file, text: readFileSync(file, 'utf8') };
  }
}

/** A module's directive: its first statement, after any comments ('use client', 'use server'). */
const directive = (text) => /^(['"])(use client|use server)\1/.exec(text.replace(/^(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, ''))?.[2];
/** Marked for the server (`import 'server-only'`), or importing the database client itself. */
const serverModule = (text) => /^import\s+['"]server-only['"]|^import\s+(?!type\s)[^;]*?\bfrom\s+['"]@\/lib\/db['"]/m.test(text);

const files = ROOTS.flatMap((root) => [...sources(root)]);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path pattern for exactly these files (one that matches nothing when there are none). */
const exactly = (list) => (list.length ? `^(${list.map(escape).join('|')})$` : '^$');
const pick = (test) => exactly(files.filter(({ text }) => test(text)).map(({ file }) => file));

const CLIENT = pick((text) => directive(text) === 'use client');
const SERVER_ACTIONS = pick((text) => directive(text) === 'use server');
const SERVER_MODULES = pick(serverModule);
/** The database: our client (lib/db), Prisma's generated client, the drivers. */
const DATABASE = ['^lib/db([.]ts$|/)', '^lib/generated/prisma/', '^node_modules/(pg|pg-[a-z-]+|@prisma/[^/]+)/'];
const SERVER_ONLY = '^node_modules/server-only/';
const SERVICES = '^lib/.*/service[.]tsx?$';

const imports = [
  {
    name: 'no-cycle',
    severity: 'error',
    comment:
      'This import closes a cycle of runtime imports: the modules listed lead back to the first one. ' +
      'Move what both sides need into a module of its own (or pass it in), so the dependency runs one way.',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'client-imports-server-module',
    severity: 'error',
    comment:
      "A 'use client' file imports a service, the database or a server-only module (a type-only import counts " +
      'too). Import the type or zod schema from the schemas.ts / types.ts beside the service instead, and call ' +
      "the service through a server action ('use server').",
    from: { path: CLIENT },
    to: { path: [SERVICES, SERVER_MODULES, SERVER_ONLY, ...DATABASE] },
  },
];

const bundle = [
  {
    name: 'client-bundle-reaches-server',
    severity: 'error',
    comment:
      "A 'use client' file reaches, through runtime imports (the path is listed), a module that touches the " +
      "database or imports 'server-only', so it would be bundled for the browser. Move what the client needs " +
      "into a framework-free module, or call the server through a server action ('use server').",
    from: { path: CLIENT },
    to: { path: [SERVER_ONLY, ...DATABASE], reachable: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: PASS === 'bundle' ? bundle : imports,
  options: {
    // The bundle pass leaves type-only imports out: they are erased before anything is bundled.
    tsPreCompilationDeps: PASS === 'imports',
    tsConfig: { fileName: 'tsconfig.json' },
    // Libraries and Prisma's generated client are endpoints, not walked into; in the bundle pass so
    // are server actions, the RPC boundary.
    doNotFollow: { path: ['node_modules', '^lib/generated/', ...(PASS === 'bundle' ? [SERVER_ACTIONS] : [])] },
    exclude: { path: ['^[.]next/', '^node_modules/[.]'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

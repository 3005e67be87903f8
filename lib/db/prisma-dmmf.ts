// Prisma's own reading of a schema (its DMMF datamodel), offline: the schema wasm that the Prisma
// CLI ships and runs for `prisma generate`. The CLI inlines its wasm-bindgen glue in its bundle,
// so this is that glue cut down to the one call we need. For tests (lib/db/drift.int.test.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: { name: string; args: unknown[] } | string | number | boolean | unknown[];
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};
export type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
export type DmmfEnum = { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] };
export type DmmfIndex = {
  model: string;
  type: 'id' | 'unique' | 'normal'; // and 'fulltext', which PostgreSQL schemas cannot have
  dbName?: string | null;
  /** The index method, when the schema names one (`type: Gin`). */
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
};
export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

type SchemaWasm = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(pointer: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  get_dmmf(pointer: number, length: number): [number, number, number, number];
};

let wasm: SchemaWasm | undefined;
let panicMessage = '';

const readString = (pointer: number, length: number) =>
  new TextDecoder().decode(new Uint8Array(wasm!.memory.buffer, pointer >>> 0, length >>> 0));

// Import names end in a hash that changes between builds; what each one does does not.
const IMPORTS: [prefix: string, implementation: (...args: number[]) => unknown][] = [
  ['__wbg_Error_', (pointer, length) => new Error(readString(pointer, length))],
  [
    '__wbg___wbindgen_throw_',
    (pointer, length) => {
      throw new Error(readString(pointer, length));
    },
  ],
  ['__wbg_set_message_', (pointer, length) => void (panicMessage = readString(pointer, length))],
  [
    '__wbindgen_init_externref_table',
    () => {
      const table = wasm!.__wbindgen_externrefs;
      const offset = table.grow(4);
      table.set(0, undefined);
      table.set(offset, undefined);
      table.set(offset + 1, null);
      table.set(offset + 2, true);
      table.set(offset + 3, false);
    },
  ],
];

function load(): SchemaWasm {
  if (wasm) return wasm;
  const cli = path.dirname(createRequire(import.meta.url).resolve('prisma/package.json'));
  const module = new WebAssembly.Module(readFileSync(path.join(cli, 'build', 'prisma_schema_build_bg.wasm')));
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const { module: namespace, name } of WebAssembly.Module.imports(module)) {
    const implementation = IMPORTS.find(([prefix]) => name.startsWith(prefix))?.[1];
    if (!implementation) throw new Error(`The Prisma schema wasm wants ${name}, which lib/db/prisma-dmmf.ts does not provide`);
    (imports[namespace] ??= {})[name] = implementation;
  }
  wasm = new WebAssembly.Instance(module, imports).exports as unknown as SchemaWasm;
  wasm.__wbindgen_start();
  return wasm;
}

/** The datamodel Prisma reads from `schema` (the text of a schema.prisma); throws its validation errors. */
export function readDatamodel(schema: string): Datamodel {
  const exports = load();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: [['schema.prisma', schema]], noColor: true }));
  const pointer = exports.__wbindgen_malloc(input.length, 1);
  new Uint8Array(exports.memory.buffer, pointer, input.length).set(input);
  let result: [number, number, number, number];
  try {
    result = exports.get_dmmf(pointer, input.length);
  } catch (error) {
    throw new Error(`The Prisma schema wasm panicked: ${panicMessage || (error as Error).message}`);
  }
  const [outPointer, outLength, errorIndex, failed] = result;
  if (failed) {
    const error = exports.__wbindgen_externrefs.get(errorIndex) as Error;
    exports.__externref_table_dealloc(errorIndex);
    // The message is JSON: Prisma's error code and its rendering of the validation errors.
    throw new Error(`schema.prisma is not valid:\n${(JSON.parse(error.message) as { message: string }).message}`);
  }
  try {
    return (JSON.parse(readString(outPointer, outLength)) as { datamodel: Datamodel }).datamodel;
  } finally {
    exports.__wbindgen_free(outPointer, outLength, 1);
  }
}

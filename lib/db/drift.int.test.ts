// Fails when prisma/schema.prisma and the database our SQL migrations produce disagree — the check
// `prisma migrate diff` would make, had we Prisma's schema engine (DESIGN.md "Database"). What
// the schema means is Prisma's own reading of it (lib/db/prisma-dmmf.ts); what the database holds
// comes from pg_catalog. Both become sorted lines, so a failure shows the drift as a diff.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Datamodel, type DmmfField, type DmmfModel, readDatamodel } from './prisma-dmmf';

const SCHEMA = readFileSync(path.resolve(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');

type Shape = { tables: string[]; columns: string[]; enums: string[]; indexes: string[]; foreignKeys: string[] };

// ---- What schema.prisma asks for, by Prisma Migrate's rules for PostgreSQL ----

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const precision = (args: string[]) => (args.length ? `(${args.join(',')})` : '');
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  VarChar: (args) => `character varying${precision(args)}`,
  Char: (args) => `character${precision(args)}`,
  Uuid: () => 'uuid',
  SmallInt: () => 'smallint',
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (args) => `numeric${precision(args)}`,
  Date: () => 'date',
  Time: (args) => `time${precision(args)} without time zone`,
  Timetz: (args) => `time${precision(args)} with time zone`,
  Timestamp: (args) => `timestamp${precision(args)} without time zone`,
  Timestamptz: (args) => `timestamp${precision(args)} with time zone`,
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
};

// Prisma Client fills these in itself; the column gets no default.
const CLIENT_SIDE_DEFAULTS = ['uuid', 'cuid', 'nanoid', 'ulid'];

const SQL_RULES: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT' };

const INDEX_KINDS = {
  id: { kind: 'PRIMARY KEY', suffix: '_pkey' },
  unique: { kind: 'UNIQUE', suffix: '_key' },
  normal: { kind: 'INDEX', suffix: '_idx' },
};

/** Prisma's default constraint names: table and columns joined, cut to PostgreSQL's 63 bytes. */
const constraintName = (parts: string[], suffix: string) => parts.join('_').slice(0, 63 - suffix.length) + suffix;

function expectedShape(datamodel: Datamodel): Shape {
  const model = (name: string) => datamodel.models.find((m) => m.name === name)!;
  const table = (m: DmmfModel) => m.dbName ?? m.name;
  const column = (m: DmmfModel, field: string) => {
    // Unsupported fields are not in the DMMF's fields, only in its indexes: named as written.
    const f = m.fields.find((candidate) => candidate.name === field);
    return f?.dbName ?? f?.name ?? field;
  };
  const enumName = (name: string) => {
    const e = datamodel.enums.find((candidate) => candidate.name === name)!;
    return e.dbName ?? e.name;
  };

  function columnType(f: DmmfField): string {
    let type: string;
    if (f.kind === 'enum') type = enumName(f.type);
    else if (f.nativeType) {
      const [name, args] = f.nativeType;
      if (!NATIVE_TYPES[name]) throw new Error(`The drift test does not know @db.${name} yet: add it to NATIVE_TYPES`);
      type = NATIVE_TYPES[name](args);
    } else type = SCALAR_TYPES[f.type];
    return f.isList ? `${type}[]` : type;
  }

  function columnDefault(m: DmmfModel, f: DmmfField): string | undefined {
    const value = f.default;
    if (value === undefined) return undefined;
    if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    // An empty list, as Prisma Migrate writes it: ARRAY[]::uuid[].
    if (Array.isArray(value) && value.length === 0) return `ARRAY[]::${columnType(f)}`;
    if (Array.isArray(value)) throw new Error(`The drift test does not know list defaults yet (${m.name}.${f.name})`);
    if (CLIENT_SIDE_DEFAULTS.includes(value.name)) return undefined;
    if (value.name === 'now') return 'CURRENT_TIMESTAMP';
    if (value.name === 'autoincrement') return `nextval('"${constraintName([table(m), column(m, f.name)], '_seq')}"'::regclass)`;
    if (value.name === 'dbgenerated') return String(value.args[0]);
    throw new Error(`The drift test does not know @default(${value.name}()) yet (${m.name}.${f.name})`);
  }

  const scalarFields = (m: DmmfModel) => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
  return {
    tables: datamodel.models.map(table),
    columns: [
      ...datamodel.models.flatMap((m) =>
        scalarFields(m).map((f) => {
          const fallback = columnDefault(m, f);
          // Prisma Migrate leaves list columns nullable (a list is never NULL through the client).
          return `${table(m)}.${column(m, f.name)} ${columnType(f)}${f.isRequired && !f.isList ? ' NOT NULL' : ''}${fallback ? ` DEFAULT ${fallback}` : ''}`;
        }),
      ),
      ...unsupportedColumns(datamodel),
    ],
    enums: datamodel.enums.map((e) => `${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`),
    indexes: datamodel.indexes.map((index) => {
      const m = model(index.model);
      const columns = index.fields.map((f) => column(m, f.name));
      const { kind, suffix } = INDEX_KINDS[index.type];
      const name = index.dbName ?? constraintName(index.type === 'id' ? [table(m)] : [table(m), ...columns], suffix);
      const ordered = index.fields.map((f, i) => `${columns[i]}${f.sortOrder === 'desc' ? ' DESC' : ''}`);
      const method = index.algorithm && index.algorithm !== 'BTree' ? ` USING ${index.algorithm.toLowerCase()}` : '';
      return `${name} ${kind} ON ${table(m)}${method} (${ordered.join(', ')})`;
    }),
    foreignKeys: datamodel.models.flatMap((m) =>
      m.fields
        .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
        .map((f) => {
          const target = model(f.type);
          const columns = f.relationFromFields!.map((name) => column(m, name));
          const references = f.relationToFields!.map((name) => column(target, name));
          const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
          const onUpdate = f.relationOnUpdate ?? 'Cascade';
          return `${constraintName([table(m), ...columns], '_fkey')}: ${table(m)} (${columns.join(', ')}) → ${table(target)} (${references.join(', ')}) ON DELETE ${SQL_RULES[onDelete]} ON UPDATE ${SQL_RULES[onUpdate]}`;
        }),
    ),
  };
}

/**
 * `Unsupported("tsvector")?` fields, which the DMMF leaves out of a model's fields: our rule is that
 * such a field is a column the migration generates (GENERATED ALWAYS AS … STORED), read from the
 * schema's text as `Table.field type GENERATED`.
 */
function unsupportedColumns(datamodel: Datamodel): string[] {
  const lines: string[] = [];
  for (const block of SCHEMA.matchAll(/^model (\w+) \{([^}]*)\}/gm)) {
    const m = datamodel.models.find((candidate) => candidate.name === block[1])!;
    for (const field of block[2].matchAll(/^\s+(\w+)\s+Unsupported\("([^"]+)"\)(\?)?/gm)) {
      lines.push(`${m.dbName ?? m.name}.${field[1]} ${field[2]}${field[3] ? '' : ' NOT NULL'} GENERATED`);
    }
  }
  return lines;
}

// ---- What the migrated database holds ----

const FK_RULES: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

// PostgreSQL shows a default with its cast ('ANALYST'::"Role", ''::text, '-1'::integer); Prisma's reading has none.
const withoutCast = (expression: string) => expression.replace(/^'(.*)'::[\w" ]+$/s, (_, literal: string) => (/^-?[\d.]+$/.test(literal) ? literal : `'${literal}'`));

async function actualShape(client: pg.Client): Promise<Shape> {
  const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
  const ours = `n.nspname = 'public' AND c.relname <> '_prisma_migrations'`;

  const tables = await rows<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND ${ours}`);
  const columns = await rows<{ table: string; column: string; type: string; not_null: boolean; fallback: string | null; generated: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS fallback, a.attgenerated <> '' AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${ours}`);
  const enums = await rows<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  const indexes = await rows<{ name: string; table: string; primary: boolean; unique: boolean; method: string; columns: string[] }>(`
    SELECT i.relname AS name, c.relname AS table, x.indisprimary AS primary, x.indisunique AS unique, am.amname AS method,
           array(SELECT a.attname || CASE WHEN x.indoption[k.n - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                 FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
    JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${ours}`);
  const foreignKeys = await rows<{ name: string; table: string; columns: string[]; target: string; references: string[]; on_delete: string; on_update: string }>(`
    SELECT k.conname AS name, c.relname AS table, t.relname AS target,
           array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.n)::text[] AS columns,
           array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.n)::text[] AS references,
           k.confdeltype AS on_delete, k.confupdtype AS on_update
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND ${ours}`);

  const unquoted = (type: string) => type.replaceAll('"', '');
  return {
    tables: tables.map((t) => t.name),
    columns: columns.map(
      (c) =>
        `${c.table}.${c.column} ${unquoted(c.type)}${c.not_null ? ' NOT NULL' : ''}${c.generated ? ' GENERATED' : c.fallback ? ` DEFAULT ${withoutCast(c.fallback)}` : ''}`,
    ),
    enums: enums.map((e) => `${e.name} (${e.labels.join(', ')})`),
    indexes: indexes.map(
      (i) => `${i.name} ${i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE' : 'INDEX'} ON ${i.table}${i.method === 'btree' ? '' : ` USING ${i.method}`} (${i.columns.join(', ')})`,
    ),
    foreignKeys: foreignKeys.map(
      (k) =>
        `${k.name}: ${k.table} (${k.columns.join(', ')}) → ${k.target} (${k.references.join(', ')}) ON DELETE ${FK_RULES[k.on_delete]} ON UPDATE ${FK_RULES[k.on_update]}`,
    ),
  };
}

// ---- The comparison ----

const sorted = (shape: Shape): Shape =>
  Object.fromEntries(Object.entries(shape).map(([key, lines]: [string, string[]]) => [key, [...lines].sort()])) as Shape;

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
let actual: Shape;
const expected = sorted(expectedShape(readDatamodel(SCHEMA)));

beforeAll(async () => {
  await client.connect();
  actual = sorted(await actualShape(client));
});
afterAll(() => client.end());

describe('schema.prisma and the migrated database', () => {
  it.each(['tables', 'columns', 'enums', 'indexes', 'foreignKeys'] as const)('have the same %s', (aspect) => {
    expect(actual[aspect], '- what schema.prisma wants, + what the migrations made').toEqual(expected[aspect]);
  });

  it('would tell a field added to schema.prisma without a migration', () => {
    const withNewField = SCHEMA.replace(/^model User \{$/m, 'model User {\n  driftCanary String?');
    expect(withNewField).not.toBe(SCHEMA);
    const columns = sorted(expectedShape(readDatamodel(withNewField))).columns;
    expect(columns).toContain('User.driftCanary text');
    expect(columns).not.toEqual(actual.columns);
  });
});

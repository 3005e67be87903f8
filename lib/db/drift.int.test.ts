// Fails when prisma/schema.prisma and the database our SQL migrations produce disagree — the check
// `prisma migrate diff` would make, had we Prisma's schema engine (DESIGN.md "Database").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnType, type Model, parsePrismaSchema } from './prisma-schema';

const schema = parsePrismaSchema(readFileSync(path.resolve(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8'));
const scalarFields = (m: Model) => m.fields.filter((f) => !schema.models.some((o) => o.name === f.type));
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(() => client.connect());
afterAll(() => client.end());

const rows = async <T>(sql: string) => (await client.query(sql)).rows as T[];

describe('schema.prisma and the migrated database', () => {
  it('have the same tables', async () => {
    const tables = await rows<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(schema.models.map((m) => m.name).sort());
  });

  it('have the same enums and values', async () => {
    const values = await rows<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
    );
    const actual: Record<string, string[]> = {};
    for (const v of values) (actual[v.name] ??= []).push(v.value);
    expect(actual).toEqual(schema.enums);
  });

  it('have the same columns, types, nullability and defaults', async () => {
    const columns = await rows<{ table: string; column: string; type: string; nullable: boolean; has_default: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             NOT a.attnotnull AS nullable, a.atthasdef AS has_default
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`);
    const actual = columns.map((c) => `${c.table}.${c.column} ${c.type}${c.nullable ? ' NULL' : ''}${c.has_default ? ' DEFAULT' : ''}`);
    const expected = schema.models.flatMap((m) =>
      scalarFields(m).map((f) => {
        // uuid() and @updatedAt are filled in by Prisma Client, not by the database.
        const dbDefault = /@default\((?!uuid\(\))/.test(f.attributes);
        return `${m.name}.${f.name} ${columnType(f, schema.enums)}${f.optional ? ' NULL' : ''}${dbDefault ? ' DEFAULT' : ''}`;
      }),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('have the same primary keys, unique and plain indexes', async () => {
    const indexes = await rows<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const actual = indexes.map((i) => {
      const columns = /\((.*)\)$/.exec(i.definition)![1].replaceAll('"', '').replaceAll(' ', '');
      return `${i.name}${i.definition.startsWith('CREATE UNIQUE') ? ' UNIQUE' : ''} (${columns})`;
    });
    const expected = schema.models.flatMap((m) => {
      const list: string[] = [];
      for (const f of m.fields) {
        if (/@id\b/.test(f.attributes)) list.push(`${m.name}_pkey UNIQUE (${f.name})`);
        if (/@unique\b/.test(f.attributes)) list.push(`${m.name}_${f.name}_key UNIQUE (${f.name})`);
      }
      for (const attribute of m.blockAttributes) {
        const index = /^@@(index|unique)\(\[([^\]]+)\]\)$/.exec(attribute);
        if (!index) throw new Error(`Unsupported block attribute in ${m.name}: ${attribute}`);
        const fields = index[2].split(',').map((s) => s.trim());
        const unique = index[1] === 'unique';
        list.push(`${m.name}_${fields.join('_')}_${unique ? 'key' : 'idx'}${unique ? ' UNIQUE' : ''} (${fields.join(',')})`);
      }
      return list;
    });
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('have the same foreign keys and delete rules', async () => {
    const keys = await rows<{ name: string; table: string; columns: string; target: string; on_delete: string }>(`
      SELECT con.conname AS name, src.relname AS table, dst.relname AS target,
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
             CASE con.confdeltype WHEN 'r' THEN 'Restrict' WHEN 'c' THEN 'Cascade' WHEN 'n' THEN 'SetNull' WHEN 'a' THEN 'NoAction' ELSE 'SetDefault' END AS on_delete
      FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
      WHERE con.contype = 'f'`);
    const actual = keys.map((k) => `${k.name}: ${k.table}(${k.columns}) → ${k.target} ON DELETE ${k.on_delete}`);
    const expected = schema.models.flatMap((m) =>
      m.fields.flatMap((f) => {
        const relation = /@relation\(fields:\s*\[([^\]]+)\],\s*references:\s*\[[^\]]+\](?:,\s*onDelete:\s*(\w+))?/.exec(f.attributes);
        if (!relation) return [];
        const columns = relation[1].split(',').map((s) => s.trim());
        return [`${m.name}_${columns.join('_')}_fkey: ${m.name}(${columns.join(',')}) → ${f.type} ON DELETE ${relation[2] ?? (f.optional ? 'SetNull' : 'Restrict')}`];
      }),
    );
    expect(actual.sort()).toEqual(expected.sort());
  });
});

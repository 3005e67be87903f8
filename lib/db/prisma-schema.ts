// A small reader of prisma/schema.prisma for the drift test: models, fields, enums, indexes and
// relations, as the schema file states them. It understands the subset of the Prisma schema
// language this project uses and throws on anything it does not, so it cannot silently skip.

export type Field = {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
};
export type Model = { name: string; fields: Field[]; blockAttributes: string[] };
export type Schema = { models: Model[]; enums: Record<string, string[]> };

const BLOCK = /^(model|enum|generator|datasource)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;

export function parsePrismaSchema(source: string): Schema {
  const withoutComments = source.replace(/\/\/.*$/gm, '');
  const schema: Schema = { models: [], enums: {} };
  for (const [, keyword, name, body] of withoutComments.matchAll(BLOCK)) {
    const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
    if (keyword === 'enum') schema.enums[name] = lines;
    if (keyword !== 'model') continue;
    const model: Model = { name, fields: [], blockAttributes: [] };
    for (const line of lines) {
      if (line.startsWith('@@')) {
        model.blockAttributes.push(line);
        continue;
      }
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!m) throw new Error(`Cannot read line of model ${name}: ${line}`);
      model.fields.push({ name: m[1], type: m[2], list: Boolean(m[3]), optional: Boolean(m[4]), attributes: m[5] });
    }
    schema.models.push(model);
  }
  return schema;
}

/** The column type PostgreSQL reports (format_type) for a scalar field, as Prisma maps it. */
export function columnType(field: Field, enums: Record<string, string[]>): string {
  const native = /@db\.(\w+)(?:\(([^)]*)\))?/.exec(field.attributes);
  if (native) {
    const [, type, arg] = native;
    const byNative: Record<string, string> = {
      Uuid: 'uuid',
      Date: 'date',
      Timestamptz: `timestamp(${arg ?? 3}) with time zone`,
      Timestamp: `timestamp(${arg ?? 3}) without time zone`,
      Char: `character(${arg})`,
      VarChar: `character varying(${arg})`,
      Text: 'text',
    };
    if (!byNative[type]) throw new Error(`Unknown native type @db.${type}`);
    return byNative[type];
  }
  if (enums[field.type]) return `"${field.type}"`;
  const byScalar: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Float: 'double precision',
    Boolean: 'boolean',
    DateTime: 'timestamp(3) without time zone',
    Json: 'jsonb',
    Decimal: 'numeric(65,30)',
  };
  if (!byScalar[field.type]) throw new Error(`Unknown scalar type ${field.type}`);
  return byScalar[field.type];
}

import type pg from 'pg';
import type { Database } from './database';

/**
 * Copies every table of one schema from one database into another one with the same migrations
 * (the embedded PGlite into a PostgreSQL server). Generic on purpose: tables, columns and keys come
 * from the catalogs, the order from the foreign keys, so a new migration needs no change here.
 *
 * Rows travel as JSON text (`json_agg` on the source, `json_populate_recordset` on the target), which
 * round-trips every type through its own text form: bytea, tsvector, jsonb, xid8, timestamps.
 * The target is written in one transaction: on any error it stays as it was after migrating.
 */

/** The migrator's own bookkeeping exists on both sides already. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface CopyOptions {
  schema?: string;
  /** tables never copied (besides the migrator's) */
  skipTables?: string[];
  /** refuse when one of these tables already has rows on the target */
  mustBeEmpty?: string[];
  batchRows?: number;
  /** rough size budget of one batch, measured on the source values */
  batchBytes?: number;
  onProgress?: (progress: { table: string; copied: number; total: number }) => void;
}

export interface CopiedTable {
  table: string;
  sourceRows: number;
  targetRows: number;
}

export interface CopiedSequence {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface CopyResult {
  tables: CopiedTable[];
  sequences: CopiedSequence[];
}

export class TargetNotEmptyError extends Error {
  constructor(
    readonly table: string,
    readonly rows: number,
  ) {
    super(`The target database is not empty: table ${table} has ${rows} rows.`);
  }
}

interface Column {
  name: string;
  dataType: string;
  nullable: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  primaryKey: string[];
  /** nullable columns of self-referencing foreign keys: inserted as NULL, set in a second pass */
  deferred: string[];
}

interface ForeignKey {
  child: string;
  parent: string;
  columns: string[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

async function readTables(client: pg.PoolClient, schema: string, skip: Set<string>) {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const names = rows.map((r) => r.table_name).filter((name) => !skip.has(name));
  const { rows: columnRows } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    is_generated: string;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, is_generated
     FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const { rows: keyRows } = await client.query<{ table_name: string; columns: string[] }>(
    `SELECT c.relname AS table_name,
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE con.contype = 'p' AND n.nspname = $1`,
    [schema],
  );
  const { rows: fkRows } = await client.query<{ child: string; parent: string; columns: string[] }>(
    `SELECT child.relname AS child, parent.relname AS parent,
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
     FROM pg_constraint con
     JOIN pg_class child ON child.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = child.relnamespace
     JOIN pg_class parent ON parent.oid = con.confrelid JOIN pg_namespace pn ON pn.oid = parent.relnamespace
     WHERE con.contype = 'f' AND cn.nspname = $1 AND pn.nspname = $1
     ORDER BY child.relname, con.conname`,
    [schema],
  );
  const foreignKeys: ForeignKey[] = fkRows.filter(
    (fk) => names.includes(fk.child) && names.includes(fk.parent),
  );
  const tables = new Map<string, Table>();
  for (const name of names) {
    const columns = columnRows
      .filter((c) => c.table_name === name && c.is_generated !== 'ALWAYS')
      .map((c) => ({ name: c.column_name, dataType: c.data_type, nullable: c.is_nullable === 'YES' }));
    const selfColumns = foreignKeys
      .filter((fk) => fk.child === name && fk.parent === name)
      .flatMap((fk) => fk.columns);
    const canDefer = selfColumns.every((col) => columns.find((c) => c.name === col)?.nullable);
    const primaryKey = keyRows.find((k) => k.table_name === name)?.columns ?? [];
    tables.set(name, {
      name,
      columns,
      primaryKey,
      deferred: canDefer && primaryKey.length ? [...new Set(selfColumns)] : [],
    });
  }
  return { tables, foreignKeys };
}

/** Parents before children (Kahn's algorithm, alphabetical among equals); self-references are handled apart. */
export function foreignKeyOrder(names: string[], foreignKeys: ForeignKey[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of foreignKeys) if (fk.child !== fk.parent) parents.get(fk.child)?.add(fk.parent);
  const order: string[] = [];
  const left = new Set(names);
  while (left.size) {
    const ready = [...left].filter((n) => [...(parents.get(n) ?? [])].every((p) => !left.has(p))).sort();
    if (!ready.length) throw new Error(`Foreign keys form a cycle between: ${[...left].sort().join(', ')}`);
    for (const n of ready) {
      order.push(n);
      left.delete(n);
    }
  }
  return order;
}

/** Upper bound of a value's size without detoasting it: text and bytea by length, the rest as stored. */
function sizeExpression(columns: Column[]) {
  const parts = columns.map((c) =>
    ['bytea', 'text', 'character varying', 'character'].includes(c.dataType)
      ? `coalesce(octet_length(${ident(c.name)}), 0)`
      : `coalesce(pg_column_size(${ident(c.name)}), 0)`,
  );
  return parts.length ? parts.join(' + ') : '0';
}

interface BatchQuery {
  table: Table;
  columns: string[];
  where?: string;
  batchRows: number;
  batchBytes: number;
}

/** Keyset pages by primary key (or ctid without one), cut by row count and by size. */
async function* readBatches(client: pg.PoolClient, schema: string, q: BatchQuery) {
  const qualified = `${ident(schema)}.${ident(q.table.name)}`;
  const keyNames = q.table.primaryKey.length ? q.table.primaryKey : ['__ctid'];
  const key = keyNames.map(ident);
  const keyList = key.join(', ');
  const selectKey = q.table.primaryKey.length ? '' : ', ctid AS "__ctid"';
  const after = q.table.primaryKey.length
    ? `(${keyList}) > (SELECT ${keyList} FROM json_populate_record(null::${qualified}, $1::json))`
    : `ctid > ($1::json ->> '__ctid')::tid`;
  // the row alias must not be a column name: json_agg(b) over a table with a column b aggregates that column
  const row = '"__copy_row"';
  const lastKey = `json_build_object(${keyNames.map((k) => `${literal(k)}, ${row}.${ident(k)}`).join(', ')})`;
  const columns = columnList(q.columns);
  const sizeOf = sizeExpression(q.table.columns.filter((c) => q.columns.includes(c.name)));
  const text = (filter: string) => `
    WITH page AS (
      SELECT ${columns}${selectKey}, (${sizeOf})::bigint AS "__size"
      FROM ${qualified} WHERE ${filter}
      ORDER BY ${q.table.primaryKey.length ? keyList : 'ctid'} LIMIT ${q.batchRows}
    ), sized AS (
      SELECT page.*, sum("__size") OVER (ORDER BY ${keyList} ROWS UNBOUNDED PRECEDING) - "__size" AS "__before"
      FROM page
    )
    SELECT json_agg(${row} ORDER BY ${keyList})::text AS rows, count(*)::int AS n,
      (array_agg(${lastKey} ORDER BY ${key.map((k) => `${row}.${k} DESC`).join(', ')}))[1]::text AS last
    FROM (SELECT * FROM sized WHERE "__before" < ${q.batchBytes}) ${row}`;
  const where = q.where ?? 'true';
  let last: string | null = null;
  for (;;) {
    const result: pg.QueryResult<{ rows: string | null; n: number; last: string | null }> =
      last === null
        ? await client.query(text(where))
        : await client.query(text(`(${where}) AND ${after}`), [last]);
    const batch = result.rows[0];
    if (!batch || batch.n === 0 || batch.rows === null) return;
    yield { json: batch.rows, count: batch.n };
    last = batch.last;
  }
}

function columnList(columns: string[]) {
  return columns.map(ident).join(', ');
}

async function countRows(client: pg.PoolClient, schema: string, table: string) {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${ident(schema)}.${ident(table)}`,
  );
  return Number(rows[0].n);
}

async function copySequences(
  source: pg.PoolClient,
  target: pg.PoolClient,
  schema: string,
  copiedTables: Set<string>,
): Promise<CopiedSequence[]> {
  const { rows } = await source.query<{
    name: string;
    type: string;
    start: string;
    increment: string;
    min: string;
    max: string;
    cache: string;
    cycle: boolean;
    owner_table: string | null;
    owner_column: string | null;
  }>(
    `SELECT s.relname AS name, format_type(seq.seqtypid, NULL) AS type, seq.seqstart::text AS start,
       seq.seqincrement::text AS increment, seq.seqmin::text AS min, seq.seqmax::text AS max,
       seq.seqcache::text AS cache, seq.seqcycle AS cycle, t.relname AS owner_table, a.attname AS owner_column
     FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace JOIN pg_sequence seq ON seq.seqrelid = s.oid
     LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     LEFT JOIN pg_class t ON t.oid = d.refobjid
     LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = $1 ORDER BY s.relname`,
    [schema],
  );
  const copied: CopiedSequence[] = [];
  for (const seq of rows) {
    if (seq.owner_table && !copiedTables.has(seq.owner_table)) continue;
    const { rows: state } = await source.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${ident(schema)}.${ident(seq.name)}`,
    );
    let lastValue = state[0].last_value;
    let isCalled = state[0].is_called;
    let targetName = `${ident(schema)}.${ident(seq.name)}`;
    if (seq.owner_table && seq.owner_column) {
      // identity and serial sequences: found through their column, and never behind the copied ids
      const { rows: found } = await target.query<{ seq: string | null; max: string | null }>(
        `SELECT pg_get_serial_sequence($1, $2) AS seq,
           (SELECT max(${ident(seq.owner_column)})::text FROM ${ident(schema)}.${ident(seq.owner_table)}) AS max`,
        [`${ident(schema)}.${ident(seq.owner_table)}`, seq.owner_column],
      );
      if (!found[0].seq)
        throw new Error(`No sequence on the target for ${seq.owner_table}.${seq.owner_column}`);
      targetName = found[0].seq;
      const max = found[0].max;
      if (BigInt(seq.increment) > 0n && max !== null && BigInt(max) >= BigInt(lastValue)) {
        if (BigInt(max) > BigInt(lastValue) || !isCalled) {
          lastValue = max;
          isCalled = true;
        }
      }
    } else {
      await target.query(
        `CREATE SEQUENCE IF NOT EXISTS ${targetName} AS ${seq.type} INCREMENT BY ${seq.increment}
         MINVALUE ${seq.min} MAXVALUE ${seq.max} START WITH ${seq.start} CACHE ${seq.cache}
         ${seq.cycle ? 'CYCLE' : 'NO CYCLE'}`,
      );
    }
    await target.query('SELECT setval($1::regclass, $2::bigint, $3)', [targetName, lastValue, isCalled]);
    copied.push({ name: seq.name, lastValue, isCalled });
  }
  return copied;
}

export async function copyDatabase(
  source: Database,
  target: Database,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const schema = options.schema ?? 'public';
  const skip = new Set([...MIGRATOR_TABLES, ...(options.skipTables ?? [])]);
  const batchRows = options.batchRows ?? 1000;
  const batchBytes = options.batchBytes ?? 8 * 1024 * 1024;
  const src = await source.pool.connect();
  let dst: pg.PoolClient | null = null;
  try {
    // one consistent snapshot of the source
    await src.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    dst = await target.pool.connect();
    await dst.query('BEGIN');
    const from = await readTables(src, schema, skip);
    const to = await readTables(dst, schema, skip);
    const missing = [...from.tables.keys()].filter((n) => !to.tables.has(n));
    const extra = [...to.tables.keys()].filter((n) => !from.tables.has(n));
    if (missing.length || extra.length)
      throw new Error(
        `Source and target have different tables (only in source: ${missing.join(', ') || '–'}; only in target: ${extra.join(', ') || '–'}). Migrate both first.`,
      );
    for (const table of to.tables.values()) {
      const sourceColumns = new Set(from.tables.get(table.name)?.columns.map((c) => c.name));
      const absent = table.columns.filter((c) => !sourceColumns.has(c.name)).map((c) => c.name);
      if (absent.length)
        throw new Error(
          `Table ${table.name} lacks columns on the source: ${absent.join(', ')}. Migrate both first.`,
        );
    }
    const order = foreignKeyOrder([...to.tables.keys()], to.foreignKeys);
    await dst.query(
      `LOCK TABLE ${order.map((n) => `${ident(schema)}.${ident(n)}`).join(', ')} IN EXCLUSIVE MODE`,
    );
    for (const name of options.mustBeEmpty ?? ['persons', 'tickets', 'audit_log']) {
      if (!to.tables.has(name)) continue;
      const rows = await countRows(dst, schema, name);
      if (rows > 0) throw new TargetNotEmptyError(name, rows);
    }
    // reference data written by the target's migrations is replaced by the source's
    for (const name of [...order].reverse()) await dst.query(`DELETE FROM ${ident(schema)}.${ident(name)}`);

    const tables: CopiedTable[] = [];
    for (const name of order) {
      const table = to.tables.get(name) as Table;
      // the source's key decides the batches; same schema, so normally the same as the target's
      const sourceTable = from.tables.get(name) as Table;
      const qualified = `${ident(schema)}.${ident(name)}`;
      const columns = table.columns.map((c) => c.name);
      const projection = columns.map((c) => (table.deferred.includes(c) ? 'NULL' : ident(c))).join(', ');
      const insert = `INSERT INTO ${qualified} (${columnList(columns)}) OVERRIDING SYSTEM VALUE
        SELECT ${projection} FROM json_populate_recordset(null::${qualified}, $1::json)`;
      const total = await countRows(src, schema, name);
      let copied = 0;
      const batches = readBatches(src, schema, { table: sourceTable, columns, batchRows, batchBytes });
      for await (const batch of batches) {
        await dst.query(insert, [batch.json]).catch((e) => {
          console.log(name, typeof batch.json, String(batch.json).slice(0, 300));
          throw e;
        });
        copied += batch.count;
        options.onProgress?.({ table: name, copied, total });
      }
      if (table.deferred.length) {
        const keys = table.primaryKey;
        const update = `UPDATE ${qualified} AS t SET ${table.deferred.map((c) => `${ident(c)} = s.${ident(c)}`).join(', ')}
          FROM json_populate_recordset(null::${qualified}, $1::json) AS s
          WHERE ${keys.map((k) => `t.${ident(k)} = s.${ident(k)}`).join(' AND ')}`;
        const references = readBatches(src, schema, {
          table: sourceTable,
          columns: [...keys, ...table.deferred],
          where: table.deferred.map((c) => `${ident(c)} IS NOT NULL`).join(' OR '),
          batchRows,
          batchBytes,
        });
        for await (const batch of references) await dst.query(update, [batch.json]);
      }
      const targetRows = await countRows(dst, schema, name);
      if (targetRows !== total || copied !== total)
        throw new Error(
          `Row count mismatch in ${name}: source ${total}, copied ${copied}, target ${targetRows}`,
        );
      tables.push({ table: name, sourceRows: total, targetRows });
    }
    const sequences = await copySequences(src, dst, schema, new Set(order));
    await dst.query('COMMIT');
    await src.query('COMMIT');
    // planner statistics for the fresh tables; autovacuum would get there too, so failing here is no failure
    for (const name of order) await dst.query(`ANALYZE ${ident(schema)}.${ident(name)}`).catch(() => {});
    return { tables, sequences };
  } catch (error) {
    await dst?.query('ROLLBACK').catch(() => {});
    await src.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    dst?.release();
    src.release();
  }
}

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTenant } from '../../test/helpers/tenant';
import { loadConfig } from '../config';
import { type AppContext, createContext } from '../context';
import { sealAuditLog, verifyAuditLog } from '../modules/audit/audit-log';
import { type Actor, loadActor } from '../modules/auth/actor';
import { buildOrgUnit, buildPerson } from '../modules/org/builders';
import { addArticle } from '../modules/tickets/commands/add-article';
import { addAttachment } from '../modules/tickets/commands/add-attachment';
import { createTicket } from '../modules/tickets/commands/create-ticket';
import { listTickets } from '../modules/tickets/repository';
import { copyDatabase, foreignKeyOrder, TargetNotEmptyError } from './copy-database';
import { type Database, migrate, openDatabase } from './database';

// Embedded → server: PGlite with real data copied into a fresh database on the throwaway PostgreSQL.
// The source is always PGlite, so this runs once, in the PGlite pass of `npm test` (file suffix .pglite.test.ts).
const serverUrl = process.env.AMTSDESK_TEST_PG_URL;
if (!serverUrl)
  throw new Error(
    'AMTSDESK_TEST_PG_URL is not set: run the suite with `npm test`, which starts a PostgreSQL server',
  );

async function seal(db: Database['db']) {
  while ((await sealAuditLog(db)) > 0) {
    // until nothing final is left
  }
}

describe('copyDatabase (embedded → PostgreSQL server)', () => {
  let source: Database;
  let target: Database;
  let admin: Database;
  let sourceCtx: AppContext;
  const config = loadConfig({ jobs: false, loadDemoData: false, databaseUrl: null });

  beforeAll(async () => {
    source = await openDatabase({
      databaseUrl: null,
      dataDir: '',
      memory: true,
      loadDataDir: new Blob([fs.readFileSync(inject('snapshotPath'))]),
    });
    sourceCtx = createContext(config, source, null);
    const name = `amtsdesk_copy_${Date.now()}_${process.pid}`;
    admin = await openDatabase({ databaseUrl: serverUrl as string, dataDir: '', poolSize: 1 });
    await admin.pool.query(`CREATE DATABASE ${name}`);
    target = await openDatabase({
      databaseUrl: (serverUrl as string).replace(/\/[^/]*$/, `/${name}`),
      dataDir: '',
      poolSize: 3,
    });
    await migrate(target.db);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await admin?.close();
  });

  it('copies every table with ids, bytes, search vectors, the audit chain and the sequences', async () => {
    const tenant = await buildTenant(source.db);
    const requester = (await loadActor(source.db, tenant.requester.id)) as Actor;
    const agent = (await loadActor(source.db, tenant.agent.id)) as Actor;
    // a parent with a higher id than its child: the self-reference of org_units must not depend on id order
    const child = await buildOrgUnit(source.db, { kind: 'unit' });
    const parent = await buildOrgUnit(source.db, { kind: 'department' });
    await source.db
      .updateTable('org_units')
      .set({ parent_id: parent.id })
      .where('id', '=', child.id)
      .execute();

    const printer = await createTicket(sourceCtx, requester, {
      title: 'Drucker in Raum 204 druckt keine Seiten',
      description: 'Der Netzwerkdrucker nimmt Aufträge an, aber es kommt nichts heraus.',
      topic: tenant.topic.key,
      priority: 'high',
    });
    await createTicket(sourceCtx, requester, {
      title: 'Bildschirm flackert',
      description: 'Seit heute Morgen.',
      priority: 'normal',
    });
    await addArticle(sourceCtx, agent, printer, { body: 'Wir tauschen die Trommel.', internal: false });
    // every byte value once, behind the PNG signature the upload check asks for
    const content = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from('Ä\u0000\\x00\'"', 'utf8'),
    ]);
    const attachment = await addAttachment(sourceCtx, requester, printer, {
      filename: 'fehlerseite.png',
      contentType: 'image/png',
      content,
    });
    await seal(source.db);
    const sourceAudit = await verifyAuditLog(source.db);
    expect(sourceAudit.ok).toBe(true);

    const progress = new Set<string>();
    const result = await copyDatabase(source, target, {
      batchRows: 7, // several batches per table, also for the keyset paging
      onProgress: ({ table }) => progress.add(table),
    });

    const tableNames = result.tables.map((t) => t.table);
    expect(tableNames).toEqual(expect.arrayContaining(['org_units', 'persons', 'tickets', 'audit_log']));
    expect(tableNames).not.toContain('kysely_migration');
    expect(tableNames.indexOf('org_units')).toBeLessThan(tableNames.indexOf('persons'));
    expect(tableNames.indexOf('tickets')).toBeLessThan(tableNames.indexOf('attachments'));
    for (const { table, sourceRows, targetRows } of result.tables) {
      expect(targetRows, table).toBe(sourceRows);
      const count = async (db: Database) =>
        Number((await db.pool.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
      expect(await count(target), table).toBe(await count(source));
    }
    expect(progress.has('tickets')).toBe(true);

    const movedChild = await target.db
      .selectFrom('org_units')
      .select('parent_id')
      .where('id', '=', child.id)
      .executeTakeFirstOrThrow();
    expect(movedChild.parent_id).toBe(parent.id);

    // German full-text search on the target, through the app's own query ("Druckers" → "Drucker")
    const targetAgent = (await loadActor(target.db, tenant.agent.id)) as Actor;
    const found = await listTickets(target.db, targetAgent, { q: 'Druckers', limit: 50 });
    expect(found.items.map((t) => t.number)).toContain(printer);

    const bytes = await target.db
      .selectFrom('attachments')
      .select(['content', 'sha256', 'size_bytes'])
      .where('id', '=', attachment.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.compare(bytes.content, content)).toBe(0);
    expect(bytes.size_bytes).toBe(content.length);

    const targetAudit = await verifyAuditLog(target.db);
    expect(targetAudit).toMatchObject({ ok: true, checked: sourceAudit.checked, unsealed: 0 });

    // the sequences continue after the copied rows
    const targetCtx = createContext(config, target, null);
    const targetRequester = (await loadActor(target.db, tenant.requester.id)) as Actor;
    const next = await createTicket(targetCtx, targetRequester, {
      title: 'Neues Ticket nach dem Umzug',
      description: 'Auf dem Server angelegt.',
      priority: 'low',
    });
    const serial = (n: string) => Number(n.split('-')[1]);
    const copiedNumbers = (await source.db.selectFrom('tickets').select('number').execute()).map((t) =>
      serial(t.number),
    );
    expect(serial(next)).toBeGreaterThan(Math.max(...copiedNumbers));
    const maxPersonId = Math.max(
      ...(await source.db.selectFrom('persons').select('id').execute()).map((p) => p.id),
    );
    expect((await buildPerson(target.db)).id).toBeGreaterThan(maxPersonId);
    await seal(target.db);
    const extended = await verifyAuditLog(target.db);
    expect(extended.ok).toBe(true);
    expect(extended.checked).toBeGreaterThan(sourceAudit.checked);

    // a second copy into the now filled target is refused and changes nothing
    await expect(copyDatabase(source, target)).rejects.toBeInstanceOf(TargetNotEmptyError);
    expect((await target.db.selectFrom('tickets').select('number').execute()).length).toBe(
      copiedNumbers.length + 1,
    );
  });

  it('copies tables without a primary key, composite self-references, generated columns and large values', async () => {
    const ddl = `CREATE SCHEMA edge;
      CREATE TABLE edge.no_key (a int, b text);
      CREATE TABLE edge.blobs (id serial PRIMARY KEY, data bytea NOT NULL, "odd ""name""" text);
      CREATE TABLE edge.tree (a int, b int, parent_a int, parent_b int, PRIMARY KEY (a, b),
        FOREIGN KEY (parent_a, parent_b) REFERENCES edge.tree);
      CREATE TABLE edge.calc (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int,
        doubled int GENERATED ALWAYS AS (v * 2) STORED);`;
    await source.pool.query(ddl);
    await target.pool.query(ddl);
    await source.pool.query(`
      INSERT INTO edge.no_key SELECT g, 'r' || g FROM generate_series(1, 2500) g;
      INSERT INTO edge.blobs (data, "odd ""name""")
        SELECT decode(repeat(md5(g::text), 4096), 'hex'), 'x' FROM generate_series(1, 30) g;
      INSERT INTO edge.tree VALUES (1, 1, NULL, NULL), (5, 5, NULL, NULL), (2, 2, 5, 5);
      UPDATE edge.tree SET parent_a = 2, parent_b = 2 WHERE a = 5;
      UPDATE edge.tree SET parent_a = 1, parent_b = 1 WHERE a = 2;
      INSERT INTO edge.calc (v) SELECT g FROM generate_series(1, 10) g;`);
    const batches = new Map<string, number>();
    const result = await copyDatabase(source, target, {
      schema: 'edge',
      batchBytes: 256 * 1024, // 64 KiB per blob: four per batch
      onProgress: ({ table }) => batches.set(table, (batches.get(table) ?? 0) + 1),
    });
    expect(result.tables.map((t) => [t.table, t.targetRows])).toEqual([
      ['blobs', 30],
      ['calc', 10],
      ['no_key', 2500],
      ['tree', 3],
    ]);
    expect(batches.get('blobs')).toBe(8); // cut by size
    expect(batches.get('no_key')).toBe(3); // cut by rows, paged by ctid
    const digest = `SELECT md5(string_agg(md5(data) || "odd ""name""", ',' ORDER BY id)) AS d FROM edge.blobs`;
    expect((await target.pool.query(digest)).rows).toEqual((await source.pool.query(digest)).rows);
    expect((await target.pool.query('SELECT a, parent_a FROM edge.tree ORDER BY a')).rows).toEqual([
      { a: 1, parent_a: null },
      { a: 2, parent_a: 1 },
      { a: 5, parent_a: 2 },
    ]);
    const { rows } = await target.pool.query('INSERT INTO edge.calc (v) VALUES (21) RETURNING id, doubled');
    expect(rows[0]).toEqual({ id: 11, doubled: 42 });
  });
});

describe('foreignKeyOrder', () => {
  it('puts parents first, ignores self-references and reports cycles', () => {
    const fk = (child: string, parent: string) => ({ child, parent, columns: ['x'] });
    expect(foreignKeyOrder(['c', 'b', 'a'], [fk('c', 'b'), fk('b', 'a'), fk('a', 'a')])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(() => foreignKeyOrder(['a', 'b'], [fk('a', 'b'), fk('b', 'a')])).toThrow(/cycle between: a, b/);
  });
});

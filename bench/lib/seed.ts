import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { AppContext } from '../../src/context';
import { buildGroup, buildOrgUnit, buildPerson, buildTopic } from '../../src/modules/org/builders';
import {
  articleBodies,
  closings,
  departments,
  details,
  devices,
  firstNames,
  groupNames,
  lastNames,
  locations,
  problems,
  RARE_COUNT,
  RARE_TERM,
  since,
  tailFirst,
  tailMiddle,
  tailSuffixes,
} from './words';

export const BENCH_PASSWORD = 'bench-passwort';
export const AGENTS_PER_GROUP = 3;
export const REQUESTERS = 500;
/** tickets of one group that get 20 articles each for the ticket-view scenario */
export const VIEW_TICKETS = 200;
export const VIEW_ARTICLES = 20;
const FIRST_YEAR = 2016;

export interface SeedInfo {
  adminLogin: string;
  groups: { id: number; name: string; agentLogins: string[] }[];
  topicKeys: string[];
  requesterLogins: string[];
  viewGroupId: number;
  viewTickets: string[];
}

export interface GenerationReport {
  tickets: number;
  articles: number;
  orgSeconds: number;
  ticketSeconds: number;
  /** part of ticketSeconds: rebuilding the secondary indexes after the bulk load */
  indexSeconds: number;
  skippedForeignKeys: boolean;
  viewTicketSeconds: number;
  vacuumAnalyzeSeconds: number;
  totalSeconds: number;
  ticketsPerSecond: number;
  openTickets: number;
  commonTermTickets: number;
  rareTermTickets: number;
  tableSizes: Record<string, string>;
}

const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

/** Org units, 20 groups with 3 agents each, 40 topics, 500 requesters and an admin — with the app's builders. */
export async function seedOrganisation(ctx: AppContext): Promise<SeedInfo> {
  return ctx.db.transaction().execute(async (db) => {
    const city = await buildOrgUnit(db, { name: 'Stadtverwaltung Benchstadt', kind: 'administration' });
    const itUnit = await buildOrgUnit(db, { name: 'Abteilung IT', kind: 'department', parentId: city.id });
    const depts = [];
    for (const [i, name] of departments.entries())
      depts.push(await buildOrgUnit(db, { name, code: String(10 * (i + 1)), parentId: city.id }));

    const adminLogin = 'bench-admin';
    await buildPerson(db, {
      login: adminLogin,
      name: 'Bench Admin',
      orgUnitId: itUnit.id,
      password: BENCH_PASSWORD,
      roles: [{ role: 'admin' }],
    });

    const groups: SeedInfo['groups'] = [];
    const topicKeys: string[] = [];
    for (const [gi, name] of groupNames.entries()) {
      const group = await buildGroup(db, {
        key: `bench-g${gi + 1}`,
        name,
        orgUnitId: itUnit.id,
        isDefault: gi === 0,
      });
      for (let t = 1; t <= 2; t++) {
        const topic = await buildTopic(db, {
          groupId: group.id,
          key: `bench-t${gi + 1}-${t}`,
          nameDe: `${name} ${t}`,
          nameEn: `${name} ${t}`,
        });
        topicKeys.push(topic.key);
      }
      const agentLogins: string[] = [];
      for (let a = 1; a <= AGENTS_PER_GROUP; a++) {
        const login = `agent-g${gi + 1}-${a}`;
        await buildPerson(db, {
          login,
          name: `${firstNames[(gi * 3 + a) % firstNames.length]} ${lastNames[(gi + a * 5) % lastNames.length]}`,
          orgUnitId: itUnit.id,
          password: BENCH_PASSWORD,
          roles: [{ role: 'agent', orgUnitId: itUnit.id }],
          groupIds: [group.id],
        });
        agentLogins.push(login);
      }
      groups.push({ id: group.id, name, agentLogins });
    }

    const requesterLogins: string[] = [];
    for (let r = 1; r <= REQUESTERS; r++) {
      const login = `req-${String(r).padStart(4, '0')}`;
      await buildPerson(db, {
        login,
        name: `${firstNames[r % firstNames.length]} ${lastNames[(r * 7) % lastNames.length]}`,
        orgUnitId: depts[r % depts.length].id,
        password: BENCH_PASSWORD,
      });
      requesterLogins.push(login);
    }
    return { adminLogin, groups, topicKeys, requesterLogins, viewGroupId: groups[1].id, viewTickets: [] };
  });
}

/** Tickets per year 2016…now, growing by 8 % a year; each year's tickets spread evenly over it. */
export function yearPlan(total: number, now = new Date()) {
  const lastYear = now.getFullYear();
  const years: { year: number; start: number; duration: number; weight: number }[] = [];
  for (let y = FIRST_YEAR; y <= lastYear; y++) {
    const start = Date.parse(`${y}-01-01T00:00:00+01:00`) / 1000;
    const end =
      y === lastYear ? now.getTime() / 1000 - 3600 : Date.parse(`${y + 1}-01-01T00:00:00+01:00`) / 1000;
    years.push({
      year: y,
      start,
      duration: end - start,
      weight: (end - start) * (1 + 0.08 * (y - FIRST_YEAR)),
    });
  }
  const sum = years.reduce((s, y) => s + y.weight, 0);
  let assigned = 0;
  const counts = years.map((y, i) => {
    const c = i === years.length - 1 ? total - assigned : Math.round((total * y.weight) / sum);
    assigned += c;
    return c;
  });
  // first ticket index (1-based) of each year
  const firstIndex: number[] = [];
  let acc = 1;
  for (const c of counts) {
    firstIndex.push(acc);
    acc += c;
  }
  return { years, counts, firstIndex };
}

const lit = (list: string[]) => `ARRAY[${list.map((s) => `'${s.replaceAll("'", "''")}'`).join(',')}]::text[]`;
/** a deterministic pseudo-random integer in [0, m) from the row index i and a seed */
const h = (expr: string, seed: number, m: number) =>
  `((((hashint8extended(${expr}, ${seed}) % ${m}) + ${m}) % ${m})::int)`;

/**
 * Bulk insert of tickets i in [lo, hi] with their articles in one statement (INSERT … SELECT FROM
 * generate_series). Ticket numbers YYYY-NNNNNN follow the per-year sequence style.
 */
function ticketChunkSql(total: number) {
  const i = 'i';
  const dev = `${h(i, 8, devices.length)} + 1`;
  const rareStep = Math.max(1, Math.floor(total / RARE_COUNT));
  const tailSize = tailFirst.length * tailMiddle.length * tailSuffixes.length;
  const tailWord = (w: string) =>
    `((${lit(tailFirst)})[1 + ${w} % ${tailFirst.length}] || (${lit(tailMiddle)})[1 + (${w} / ${tailFirst.length}) % ${tailMiddle.length}] || (${lit(tailSuffixes)})[1 + (${w} / ${tailFirst.length * tailMiddle.length}) % ${tailSuffixes.length}])`;
  // $1 lo, $2 hi, $3 firstIndex[], $4 yearStart[], $5 yearDuration[], $6 yearCount[],
  // $7 stateIds[] (new, assigned, inProgress, waitingForRequester, waitingForThirdParty, resolved, closed, merged),
  // $8 stateTypes[], $9 topicIds[], $10 topicGroupIdx[], $11 groupIds[], $12 agentIds[] (group-major),
  // $13 requesterIds[], $14 requesterOrgIds[]
  return `
WITH s AS (
  SELECT i, width_bucket(i, $3::bigint[]) AS yb,
    ${h(i, 1, 1000)} AS r_state, ${h(i, 3, 10)} AS r_notopic, ${h(i, 2, 1000000)} AS r_topic,
    ${h(i, 4, 1000000)} AS r_req, ${h(i, 5, 10)} AS r_unassigned, ${h(i, 6, 3)} AS r_agent,
    ${h(i, 7, 100)} AS r_prio, ${dev} AS dev, ${h(i, 9, problems.length)} + 1 AS prob,
    ${h(i, 10, since.length)} + 1 AS sin, ${h(i, 11, locations.length)} + 1 AS loc,
    ${h(i, 12, details.length)} + 1 AS d1, ${h(i, 13, details.length)} + 1 AS d2,
    ${h(i, 14, closings.length)} + 1 AS clo, ${h(i, 16, 240)} AS r_hours,
    ${h(i, 18, 1000000)} AS r_w1, ${h(i, 19, 1000000)} AS r_w2
  FROM generate_series($1::bigint, $2::bigint) AS i
), t AS (
  SELECT s.*,
    ${FIRST_YEAR} - 1 + yb AS year,
    i - ($3::bigint[])[yb] + 1 AS num,
    to_timestamp(($4::float8[])[yb] + ((i - ($3::bigint[])[yb]) + 0.5) / ($6::float8[])[yb] * ($5::float8[])[yb]) AS created,
    CASE WHEN r_state < 10 THEN 8 WHEN r_state < 460 THEN 7 WHEN r_state < 860 THEN 6
         WHEN r_state < 890 THEN 1 WHEN r_state < 930 THEN 2 WHEN r_state < 970 THEN 3
         WHEN r_state < 990 THEN 4 ELSE 5 END AS st,
    CASE WHEN r_notopic = 0 THEN NULL ELSE 1 + r_topic % cardinality($9::bigint[]) END AS ti,
    CASE WHEN r_prio < 5 THEN 'critical' WHEN r_prio < 20 THEN 'high' WHEN r_prio < 90 THEN 'normal' ELSE 'low' END AS prio,
    1 + r_req % cardinality($13::bigint[]) AS ri,
    floor(exp(r_w1 / 1000000.0 * ln(${tailSize}::float8)))::int - 1 AS w1,
    floor(exp(r_w2 / 1000000.0 * ln(${tailSize}::float8)))::int - 1 AS w2,
    CASE WHEN i % ${rareStep} = ${Math.min(17, rareStep - 1)}
      THEN '${RARE_TERM}: Sitzungsvorlage lässt sich nicht öffnen'
      ELSE (${lit(devices)})[dev] || ' ' || (${lit(problems)})[prob] END AS title
  FROM s
), u AS (
  SELECT t.*,
    CASE WHEN ti IS NULL THEN 1 ELSE ($10::int[])[ti] END AS gi,
    CASE prio WHEN 'critical' THEN 0.5 WHEN 'high' THEN 2 WHEN 'normal' THEN 8 ELSE 16 END AS fr_hours,
    CASE prio WHEN 'critical' THEN 4 WHEN 'high' THEN 48 WHEN 'normal' THEN 120 ELSE 240 END AS res_hours,
    'Guten Tag, ' || (${lit(since)})[sin] || ': ' || (${lit(devices)})[dev] || ' ' || (${lit(problems)})[prob]
      || '. Betroffen ist der Arbeitsplatz im ' || (${lit(locations)})[loc] || '. '
      || (${lit(details)})[d1] || ' ' || (${lit(details)})[d2]
      || ' Fachverfahren ' || ${tailWord('w1')} || ', Vorgang ' || ${tailWord('w2')} || '. '
      || (${lit(closings)})[clo] AS descr
  FROM t
), ins AS (
  INSERT INTO tickets (number, title, description, process_type, priority, state_id, state_type,
    requester_id, requester_org_unit_id, topic_id, group_id, assignee_id, created_by_id,
    created_at, updated_at, first_response_due_at, first_responded_at, resolution_due_at, resolved_at,
    search_vector)
  SELECT year || '-' || lpad(num::text, 6, '0'), title, descr,
    CASE WHEN r_hours % 20 = 0 THEN 'order' ELSE 'support' END, prio,
    ($7::bigint[])[st], ($8::text[])[st],
    ($13::bigint[])[ri], ($14::bigint[])[ri], ($9::bigint[])[ti], ($11::bigint[])[gi],
    CASE WHEN st = 1 OR r_unassigned < 2 THEN NULL ELSE ($12::bigint[])[(gi - 1) * ${AGENTS_PER_GROUP} + 1 + r_agent] END,
    ($13::bigint[])[ri],
    created,
    LEAST(created + make_interval(hours => r_hours), now()),
    created + make_interval(mins => (fr_hours * 60)::int),
    CASE WHEN st > 1 THEN created + make_interval(mins => 30 + r_hours % 90) END,
    created + make_interval(hours => res_hours),
    CASE WHEN st >= 6 THEN LEAST(created + make_interval(hours => r_hours), now()) END,
    setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', descr), 'B')
  FROM u
  RETURNING id, created_at, requester_id, assignee_id
)
INSERT INTO articles (ticket_id, kind, internal, sender, author_id, body, created_at)
SELECT ins.id,
  CASE k WHEN 2 THEN 'note' ELSE 'reply' END, k = 2,
  CASE k WHEN 3 THEN 'requester' ELSE 'agent' END,
  CASE k WHEN 3 THEN ins.requester_id ELSE ins.assignee_id END,
  (${lit(articleBodies)})[${h('ins.id * 4 + k', 17, articleBodies.length)} + 1],
  ins.created_at + make_interval(hours => k)
FROM ins CROSS JOIN LATERAL generate_series(1, ${h('ins.id', 15, 4)}) AS k`;
}

async function ids(pool: pg.Pool, text: string, values: unknown[] = []) {
  return (await pool.query(text, values)).rows.map((r) => r.id as number);
}

/** Tickets (and their articles) in chunks, the ticket-view tickets, then VACUUM ANALYZE. */
export async function seedTickets(
  ctx: AppContext,
  info: SeedInfo,
  total: number,
  options: { chunk?: number; log?: (line: string) => void; orgSeconds: number },
): Promise<GenerationReport> {
  const pool = ctx.database.pool;
  const log = options.log ?? (() => {});
  const chunk = options.chunk ?? 50_000;
  const t0 = performance.now();
  const plan = yearPlan(total);
  const stateKeys = [
    'new',
    'assigned',
    'inProgress',
    'waitingForRequester',
    'waitingForThirdParty',
    'resolved',
    'closed',
    'merged',
  ];
  const states = (await pool.query('SELECT id, key, state_type FROM ticket_states')).rows as {
    id: number;
    key: string;
    state_type: string;
  }[];
  const stateRows = stateKeys.map((k) => {
    const s = states.find((x) => x.key === k);
    if (!s) throw new Error(`ticket state ${k} missing`);
    return s;
  });
  const groupIds = info.groups.map((g) => g.id);
  const topics = (await pool.query("SELECT id, group_id FROM topics WHERE key LIKE 'bench-t%' ORDER BY id"))
    .rows as { id: number; group_id: number }[];
  const agentIds: number[] = [];
  for (const g of info.groups)
    for (const login of g.agentLogins)
      agentIds.push(...(await ids(pool, 'SELECT id FROM persons WHERE login = $1', [login])));
  const requesters = (
    await pool.query("SELECT id, org_unit_id FROM persons WHERE login LIKE 'req-%' ORDER BY id")
  ).rows as { id: number; org_unit_id: number }[];

  const text = ticketChunkSql(total);
  const staticValues = [
    plan.firstIndex,
    plan.years.map((y) => y.start),
    plan.years.map((y) => y.duration),
    plan.counts,
    stateRows.map((s) => s.id),
    stateRows.map((s) => s.state_type),
    topics.map((t) => t.id),
    topics.map((t) => groupIds.indexOf(t.group_id) + 1),
    groupIds,
    agentIds,
    requesters.map((r) => r.id),
    requesters.map((r) => r.org_unit_id),
  ];
  const tTickets = performance.now();
  // Like a restore: secondary indexes are dropped for the bulk load and rebuilt afterwards (same
  // definitions, from pg_indexes), and foreign-key triggers are skipped where the role may do so.
  const client = await pool.connect();
  let indexSeconds = 0;
  let skippedForeignKeys = false;
  try {
    const empty = !(await client.query('SELECT 1 FROM tickets LIMIT 1')).rowCount;
    const secondary = empty
      ? ((
          await client.query(
            `SELECT i.indexname, i.indexdef FROM pg_indexes i
             JOIN pg_class c ON c.relname = i.indexname
             WHERE i.schemaname = 'public' AND i.tablename IN ('tickets', 'articles')
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)`,
          )
        ).rows as { indexname: string; indexdef: string }[])
      : [];
    try {
      for (const ix of secondary) await client.query(`DROP INDEX ${ix.indexname}`);
      try {
        await client.query('SET session_replication_role = replica');
        skippedForeignKeys = true;
      } catch {
        // not a superuser: foreign keys are checked row by row (slower, same data)
      }
      for (let lo = 1; lo <= total; lo += chunk) {
        const hi = Math.min(total, lo + chunk - 1);
        const tc = performance.now();
        await client.query(text, [lo, hi, ...staticValues]);
        log(`  tickets ${lo}–${hi} in ${seconds(tc)} s`);
      }
    } finally {
      if (skippedForeignKeys) await client.query('RESET session_replication_role');
      const ti = performance.now();
      for (const ix of secondary) await client.query(ix.indexdef);
      indexSeconds = seconds(ti);
      if (secondary.length) log(`  ${secondary.length} secondary indexes rebuilt in ${indexSeconds} s`);
    }
  } finally {
    client.release();
  }
  // the per-year sequences continue after the generated numbers, so new tickets never collide
  for (const [i, y] of plan.years.entries()) {
    await pool.query(`CREATE SEQUENCE IF NOT EXISTS ticket_number_${y.year}`);
    if (plan.counts[i] > 0)
      await pool.query(`SELECT setval('ticket_number_${y.year}', $1)`, [plan.counts[i]]);
  }
  const ticketSeconds = seconds(tTickets);

  // ticket view: 200 open tickets of one group get 20 articles and a short history each
  const tView = performance.now();
  const view = (
    await pool.query(
      `SELECT id, number FROM tickets
       WHERE group_id = $1 AND state_type NOT IN ('closed','merged') AND assignee_id IS NOT NULL
       ORDER BY id DESC LIMIT ${VIEW_TICKETS}`,
      [info.viewGroupId],
    )
  ).rows as { id: number; number: string }[];
  const viewIds = view.map((v) => v.id);
  await pool.query(
    `INSERT INTO articles (ticket_id, kind, internal, sender, author_id, body, created_at)
     SELECT t.id,
       CASE WHEN k % 5 = 2 THEN 'note' ELSE 'reply' END, k % 5 = 2,
       CASE WHEN k % 5 = 2 OR k % 2 = 1 THEN 'agent' ELSE 'requester' END,
       CASE WHEN k % 5 = 2 OR k % 2 = 1 THEN t.assignee_id ELSE t.requester_id END,
       (${lit(articleBodies)})[1 + (t.id + k) % ${articleBodies.length}]
         || ' ' || repeat('Weitere Angaben zum Vorgang. ', (1 + k % 6)::int),
       t.created_at + make_interval(mins => (20 * k)::int)
     FROM tickets t
     CROSS JOIN LATERAL generate_series(
       (SELECT count(*) FROM articles a WHERE a.ticket_id = t.id) + 1, ${VIEW_ARTICLES}) AS k
     WHERE t.id = ANY($1::bigint[])`,
    [viewIds],
  );
  await pool.query(
    `INSERT INTO ticket_history (ticket_id, actor_id, field, old_value, new_value, created_at)
     SELECT t.id, t.assignee_id, f.field, f.old_value, f.new_value, t.created_at + make_interval(mins => f.n)
     FROM tickets t CROSS JOIN (VALUES
       (1, 'created', NULL, NULL), (5, 'state', 'new', 'assigned'), (6, 'assignee', NULL, 'agent'),
       (60, 'priority', 'normal', 'high'), (90, 'state', 'assigned', 'inProgress')
     ) AS f(n, field, old_value, new_value)
     WHERE t.id = ANY($1::bigint[])`,
    [viewIds],
  );
  info.viewTickets = view.map((v) => v.number);
  const viewTicketSeconds = seconds(tView);

  const tVacuum = performance.now();
  await pool.query('VACUUM (ANALYZE) tickets');
  await pool.query('VACUUM (ANALYZE) articles');
  await pool.query('ANALYZE');
  const vacuumAnalyzeSeconds = seconds(tVacuum);

  const counts = (
    await pool.query(
      `SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM articles) AS articles,
        (SELECT count(*) FROM tickets WHERE state_type NOT IN ('closed','merged')) AS open,
        (SELECT count(*) FROM tickets WHERE search_vector @@ websearch_to_tsquery('german', 'Drucker')) AS common,
        (SELECT count(*) FROM tickets WHERE search_vector @@ websearch_to_tsquery('german', $1)) AS rare`,
      [RARE_TERM],
    )
  ).rows[0];
  const sizes = (
    await pool.query(
      `SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS total,
              pg_size_pretty(pg_relation_size(oid)) AS heap
       FROM pg_class WHERE relname IN ('tickets', 'articles', 'tickets_search_idx', 'tickets_group_due_idx')`,
    )
  ).rows as { relname: string; total: string; heap: string }[];
  const tableSizes: Record<string, string> = {};
  for (const s of sizes)
    tableSizes[s.relname] = s.relname.endsWith('_idx') ? s.heap : `${s.total} (heap ${s.heap})`;
  const totalSeconds = seconds(t0) + options.orgSeconds;
  return {
    tickets: Number(counts.tickets),
    articles: Number(counts.articles),
    orgSeconds: options.orgSeconds,
    ticketSeconds,
    indexSeconds,
    skippedForeignKeys,
    viewTicketSeconds,
    vacuumAnalyzeSeconds,
    totalSeconds,
    ticketsPerSecond: Math.round(total / ticketSeconds),
    openTickets: Number(counts.open),
    commonTermTickets: Number(counts.common),
    rareTermTickets: Number(counts.rare),
    tableSizes,
  };
}

/** The SeedInfo of a database seeded earlier (--reuse), or null if it holds no bench data. */
export async function loadSeedInfo(ctx: AppContext): Promise<SeedInfo | null> {
  const pool = ctx.database.pool;
  const admin = await pool.query("SELECT id FROM persons WHERE login = 'bench-admin'");
  if (!admin.rowCount) return null;
  const groups = (
    await pool.query(
      "SELECT id, name, key FROM groups WHERE key LIKE 'bench-g%' ORDER BY substr(key, 8)::int",
    )
  ).rows as { id: number; name: string; key: string }[];
  const topicKeys = (
    await pool.query("SELECT key FROM topics WHERE key LIKE 'bench-t%' ORDER BY id")
  ).rows.map((r) => r.key as string);
  const requesterLogins = (
    await pool.query("SELECT login FROM persons WHERE login LIKE 'req-%' ORDER BY login")
  ).rows.map((r) => r.login as string);
  const viewGroupId = groups[1].id;
  const viewTickets = (
    await pool.query(
      `SELECT t.number FROM tickets t
       JOIN (SELECT ticket_id FROM articles GROUP BY ticket_id HAVING count(*) >= ${VIEW_ARTICLES}) a
         ON a.ticket_id = t.id
       WHERE t.group_id = $1 ORDER BY t.id DESC LIMIT ${VIEW_TICKETS}`,
      [viewGroupId],
    )
  ).rows.map((r) => r.number as string);
  return {
    adminLogin: 'bench-admin',
    groups: groups.map((g, i) => ({
      id: g.id,
      name: g.name,
      agentLogins: Array.from({ length: AGENTS_PER_GROUP }, (_, a) => `agent-g${i + 1}-${a + 1}`),
    })),
    topicKeys,
    requesterLogins,
    viewGroupId,
    viewTickets,
  };
}

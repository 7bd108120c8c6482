// Regenerates the generated parts of docs/BENCHMARKS.md from every bench/results/*.json:
// `node --import tsx bench/report.ts` (bench/run.ts calls it after each run).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchResult, readResults, type ScenarioResult, sizeLabel } from './lib/results';

const docFile = path.resolve(import.meta.dirname, '../docs/BENCHMARKS.md');

const ORDER = [
  'health',
  'create-token',
  'create-session',
  'create-token-shared',
  'queue-group',
  'queue-group-admin',
  'queue-group-token',
  'queue-group-page2',
  'view-ticket',
  'search-common-agent',
  'search-common-admin',
  'search-rare-agent',
  'search-rare-admin',
  'list-admin',
  'list-agent',
  'coldstart-new-dir',
  'coldstart-again',
  'rss-demo-idle',
  'coldstart-compiled-new-dir',
  'coldstart-compiled-again',
  'rss-compiled-demo-idle',
  'start-seeded',
  'rss-idle',
  'rss-after-load',
  'rss-peak',
  'compiled-start-seeded',
  'compiled-rss-idle',
  'compiled-rss-after-load',
  'compiled-rss-peak',
  'coldstart-tsx-new-dir',
  'coldstart-tsx-again',
  'rss-tsx-demo-idle',
  'tsx-start-seeded',
  'tsx-rss-idle',
  'tsx-rss-after-load',
  'tsx-rss-peak',
];
const rank = (name: string) => {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
};

const fmt = (x: number, unit: string) => {
  if (Number.isNaN(x)) return '–';
  if (unit === 'MB') return `${Math.round(x)} MB`;
  if (unit === 's') return `${x.toFixed(1)} s`;
  return `${x < 100 ? x.toFixed(1) : Math.round(x)} ms`;
};

function machineLabel(r: BenchResult) {
  const cpu = r.machine.cpu
    .replace(/\((R|TM)\)/g, '')
    .replace(/\s+CPU\b/, '')
    .replace(/\s+@.*$/, '')
    .replace(/\s+Processor$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${r.machine.cores} cores, ${cpu}, ${Math.round(r.machine.ramGb)} GB`;
}

const engineLabel = (r: BenchResult) => (r.label ? `${r.engine} (${r.label})` : r.engine);

function metCell(s: ScenarioResult) {
  if (!s.target || s.met === null) return '–';
  const t = s.target;
  const v = t.metric === 'throughput' ? (s.throughput ?? Number.NaN) : s.p95;
  const shown = t.metric === 'throughput' ? `${Math.round(v)}/s` : fmt(v, s.unit);
  if (s.met) return `✅ ${t.metric === 'throughput' ? shown : ''}`.trim();
  const pct = (x: number) => (x < 1 ? x.toFixed(1) : String(Math.round(x)));
  const off =
    t.op === '<='
      ? `+${pct(((v - t.limit) / t.limit) * 100)} %`
      : `−${pct(((t.limit - v) / t.limit) * 100)} %`;
  return `❌ ${shown} (${off})`;
}

function resultsTable(results: BenchResult[]) {
  const lines = [
    '| date | machine | engine | size | scenario | median | p95 | target | met? |',
    '|---|---|---|---:|---|---:|---:|---|---|',
  ];
  for (const r of results) {
    const scenarios = [...r.scenarios].sort((a, b) => rank(a.name) - rank(b.name));
    for (const s of scenarios) {
      const name = s.concurrency && s.concurrency > 1 ? `${s.name} (${s.concurrency} clients)` : s.name;
      lines.push(
        `| ${r.date} | ${machineLabel(r)} | ${engineLabel(r)} | ${sizeLabel(r.size)} | ${name} | ${fmt(s.median, s.unit)} | ${fmt(s.p95, s.unit)} | ${s.target?.label ?? '–'} | ${metCell(s)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** CPU milliseconds per request: server thread (node minus load generator) and PostgreSQL processes */
function cpuPerRequest(s: ScenarioResult) {
  const throughput = s.throughput;
  if (!s.cpu || !throughput) return { node: '–', pg: '–', machine: '–' };
  const per = (cores: number) => `${((cores / throughput) * 1000).toFixed(1)}`;
  return {
    node: per(Math.max(0, s.cpu.nodeCores - (s.cpu.clientEventLoop ?? 0))),
    pg: s.cpu.postgresCores === null ? '–' : per(s.cpu.postgresCores),
    machine: `${s.cpu.machineBusyCores}`,
  };
}

function detailTable(results: BenchResult[]) {
  const lines = [
    '| date | engine | size | scenario | n | median | p95 | p99 | max | throughput | server CPU ms/req | PostgreSQL CPU ms/req | queries/req | DB exec ms/req | machine busy (cores of 2) | errors | what |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const esc = (t: string) => t.replaceAll('|', '\\|');
  for (const r of results)
    for (const s of [...r.scenarios].sort((a, b) => rank(a.name) - rank(b.name))) {
      const c = cpuPerRequest(s);
      lines.push(
        `| ${r.date} | ${engineLabel(r)} | ${sizeLabel(r.size)} | ${s.name} | ${s.n} | ${fmt(s.median, s.unit)} | ${fmt(s.p95, s.unit)} | ${fmt(s.p99, s.unit)} | ${fmt(s.max, s.unit)} | ${s.throughput !== undefined ? `${Math.round(s.throughput)}/s` : '–'} | ${c.node} | ${c.pg} | ${s.statements?.queriesPerRequest ?? '–'} | ${s.statements?.dbMsPerRequest ?? '–'} | ${c.machine} | ${s.errors ?? '–'} | ${esc(s.description)}${s.note ? ` — ${esc(s.note)}` : ''} |`,
      );
    }
  return lines.join('\n');
}

function runsTable(results: BenchResult[]) {
  const lines = [
    '| date | engine | size | app commit | version | load avg at start → end | SELECT 1 round trip (node CPU) | tickets | articles | generation | tickets/s | VACUUM ANALYZE | tickets table | search index | notes |',
    '|---|---|---:|---|---|---|---|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const r of results) {
    const g = r.generation;
    lines.push(
      `| ${r.date} | ${engineLabel(r)} | ${sizeLabel(r.size)} | ${r.appCommit ?? '?'} | ${r.engineVersion.split(' on ')[0].split(',')[0]} | ${r.machine.loadAvgStart.join(' ')} → ${r.machine.loadAvgEnd?.join(' ') ?? '?'} | ${r.roundTrip ? `${r.roundTrip.medianMs} ms (${r.roundTrip.nodeCpuMs} ms)` : '–'} | ${g?.tickets.toLocaleString('en') ?? '–'} | ${g?.articles.toLocaleString('en') ?? '–'} | ${g ? `${g.totalSeconds.toFixed(1)} s` : '–'} | ${g?.ticketsPerSecond.toLocaleString('en') ?? '–'} | ${g ? `${g.vacuumAnalyzeSeconds.toFixed(1)} s` : '–'} | ${g?.tableSizes.tickets ?? '–'} | ${g?.tableSizes.tickets_search_idx ?? '–'} | ${r.notes.join(' ').replaceAll('|', '\\|') || '–'} |`,
    );
  }
  return lines.join('\n');
}

const prettySql = (sql: string) =>
  sql
    .replace(/ (from|inner join|left join|where|order by|limit) /g, '\n$1 ')
    .replace(/ and \(/g, '\n  and (');

function plansSection(results: BenchResult[]) {
  // per engine and variant: the biggest (then newest) run that has plans; the server first
  const out: string[] = [];
  const keys = [...new Set(results.map((r) => `${r.engine}|${r.label ?? ''}`))].sort(
    (a, b) => b.split('|')[0].localeCompare(a.split('|')[0]) || a.localeCompare(b),
  );
  for (const key of keys) {
    const r = results
      .filter((x) => `${x.engine}|${x.label ?? ''}` === key && x.plans.length)
      .sort((a, b) => b.size - a.size || b.date.localeCompare(a.date))[0];
    if (!r) continue;
    const title = r.engine === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded)';
    out.push(
      `### ${title}${r.label ? ` (${r.label})` : ''} — ${r.size.toLocaleString('en')} tickets, ${r.date}`,
      '',
    );
    for (const p of r.plans) {
      out.push(
        `#### ${p.name}${p.executionMs !== null ? ` — ${p.executionMs} ms` : ''}`,
        '',
        `${p.description}. Parameters: \`${JSON.stringify(p.params)}\``,
        '',
        '```sql',
        prettySql(p.sql),
        '```',
        '',
        '```text',
        p.plan,
        '```',
        '',
      );
    }
  }
  return out.join('\n').trimEnd();
}

const SKELETON = `# Benchmarks

<!-- bench:results:start -->
<!-- bench:results:end -->

## Runs and data generation

<!-- bench:runs:start -->
<!-- bench:runs:end -->

## All numbers

<!-- bench:details:start -->
<!-- bench:details:end -->

## Query plans

<!-- bench:plans:start -->
<!-- bench:plans:end -->
`;

function replaceBlock(doc: string, key: string, content: string) {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/BENCHMARKS.md lacks the markers ${start} … ${end}`);
  return `${doc.slice(0, i + start.length)}\n${content}\n${doc.slice(j)}`;
}

export function writeReport() {
  // per date: the server first, the plain run before its variants, the biggest size first
  // module benchmarks (bench/<module>.ts) write their own result shape without date and scenarios
  const results = readResults()
    .filter((r) => typeof r.date === 'string' && Array.isArray(r.scenarios))
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        b.engine.localeCompare(a.engine) ||
        Number(Boolean(a.label)) - Number(Boolean(b.label)) ||
        b.size - a.size,
    );
  let doc = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : SKELETON;
  doc = replaceBlock(doc, 'results', resultsTable(results));
  doc = replaceBlock(doc, 'runs', runsTable(results));
  doc = replaceBlock(doc, 'details', detailTable(results));
  doc = replaceBlock(doc, 'plans', plansSection(results));
  fs.mkdirSync(path.dirname(docFile), { recursive: true });
  fs.writeFileSync(docFile, doc);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) writeReport();

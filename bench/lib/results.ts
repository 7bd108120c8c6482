import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CpuUsage } from './cpu';
import type { MachineInfo } from './machine';
import type { GenerationReport } from './seed';
import type { StatementStats } from './statements';

export const resultsDir = path.resolve(import.meta.dirname, '../results');

export interface Target {
  /** which number is judged */
  metric: 'p95' | 'throughput';
  op: '<=' | '>=';
  limit: number;
  label: string;
}

export interface ScenarioResult {
  name: string;
  description: string;
  unit: 'ms' | 's' | 'MB';
  n: number;
  concurrency?: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  /** successful requests per second over the measured phase */
  throughput?: number;
  errors?: number;
  target: Target | null;
  met: boolean | null;
  measuredAt: string;
  cpu?: CpuUsage;
  statements?: StatementStats;
  note?: string;
}

export interface QueryPlan {
  name: string;
  description: string;
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number | null;
  capturedAt: string;
}

export interface BenchResult {
  date: string;
  engine: 'pglite' | 'postgres';
  /** optional label of a variant run, e.g. "without 0003"; part of the file name */
  label?: string;
  engineVersion: string;
  /** git commit of the app that was measured, "+dirty" with uncommitted changes outside bench/ and docs/ */
  appCommit?: string;
  size: number;
  machine: MachineInfo;
  /** non-default server settings (postgres) */
  settings: Record<string, string>;
  generation: GenerationReport | null;
  scenarios: ScenarioResult[];
  plans: QueryPlan[];
  migrations: string[];
  /** SELECT 1 from the app's pool, measured before the scenarios */
  roundTrip?: { medianMs: number; p95Ms: number; nodeCpuMs: number };
  notes: string[];
}

/** The measured app's commit; uncommitted changes to the benchmark itself do not count as dirty. */
export function appCommit(): string | undefined {
  const root = path.resolve(resultsDir, '../..');
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const status = spawnSync('git', ['status', '--porcelain', '--', '.', ':!bench', ':!docs'], {
    cwd: root,
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${status.stdout.trim() ? '+dirty' : ''}`;
}

export function judge(target: Target | null, values: { p95: number; throughput?: number }): boolean | null {
  if (!target) return null;
  const v = target.metric === 'p95' ? values.p95 : values.throughput;
  if (v === undefined || Number.isNaN(v)) return null;
  return target.op === '<=' ? v <= target.limit : v >= target.limit;
}

export const sizeLabel = (n: number) =>
  n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);

export function resultFile(date: string, engine: string, size: number, label?: string) {
  const suffix = label ? `-${label.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}` : '';
  return path.join(resultsDir, `${date}-${engine}-${sizeLabel(size)}${suffix}.json`);
}

export function readResults(): BenchResult[] {
  if (!fs.existsSync(resultsDir)) return [];
  return (
    fs
      .readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as BenchResult)
      // module benchmarks (budget, mail, appointments) store their own format in the same folder
      .filter((r) => typeof r.date === 'string' && Array.isArray(r.scenarios))
  );
}

/** Writes the run; scenarios and plans of an earlier run with the same date/engine/size are kept unless re-measured. */
export function writeResult(result: BenchResult): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = resultFile(result.date, result.engine, result.size, result.label);
  if (fs.existsSync(file)) {
    const old = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult;
    const names = new Set(result.scenarios.map((s) => s.name));
    result.scenarios = [...old.scenarios.filter((s) => !names.has(s.name)), ...result.scenarios];
    const planNames = new Set(result.plans.map((p) => p.name));
    result.plans = [...old.plans.filter((p) => !planNames.has(p.name)), ...result.plans];
    result.generation ??= old.generation;
    result.roundTrip ??= old.roundTrip;
    result.notes = [...new Set([...old.notes, ...result.notes])];
  }
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  // the repository's formatter owns bench/ (npm run lint checks it): let it lay out the JSON
  const biome = path.resolve(resultsDir, '../../node_modules/.bin/biome');
  if (fs.existsSync(biome)) spawnSync(biome, ['format', '--write', file], { stdio: 'ignore' });
  return file;
}

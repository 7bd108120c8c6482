import { Worker } from 'node:worker_threads';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** expected status; anything else counts as an error */
  expect: number;
}

export interface LoadJob {
  baseUrl: string;
  requests: RequestSpec[];
  concurrency: number;
  warmup: number;
  count: number;
}

export interface LoadResult {
  latencies: number[];
  elapsedMs: number;
  errors: number;
  firstError: string | null;
  /** busy share of the load generator's own event loop (its CPU use, roughly) */
  clientEventLoop: number;
}

export interface ScenarioStats {
  n: number;
  concurrency: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  throughputPerSec: number;
  errors: number;
}

const workerUrl = new URL('./load-worker.ts', import.meta.url).href;

/** Runs the requests from a worker thread (its own event loop) against the server over real HTTP. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  // Node 20 does not hand the --import tsx hook to workers: register it inside the worker.
  const bootstrap = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(workerUrl)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (m: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarize(result: LoadResult, concurrency: number): ScenarioStats {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    concurrency,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    meanMs: round(mean),
    throughputPerSec: round((sorted.length / result.elapsedMs) * 1000, 1),
    errors: result.errors,
  };
}

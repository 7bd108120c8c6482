// The HTTP load generator. It runs in a worker thread so that the client's own work does not sit in
// the server's event loop (the app runs in the main thread of the same process).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './http-load';

function send(
  agent: http.Agent,
  base: URL,
  spec: LoadJob['requests'][number],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: spec.path,
        headers: spec.body
          ? {
              ...spec.headers,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(spec.body),
            }
          : spec.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (spec.body) req.write(spec.body);
    req.end();
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const base = new URL(job.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const total = job.warmup + job.count;
  let measuredStart = 0;
  let warmDone = job.warmup === 0;
  if (warmDone) measuredStart = performance.now();

  // warm-up first (same concurrency), then the measured requests
  async function client(phase: 'warmup' | 'measure', limit: number) {
    for (;;) {
      const i = next++;
      if (i >= limit) return;
      const spec = job.requests[i % job.requests.length];
      const t0 = performance.now();
      try {
        const res = await send(agent, base, spec);
        const ms = performance.now() - t0;
        if (res.status !== spec.expect) {
          errors++;
          firstError ??= `${spec.method} ${spec.path} → ${res.status}: ${res.body.slice(0, 300)}`;
        } else if (phase === 'measure') latencies.push(ms);
      } catch (error) {
        errors++;
        firstError ??= `${spec.method} ${spec.path} → ${(error as Error).message}`;
      }
    }
  }
  if (!warmDone) {
    await Promise.all(Array.from({ length: job.concurrency }, () => client('warmup', job.warmup)));
    next = job.warmup; // each client drew one index past the warm-up before it stopped
    warmDone = true;
    measuredStart = performance.now();
  }
  const elu0 = performance.eventLoopUtilization();
  await Promise.all(Array.from({ length: job.concurrency }, () => client('measure', total)));
  const elapsedMs = performance.now() - measuredStart;
  const clientEventLoop = Math.round(performance.eventLoopUtilization(elu0).utilization * 100) / 100;
  agent.destroy();
  return { latencies, elapsedMs, errors, firstError, clientEventLoop };
}

run(workerData as LoadJob).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: Error) => parentPort?.postMessage({ ok: false, error: error.stack ?? String(error) }),
);

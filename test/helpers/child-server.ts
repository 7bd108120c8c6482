import type { ChildProcess } from 'node:child_process';

/**
 * Collects a spawned server's output and waits until `ready()` says yes (typically its
 * `/api/health` answers). Rejects with the output when the process exits first or the deadline
 * passes — the three tests that start real server processes (crash, mail crash, compiled start).
 */
export function whenServerReady(
  proc: ChildProcess,
  ready: () => Promise<boolean>,
  { timeoutMs, pollMs = 200 }: { timeoutMs: number; pollMs?: number },
): Promise<{ proc: ChildProcess; output: () => string }> {
  let output = '';
  proc.stdout?.on('data', (d) => {
    output += d;
  });
  proc.stderr?.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = async () => {
      if (proc.exitCode !== null) return reject(new Error(`server exited: ${output}`));
      try {
        if (await ready()) return resolve({ proc, output: () => output });
      } catch {
        // not yet listening
      }
      if (Date.now() > deadline) return reject(new Error(`server did not start: ${output}`));
      setTimeout(poll, pollMs);
    };
    void poll();
  });
}

/** Does `GET {base}/api/health` answer 2xx? */
export const healthy = async (base: string) => (await fetch(`${base}/api/health`)).ok;

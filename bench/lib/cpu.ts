import fs from 'node:fs';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

// Where the CPU went during a scenario: on 2 cores shared with other work this explains most results.

export interface CpuUsage {
  /** share of wall time the server's event loop (main thread) was busy, 0…1 */
  serverEventLoop: number;
  /** cores used by this node process (server + load-generator thread) */
  nodeCores: number;
  /** busy share of the load generator thread's event loop (≈ its cores), part of nodeCores */
  clientEventLoop?: number;
  /** cores used by the PostgreSQL server processes (throwaway server only) */
  postgresCores: number | null;
  /** cores busy on the whole machine, including other people's work */
  machineBusyCores: number;
}

const TICKS = 100; // USER_HZ on Linux

function machineTicks(): { busy: number; total: number } {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((s, x) => s + x, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime+stime ticks of a process tree rooted at pid (PostgreSQL: postmaster and its backends) */
function treeTicks(rootPid: number): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(rest[1]);
      // utime + stime; the root also carries cutime + cstime of its exited children (ended backends)
      if (pid === rootPid) sum += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
      else if (ppid === rootPid) sum += Number(rest[11]) + Number(rest[12]);
    } catch {
      // process ended meanwhile
    }
  }
  return sum;
}

export function startCpuMeter(postgresPid: number | null) {
  const t0 = performance.now();
  const elu0: EventLoopUtilization = performance.eventLoopUtilization();
  const proc0 = process.cpuUsage();
  const m0 = machineTicks();
  const pg0 = postgresPid ? treeTicks(postgresPid) : 0;
  return (): CpuUsage => {
    const wall = (performance.now() - t0) / 1000;
    const elu = performance.eventLoopUtilization(elu0);
    const proc = process.cpuUsage(proc0);
    const m1 = machineTicks();
    const cores = fs.readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)?.length ?? 1;
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      serverEventLoop: r(elu.utilization),
      nodeCores: r((proc.user + proc.system) / 1e6 / wall),
      postgresCores: postgresPid ? r((treeTicks(postgresPid) - pg0) / TICKS / wall) : null,
      machineBusyCores: r(((m1.busy - m0.busy) / (m1.total - m0.total || 1)) * cores),
    };
  };
}

/** The postmaster's pid from its data directory, or null. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

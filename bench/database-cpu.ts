/**
 * CPU time the benchmark's PostgreSQL spent, read from /proc: the postmaster's own and its
 * finished children's (backends that exited), plus each running backend's. Only for the embedded
 * cluster on Linux; elsewhere (or with DATABASE_URL) there is nothing to read and it says so.
 *
 * A request's cost is the gateway's CPU and the database's: on two cores they share, the database's
 * share decides as much as Node's how many requests a second fit.
 */
import fs from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

function ticks(pid: string, fields: number[]): number {
  // The command name (field 2) may hold spaces; the fields after it start past its closing ')'.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.reduce((sum, f) => sum + Number(rest[f - 3]), 0);
}

/** Milliseconds of CPU the cluster in `clusterDir` has used so far, or null where that cannot be read. */
export function databaseCpuMs(clusterDir: string | null): number | null {
  if (!clusterDir || process.platform !== 'linux') return null;
  try {
    const postmaster = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    let total = ticks(postmaster, [14, 15, 16, 17]);
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (ticks(pid, [4]) === Number(postmaster)) total += ticks(pid, [14, 15]);
      } catch {
        // Gone between listing and reading: its time is now the postmaster's children's.
      }
    }
    return (total * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * What the workflows' tests read straight from the database: a fingerprint of every table a
 * mutation may write, and of the monitoring summaries their triggers keep, so a rejected call can be
 * shown to have changed nothing at all; and requests
 * queued behind a lock, so a race can be run in a chosen order.
 */
import { Client as PgClient } from 'pg';
import { MONITORING_SUMMARY_TABLES } from '../../src/modules/monitoring/summary-tables';
import type { GraphQLResponse, TestGateway } from './gateway';

const TABLES = [
  'client',
  'client_record',
  'case_assignment',
  'consent',
  'referral',
  'handover',
  'trajectory',
  'activity_log',
  'signal',
  'zone_registration',
  ...MONITORING_SUMMARY_TABLES,
  // The directory, which its administrator keeps.
  'organisation',
  'team',
  'team_member',
  'professional',
];
const UNVERSIONED: readonly string[] = ['activity_log', 'team_member', ...MONITORING_SUMMARY_TABLES];

/** Rows and the sum of versions (where a table has them) of each table a workflow writes, directly or through a trigger. */
export async function fingerprint(gw: TestGateway): Promise<Record<string, string>> {
  const em = gw.orm.em.fork();
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const versioned = !UNVERSIONED.includes(table);
    const [row] = await em.getConnection().execute<{ n: string; v: string | null }[]>(
      `select count(*)::text as n, ${versioned ? 'coalesce(sum(version), 0)::text' : 'null'} as v, md5(string_agg(t::text, '|' order by t::text)) as h from "${table}" t`,
    );
    out[table] = `${row.n}/${row.v}/${(row as { h?: string }).h}`;
  }
  return out;
}

/** A client's version as a dashboard that loaded her now would send it back. */
export async function clientVersion(gw: TestGateway, clientId: string): Promise<number> {
  const [row] = await gw.orm.em.fork().getConnection().execute<{ version: number }[]>('select version from client where id = ?', [clientId]);
  return row.version;
}

/** The first error of a response, as a dashboard would read it. */
export function firstError(res: GraphQLResponse): Record<string, unknown> | undefined {
  return res.body.errors?.[0]?.extensions;
}

/**
 * Sends `requests` one after another while another session holds `lock` (a `select … for update`),
 * each only once the ones before it wait on a lock, then lets go and answers what each answered —
 * so a test decides who queues first. A request that never waits fails the test: whatever it was
 * meant to be serialised with, it was not.
 */
export async function queuedBehindLock<T>(gw: TestGateway, lock: string, params: unknown[], requests: Array<() => Promise<T>>): Promise<T[]> {
  const holder = new PgClient({ connectionString: gw.config.databaseUrl });
  // Watched from a session of its own: pg_stat_activity stays frozen within the holder's transaction.
  const watcher = new PgClient({ connectionString: gw.config.databaseUrl });
  await Promise.all([holder.connect(), watcher.connect()]);
  const answers: Promise<T>[] = [];
  try {
    await holder.query('begin');
    await holder.query(lock, params);
    for (const request of requests) {
      answers.push(request());
      let waiting = 0;
      for (let i = 0; i < 100 && waiting < answers.length; i++) {
        const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        waiting = rows[0].n;
        if (waiting < answers.length) await new Promise((r) => setTimeout(r, 50));
      }
      expect({ request: answers.length, waitingOnALock: waiting }).toEqual({ request: answers.length, waitingOnALock: answers.length });
    }
  } finally {
    await holder.query('commit').catch(() => undefined);
    await Promise.all([holder.end(), watcher.end()]);
  }
  return Promise.all(answers);
}

/**
 * What the workflows' tests read straight from the database: a fingerprint of every table a
 * mutation may write, so a rejected call can be shown to have changed nothing at all.
 */
import type { GraphQLResponse, TestGateway } from './gateway';

const TABLES = ['client', 'client_record', 'case_assignment', 'consent', 'referral', 'handover', 'trajectory', 'activity_log', 'signal', 'zone_registration'];

/** Rows and the sum of versions (where a table has them) of each table a workflow writes. */
export async function fingerprint(gw: TestGateway): Promise<Record<string, string>> {
  const em = gw.orm.em.fork();
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const versioned = !['activity_log'].includes(table);
    const [row] = await em.getConnection().execute<{ n: string; v: string | null }[]>(
      `select count(*)::text as n, ${versioned ? 'coalesce(sum(version), 0)::text' : 'null'} as v, md5(string_agg(t::text, '|' order by t::text)) as h from "${table}" t`,
    );
    out[table] = `${row.n}/${row.v}/${(row as { h?: string }).h}`;
  }
  return out;
}

/** The first error of a response, as a dashboard would read it. */
export function firstError(res: GraphQLResponse): Record<string, unknown> | undefined {
  return res.body.errors?.[0]?.extensions;
}

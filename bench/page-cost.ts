/**
 * Where a dashboard page's database time goes. The round trips the gateway sent for one page
 * (recorded by bench/server.ts) are replayed straight through `pg`, by as many connections as the
 * gateway lets execute at once: as sent, and with one part left out at a time, taking turns for a
 * few rounds. The difference is what that part costs PostgreSQL. No Node of the gateway runs
 * meanwhile, so the database's CPU per page is the replay's alone.
 *
 * The parts are recognised by the comment that names their statement; a part the recorded page
 * does not hold is reported as absent, never guessed.
 */
import { Client } from 'pg';
import { databaseCpuMs } from './database-cpu';

/** Statements of one round trip: a batch of reads is several, joined as `StatementBatch` joins them. */
const statementsOf = (trip: string) => trip.split(';\n');

/** Each part by the comment the gateway names its statement with. */
const named = (name: string) => (sql: string) => sql.trimStart().startsWith(`/* ${name} */`);
const PARTS = {
  audit: { label: (insert: string) => `its ${(insert.match(/"event_type":/g) ?? []).length} audit lines (one insert)`, matches: named('audit lines') },
  facts: { label: () => "the policy's facts (involvement, break-glass)", matches: named('policy facts') },
  caller: { label: () => 'the caller lookup', matches: named('caller') },
};
type Part = keyof typeof PARTS;

export interface PageCost {
  /** What was left out or changed, relative to the page as sent. */
  variant: string;
  pagesPerSecond: number;
  dbCpuMs: number | null;
  /** The page as sent minus this variant: what the part costs; null for the page itself. */
  costMs: number | null;
}

function without(trips: string[], part: Part): string[] {
  return trips.map((t) => statementsOf(t).filter((s) => !PARTS[part].matches(s)).join(';\n')).filter((t) => t.trim());
}

/** Every read in one round trip, the audit insert after it: what compiling the page into fewer trips could save at most. */
function oneReadTrip(trips: string[]): string[] {
  const statements = trips.flatMap(statementsOf);
  const audit = statements.filter(PARTS.audit.matches);
  return [statements.filter((s) => !PARTS.audit.matches(s)).join(';\n'), ...audit];
}

/** Connections that replay a page over and over; `run` measures `trips` for a while on all of them. */
async function replayer(url: string, connections: number, clusterDir: string | null) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  return {
    async run(trips: string[], seconds: number): Promise<{ pages: number; dbCpuMs: number | null }> {
      let pages = 0;
      const before = databaseCpuMs(clusterDir);
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        clients.map(async (c) => {
          while (Date.now() < end) {
            for (const t of trips) await c.query(t);
            pages++;
          }
        }),
      );
      const after = databaseCpuMs(clusterDir);
      return { pages, dbCpuMs: before !== null && after !== null ? after - before : null };
    },
    end: () => Promise.all(clients.map((c) => c.end())),
  };
}

export async function pageCost(url: string, trips: string[], opts: { connections: number; seconds: number; rounds: number; clusterDir: string | null }): Promise<PageCost[]> {
  const statements = trips.flatMap(statementsOf);
  const variants: [string, string[] | null][] = [
    [`as the gateway sent it (${trips.length} round trips, ${statements.length} statements)`, trips],
    ...(Object.keys(PARTS) as Part[]).map((part): [string, string[] | null] => {
      const statement = statements.find(PARTS[part].matches);
      return [`without ${PARTS[part].label(statement ?? '')}`, statement ? without(trips, part) : null];
    }),
    ['with every read in one round trip', oneReadTrip(trips)],
  ];
  const present = variants.filter((v): v is [string, string[]] => v[1] !== null);
  const replay = await replayer(url, opts.connections, opts.clusterDir);
  const tally = new Map<string, { pages: number; seconds: number; dbCpuMs: number | null }>(present.map(([v]) => [v, { pages: 0, seconds: 0, dbCpuMs: 0 }]));
  try {
    // Warm first (plans, caches), then the variants take turns, round after round: autovacuum,
    // which the replayed audit lines wake every few seconds, and checkpoints fall on each alike.
    for (const [, replayed] of present) await replay.run(replayed, 1);
    for (let round = 0; round < opts.rounds; round++) {
      for (const [variant, replayed] of present) {
        const r = await replay.run(replayed, opts.seconds);
        const t = tally.get(variant)!;
        t.pages += r.pages;
        t.seconds += opts.seconds;
        t.dbCpuMs = t.dbCpuMs !== null && r.dbCpuMs !== null ? t.dbCpuMs + r.dbCpuMs : null;
      }
    }
  } finally {
    await replay.end();
  }
  const perPage = (variant: string) => {
    const t = tally.get(variant)!;
    return t.dbCpuMs !== null && t.pages ? t.dbCpuMs / t.pages : null;
  };
  const whole = perPage(variants[0][0]);
  return variants.map(([variant, replayed]): PageCost => {
    if (!replayed) return { variant: `${variant}: not in the recorded page`, pagesPerSecond: 0, dbCpuMs: null, costMs: null };
    const t = tally.get(variant)!;
    const dbCpuMs = perPage(variant);
    return { variant, pagesPerSecond: t.pages / t.seconds, dbCpuMs, costMs: replayed === trips || whole === null || dbCpuMs === null ? null : whole - dbCpuMs };
  });
}

/**
 * Issue 5, nothing lost and nothing changed: PostgreSQL itself refuses UPDATE, DELETE and TRUNCATE
 * on the audit log; the hash chain shows any change made behind its back (`npm run audit:verify`
 * names the first broken entry); a request whose audit cannot be written does not return its
 * data; a change whose audit cannot be written does not happen.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { ConfigError, loadConfig } from '../../src/config';
import { DEMO } from '../../src/db/demo/seed';
import { AuditBuffer } from '../../src/modules/audit/audit-buffer';
import { verifyArchive } from '../../src/modules/audit/audit-archive';
import { entryHash, verifyChain } from '../../src/modules/audit/audit-chain';
import { AuditWriter } from '../../src/modules/audit/audit-writer';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { em, entriesDuring, headPosition, sql } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  // Some history to guard: reads, a change, a refused token.
  const cm = await gw.as('casemanager@iriszorg.example');
  await cm.query('{ clients(first: 10) { edges { node { code } } } }');
  await gw.post({ query: '{ me { email } }' }, { authorization: 'Bearer forged.token.here' });
}, 60_000);
afterAll(() => gw.close());

/** `npm run audit:verify` as an operator runs it, against this test's database. */
function auditVerify(...args: string[]): Promise<{ code: number; out: string }> {
  return auditVerifyAs(gw.config.databaseUrl!, ...args);
}

function auditVerifyAs(databaseUrl: string, ...args: string[]): Promise<{ code: number; out: string }> {
  return auditVerifyWith({ DATABASE_URL: databaseUrl }, ...args);
}

/** The command on a machine whose clock is `ms` ahead of the database's. */
function clockAhead(ms: number): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `--require ${path.join(__dirname, '../helpers/clock-ahead.js')}`, CLOCK_AHEAD_MS: String(ms) };
}

async function auditVerifyWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'dist/src/modules/audit/audit-verify.cli.js'), ...args], {
      cwd: ROOT,
      // A request's timeout far below anything the command's statements may need: it must not apply.
      env: { ...process.env, NODE_ENV: 'test', DB_STATEMENT_TIMEOUT_MS: '100', ...env },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Change the log behind the application's back, as a superuser could: switch the guard off, change, switch it on. */
async function tamper(statement: string, params: unknown[] = [], on: TestGateway = gw): Promise<void> {
  await sql(on, 'alter table audit_event disable trigger audit_event_append_only');
  try {
    await sql(on, statement, params);
  } finally {
    await sql(on, 'alter table audit_event enable always trigger audit_event_append_only');
  }
}

/**
 * A forger's rewrite: every hash from entry `from` on recomputed with the database's own canonical
 * function, so the chain holds together to its end.
 */
async function rehashFrom(from: string, on: TestGateway = gw): Promise<void> {
  const start = BigInt(from);
  await tamper(
    `do $$ declare r record; prev text := coalesce((select hash from audit_event where chain_position = ${start - 1n}), repeat('0', 64)); begin
       for r in select chain_position from audit_event where chain_position >= ${start} order by chain_position loop
         update audit_event e set prev_hash = prev, hash = encode(sha256(convert_to(prev || audit_event_canonical(e), 'UTF8')), 'hex')
           where chain_position = r.chain_position returning e.hash into prev;
       end loop; end $$`,
    [],
    on,
  );
}

/** The head a run printed, `<position>:<hash>`, as an operator keeps it. */
function printedHead(out: string): { head: string; position: string; hash: string } {
  const [head, position, hash] = /head (\d+):([0-9a-f]{64})/.exec(out)!;
  return { head: head.slice('head '.length), position, hash };
}

describe('the database refuses to change the log', () => {
  it.each([
    ['UPDATE', `update audit_event set outcome = 'GRANTED' where outcome = 'DENIED'`],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('refuses %s, even for the table owner, and nothing changes', async (_op, statement) => {
    const before = await sql<{ n: string; last: string }[]>(gw, `select count(*)::text n, string_agg(hash, '' order by chain_position) last from audit_event`);
    await expect(sql(gw, statement)).rejects.toThrow(/audit_event is append-only/);
    expect(await sql(gw, `select count(*)::text n, string_agg(hash, '' order by chain_position) last from audit_event`)).toEqual(before);
  });

  it('keeps its guards under session_replication_role = replica, and revokes UPDATE, DELETE and TRUNCATE from PUBLIC', async () => {
    const triggers = await sql<{ tgname: string; tgenabled: string }[]>(gw, `select tgname, tgenabled from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal order by tgname`);
    expect(triggers).toEqual([
      { tgname: 'audit_event_append_only', tgenabled: 'A' },
      { tgname: 'audit_event_chain', tgenabled: 'A' },
      { tgname: 'audit_event_chain_head', tgenabled: 'A' },
      { tgname: 'audit_event_no_truncate', tgenabled: 'A' },
    ]);
    const asReplica = em(gw).transactional(async (tx) => {
      await tx.execute('set local session_replication_role = replica');
      await tx.execute('delete from audit_event');
    });
    await expect(asReplica).rejects.toThrow(/audit_event is append-only/);
    const [grants] = await sql<{ update: boolean; delete: boolean; truncate: boolean }[]>(
      gw,
      `select has_table_privilege('public', 'audit_event', 'UPDATE') as update, has_table_privilege('public', 'audit_event', 'DELETE') as delete, has_table_privilege('public', 'audit_event', 'TRUNCATE') as truncate`,
    );
    expect(grants).toEqual({ update: false, delete: false, truncate: false });
  });

  it('refuses a role granted only INSERT and SELECT (as production connects) by privilege, before any trigger', async () => {
    const role = `audit_writer_${process.pid}`;
    for (const statement of ['update audit_event set reason = null', 'delete from audit_event', 'truncate audit_event']) {
      const attempt = em(gw).transactional(async (tx) => {
        await tx.execute(`create role ${role}`);
        await tx.execute(`grant insert, select on audit_event to ${role}`);
        await tx.execute(`set local role ${role}`);
        await tx.execute(statement);
      });
      await expect(attempt).rejects.toThrow(/permission denied for table audit_event/);
    }
  });

  it('chains an entry the application tries to place elsewhere in the chain where the chain says', async () => {
    const head = await headPosition(gw);
    await sql(gw, `insert into audit_event (event_type, action, outcome, roles, categories, fields, chain_position, prev_hash, hash) values ('test.insert', 'E', 'GRANTED', '{}', '{}', '{}', 1, 'x', 'y')`);
    const [row] = await sql<{ chain_position: string; prev_hash: string }[]>(gw, `select chain_position, prev_hash from audit_event where event_type = 'test.insert'`);
    expect(row.chain_position).toBe(String(BigInt(head) + 1n));
    const [prev] = await sql<{ hash: string }[]>(gw, 'select hash from audit_event where chain_position = ?', [head]);
    expect(row.prev_hash).toBe(prev.hash);
  });
});

describe("the chain's head, found once per statement", () => {
  const line = (event: string) => `insert into audit_event (event_type, action, outcome, roles, categories, fields) values ('${event}', 'E', 'GRANTED', '{}', '{}', '{}')`;

  /** The entries since `head`, in chain order, each linked to the one before. */
  async function linkedSince(head: string) {
    const rows = await sql<{ chain_position: string; prev_hash: string; hash: string; event_type: string }[]>(
      gw,
      'select chain_position, prev_hash, hash, event_type from audit_event where chain_position >= ? order by chain_position',
      [head],
    );
    for (let i = 1; i < rows.length; i++) {
      expect(BigInt(rows[i].chain_position)).toBe(BigInt(rows[i - 1].chain_position) + 1n);
      expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    }
    return rows.slice(1).map((r) => r.event_type);
  }

  it('chains several statements of one transaction, and forgets lines a savepoint rolled back', async () => {
    const head = await headPosition(gw);
    await em(gw).transactional(async (tx) => {
      await tx.execute(`${line('test.first')}, ('test.second', 'E', 'GRANTED', '{}', '{}', '{}')`);
      await tx.execute('savepoint probe');
      await tx.execute(line('test.undone'));
      await tx.execute('rollback to savepoint probe');
      await tx.execute(line('test.third'));
    });
    expect(await linkedSince(head)).toEqual(['test.first', 'test.second', 'test.third']);
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });

  it('ignores a head the session sets for itself', async () => {
    const head = await headPosition(gw);
    await em(gw).transactional(async (tx) => {
      const [{ xid }] = await tx.execute<{ xid: string }[]>('select pg_current_xact_id()::text as xid');
      await tx.execute(`select set_config('ketenpoort.audit_chain_head', ?, true)`, [`${xid} 1 ${'f'.repeat(64)}`]);
      await tx.execute(line('test.forged'));
    });
    expect(await linkedSince(head)).toEqual(['test.forged']);
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });

  it('finds the head line by line where no statement trigger ran (as a subscriber applies rows)', async () => {
    const head = await headPosition(gw);
    await em(gw).transactional(async (tx) => {
      await tx.execute('alter table audit_event disable trigger audit_event_chain_head');
      await tx.execute(`${line('test.applied')}, ('test.applied-too', 'E', 'GRANTED', '{}', '{}', '{}')`);
      await tx.execute('alter table audit_event enable always trigger audit_event_chain_head');
    });
    expect(await linkedSince(head)).toEqual(['test.applied', 'test.applied-too']);
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });
});

describe('nothing lost', () => {
  it('withholds the data of a read whose audit cannot be written (fail closed)', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    await sql(gw, `alter table audit_event add constraint test_refuses_reads check (event_type <> 'client.read') not valid`);
    try {
      const res = await cm.query('{ clients(first: 5) { edges { node { code } } } }');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })] });
    } finally {
      await sql(gw, 'alter table audit_event drop constraint test_refuses_reads');
    }
  });

  it('says a change was saved when only its answer’s reads cannot be logged, so it is not sent twice', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    // The signal's text is HOUSING: reading it back in the answer leaves a line of its own.
    const input = { clientId: DEMO.client(15), category: 'HOUSING', text: 'Her door was forced again' };
    await sql(gw, `alter table audit_event add constraint test_refuses_reads check (event_type <> 'client.read') not valid`);
    try {
      const res = await expert.query('mutation ($input: RaiseSignalInput!) { raiseSignal(input: $input) { id text } }', { input });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ message: expect.stringMatching(/was saved/), extensions: { code: 'SERVICE_UNAVAILABLE', changeSaved: true } })] });
    } finally {
      await sql(gw, 'alter table audit_event drop constraint test_refuses_reads');
    }
    const [saved] = await sql<{ n: number }[]>(gw, `select count(*)::int as n from signal where text = ?`, [input.text]);
    expect(saved.n).toBe(1);
  });

  it('withholds only the answer whose lines cannot be written when requests share an audit statement', async () => {
    const writer = new AuditWriter(em(gw));
    const origin = (n: number) => ({ requestId: `together-${n}`, networkAddress: null, application: null, traceId: 't', spanId: 's', parentSpanId: null });
    const buffers = Array.from({ length: 8 }, (_, n) => {
      const buffer = new AuditBuffer(null, origin(n));
      buffer.record({ eventType: n === 5 ? 'test.refused' : 'test.together', action: 'R', outcome: 'GRANTED' });
      return buffer;
    });
    await sql(gw, `alter table audit_event add constraint test_refuses_one check (event_type <> 'test.refused') not valid`);
    try {
      // Sent in one tick: the first goes alone, the seven behind it wait for it and then share one statement.
      const { result, entries } = await entriesDuring(gw, () => Promise.allSettled(buffers.map((b) => writer.write(b))));
      expect(result.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(entries.map((e) => e.request_id).sort()).toEqual([0, 1, 2, 3, 4, 6, 7].map((n) => `together-${n}`));
    } finally {
      await sql(gw, 'alter table audit_event drop constraint test_refuses_one');
    }
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });

  it('does not make a change whose audit line cannot be written: one transaction', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const consents = () => em(gw).getConnection().execute<{ n: string }[]>('select count(*)::text n from consent where client_id = ?', [DEMO.client(13)]);
    const before = await consents();
    await sql(gw, `alter table audit_event add constraint test_refuses_consents check (event_type <> 'consent.record') not valid`);
    try {
      const res = await ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.proPersona, categories: ['HEALTH'], purpose: 'CARE' } });
      expect(res.body.data?.recordConsent ?? null).toBeNull();
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await sql(gw, 'alter table audit_event drop constraint test_refuses_consents');
    }
    expect(await consents()).toEqual(before);
  });
});

describe('tampering is detected', () => {
  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: ROOT });
  }, 180_000);

  it('finds an untouched chain intact, with the CLI and without', async () => {
    const report = await verifyChain(em(gw));
    expect(report.broken).toBeNull();
    expect(report.checked).toBe(Number(await headPosition(gw)));
    const cli = await auditVerify();
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(new RegExp(`audit chain intact: ${report.checked} entries checked; head ${report.head.position}:${report.head.hash}`));
  }, 60_000);

  it('names an entry whose content was changed', async () => {
    const [victim] = await sql<{ chain_position: string; id: string; outcome: string }[]>(gw, `select chain_position, id, outcome from audit_event where event_type = 'auth.failure' limit 1`);
    await tamper(`update audit_event set outcome = 'GRANTED' where chain_position = ?`, [victim.chain_position]);
    try {
      const report = await verifyChain(em(gw));
      expect(report.broken).toEqual({ position: victim.chain_position, id: victim.id, problem: expect.stringMatching(/altered/) });
      const cli = await auditVerify();
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`audit chain BROKEN at entry ${victim.chain_position} (id ${victim.id})`);
    } finally {
      await tamper(`update audit_event set outcome = ? where chain_position = ?`, [victim.outcome, victim.chain_position]);
    }
    expect((await verifyChain(em(gw))).broken).toBeNull();
  }, 60_000);

  it('names the entry after one whose hash a forger recomputed to match her change', async () => {
    const [victim] = await sql<{ chain_position: string; reason: string | null }[]>(gw, `select chain_position, reason from audit_event where chain_position = 3`);
    await tamper(`update audit_event set reason = 'nothing to see' where chain_position = 3`);
    await tamper(`update audit_event e set hash = encode(sha256(convert_to(prev_hash || audit_event_canonical(e), 'UTF8')), 'hex') where chain_position = 3`);
    try {
      expect((await verifyChain(em(gw))).broken).toEqual({ position: '4', id: expect.any(String), problem: expect.stringMatching(/prev_hash does not match the hash of entry 3/) });
    } finally {
      await tamper(`update audit_event set reason = ? where chain_position = 3`, [victim.reason]);
      await tamper(`update audit_event e set hash = encode(sha256(convert_to(prev_hash || audit_event_canonical(e), 'UTF8')), 'hex') where chain_position = 3`);
    }
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });

  it('shows, given the head an earlier run printed, that the newest entries were removed, which the chain alone does not', async () => {
    const kept = printedHead((await auditVerify()).out);
    const left = BigInt(kept.position) - 3n;
    await tamper('delete from audit_event where chain_position > ?', [String(left)]);
    expect(await auditVerify()).toMatchObject({ code: 0, out: expect.stringContaining(`audit chain intact: ${left} entries checked; head ${left}:`) });
    expect(await auditVerify('--expect-head', kept.head)).toMatchObject({
      code: 1,
      out: expect.stringContaining(`audit chain BROKEN at entry ${left + 1n}: missing: the chain ends at entry ${left}, the expected head is entry ${kept.position} (its newest entries were removed)`),
    });
  }, 60_000);

  it('shows, given the head an earlier run printed, that the chain was rewritten from an entry on, and passes it once the chain is what it was', async () => {
    const kept = printedHead((await auditVerify()).out);
    const from = String(BigInt(kept.position) - 5n);
    const [victim] = await sql<{ reason: string | null }[]>(gw, 'select reason from audit_event where chain_position = ?', [from]);
    const [{ id }] = await sql<{ id: string }[]>(gw, 'select id::text from audit_event where chain_position = ?', [kept.position]);
    await tamper(`update audit_event set reason = 'nothing to see' where chain_position = ?`, [from]);
    await rehashFrom(from);
    expect(await auditVerify()).toMatchObject({ code: 0, out: expect.stringContaining('audit chain intact') });
    expect(await auditVerify('--expect-head', kept.head)).toMatchObject({
      code: 1,
      out: expect.stringContaining(`audit chain BROKEN at entry ${kept.position} (id ${id}): its hash is not the expected head's, ${kept.hash}: the chain was rewritten from this entry or one before it; 0 entries before it are intact`),
    });
    // The same head with its position written with leading zeros is the same entry.
    expect(await auditVerify('--expect-head', `000${kept.head}`)).toMatchObject({ code: 1, out: expect.stringContaining(`audit chain BROKEN at entry ${kept.position} (id ${id})`) });
    await tamper('update audit_event set reason = ? where chain_position = ?', [victim.reason, from]);
    await rehashFrom(from);
    // And as the chain grows past it: an operator passes the last head she kept.
    const cm = await gw.as('casemanager@iriszorg.example');
    await cm.query('{ clients(first: 2) { edges { node { code } } } }');
    const passed = await auditVerify('--expect-head', kept.head);
    expect(passed).toMatchObject({ code: 0, out: expect.stringContaining('audit chain intact') });
    expect(BigInt(printedHead(passed.out).position)).toBeGreaterThan(BigInt(kept.position));
  }, 60_000);

  it('archives the oldest entries with their boundary hashes; after they are removed the rest verifies from the archive\'s head', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-archive-'));
    const file = path.join(dir, 'audit.jsonl');
    const [third] = await sql<{ at: string }[]>(gw, `select occurred_at::text as at from audit_event where chain_position = 3`);
    const before = new Date(third.at);
    // A line stored last but dated before the moment (a clock set back): it waits for the next
    // archive rather than take the entries after the moment along.
    await sql(
      gw,
      `insert into audit_event (occurred_at, event_type, action, outcome, roles, categories, fields)
         select occurred_at, 'test.late', 'R', 'GRANTED', '{}', '{}', '{}' from audit_event where chain_position = 1`,
    );
    const dated = await sql<{ position: string; ms: number }[]>(gw, 'select chain_position::text as position, (extract(epoch from occurred_at) * 1000)::float8 as ms from audit_event order by chain_position');
    const firstAfter = dated.findIndex((e) => e.ms >= before.getTime());
    expect(firstAfter).toBeGreaterThan(0);
    const archived = await auditVerify('--archive-before', before.toISOString(), '--out', file);
    expect(archived.code).toBe(0);
    const { position, hash } = printedHead(archived.out);
    // Every entry up to the first one at or after the moment, none after it; the late line stays.
    expect(position).toBe(dated[firstAfter - 1].position);
    expect(BigInt(dated.at(-1)!.position)).toBeGreaterThan(BigInt(position));

    expect(await auditVerify('--archive', file)).toMatchObject({ code: 0, out: expect.stringContaining(`intact: ${position} entries checked; head ${position}:${hash}`) });
    // The same moment again, from this archive's head: nothing new, and no empty archive.
    const again = path.join(dir, 'again.jsonl');
    expect(await auditVerify('--archive-before', before.toISOString(), '--anchor', `${position}:${hash}`, '--out', again)).toMatchObject({
      code: 0,
      out: expect.stringContaining(`nothing to archive before ${before.toISOString()} after entry ${position}`),
    });
    expect(fs.existsSync(again)).toBe(false);
    // The archive is as tamper-evident as the table.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const altered = path.join(dir, 'altered.jsonl');
    fs.writeFileSync(altered, [lines[0], lines[1].replace(/"(GRANTED|DENIED)"/, (m) => (m === '"GRANTED"' ? '"DENIED"' : '"GRANTED"')), ...lines.slice(2)].join('\n'));
    expect(await auditVerify('--archive', altered)).toMatchObject({ code: 1, out: expect.stringContaining('BROKEN at entry 1') });

    await tamper('delete from audit_event where chain_position <= ?', [position]);
    expect((await verifyChain(em(gw))).broken).toMatchObject({ position: '1', problem: expect.stringMatching(/missing/) });
    expect((await verifyChain(em(gw), { position, hash })).broken).toBeNull();
    expect((await auditVerify('--anchor', `${position}:${hash}`)).code).toBe(0);
    // A head kept from before the purge is gone from the live chain: nothing to check it against.
    expect(await auditVerify('--anchor', `${position}:${hash}`, '--expect-head', `1:${'f'.repeat(64)}`)).toMatchObject({ code: 2, out: expect.stringContaining('is not after the anchor') });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('names the gap where an entry was removed', async () => {
    const [first] = await sql<{ position: string; prev_hash: string }[]>(gw, 'select chain_position::text as position, prev_hash from audit_event order by chain_position limit 1');
    const anchor = { position: String(BigInt(first.position) - 1n), hash: first.prev_hash };
    const gone = String(BigInt(first.position) + 2n);
    await tamper('delete from audit_event where chain_position = ?', [gone]);
    expect((await verifyChain(em(gw), anchor)).broken).toMatchObject({ position: gone, id: null, problem: `missing: the chain jumps from entry ${BigInt(gone) - 1n} to ${BigInt(gone) + 1n}` });
  });
});

describe('removing archived entries once they are past retention', () => {
  // A database of its own: the tests above leave the chain with a gap.
  let own: TestGateway;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-purge-'));
  const verify = (...args: string[]) => auditVerifyAs(own.config.databaseUrl!, ...args);
  const archiveOf = async (name: string, before: Date) => {
    const file = path.join(dir, name);
    expect((await verify('--archive-before', before.toISOString(), '--out', file)).code).toBe(0);
    return file;
  };
  const entryCount = async () => (await sql<{ n: number }[]>(own, 'select count(*)::int as n from audit_event'))[0].n;
  let old: { file: string; position: string; hash: string };
  /** Nothing was removed, and each refusal is the chain's next entry, with who tried, which archive and why not. */
  const refusedAndLogged = async (before: number, why: RegExp[]) => {
    const [{ n: archived }] = await sql<{ n: number }[]>(own, 'select count(*)::int as n from audit_event where chain_position <= ?', [old.position]);
    expect(archived).toBe(Number(old.position));
    expect(await entryCount()).toBe(before + why.length);
    const newest = await sql<{ event_type: string; action: string; outcome: string; application: string; reason: string }[]>(
      own,
      'select event_type, action, outcome, application, reason from audit_event order by chain_position desc limit ?',
      [why.length],
    );
    expect(newest.reverse()).toEqual(
      why.map((w) => ({
        event_type: 'audit.purge',
        action: 'D',
        outcome: 'DENIED',
        application: 'audit:verify',
        reason: expect.stringMatching(w),
      })),
    );
  };

  beforeAll(async () => {
    own = await startGateway();
    const cm = await own.as('casemanager@iriszorg.example');
    for (let i = 0; i < 3; i++) await cm.query('{ clients(first: 2) { edges { node { code } } } }');
    // As if all of it had been logged six years ago: the dates moved back, the chain hashed anew.
    await tamper(`update audit_event set occurred_at = occurred_at - interval '6 years'`, [], own);
    await rehashFrom('1', own);
    expect((await verifyChain(em(own))).broken).toBeNull();
    // And today's work after it, in two requests: an archive can then end between them.
    for (let i = 0; i < 2; i++) await cm.query('{ clients(first: 2) { edges { node { code } } } }');
    const file = await archiveOf('old.jsonl', new Date(Date.now() - 5.5 * 365 * 24 * 3600 * 1000));
    const { header } = await verifyArchive(file);
    old = { file, position: header.head.position, hash: header.head.hash };
    expect(Number(old.position)).toBeGreaterThanOrEqual(3);
  }, 60_000);
  afterAll(async () => {
    await own?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs as an operator's job, not as a request: a statement may take longer than a request's timeout", async () => {
    // Another purge, say, holds the table: the command waits for it, though every run here is
    // given a request's statement timeout of 100 ms (auditVerifyAs).
    const holder = new PgClient({ connectionString: own.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table audit_event in access exclusive mode');
      let ended = false;
      const verified = verify().finally(() => (ended = true));
      // Released only once the command has waited for it longer than a request may.
      // (Asked on another connection: a transaction sees pg_stat_activity as it was when it began.)
      for (let waiting = false; !waiting && !ended; await new Promise((r) => setTimeout(r, 20))) {
        const [{ n }] = await sql<{ n: number }[]>(own, `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        waiting = n > 0;
      }
      await new Promise((r) => setTimeout(r, 500));
      await holder.query('commit');
      expect(await verified).toMatchObject({ code: 0, out: expect.stringContaining('audit chain intact') });
    } finally {
      await holder.end();
    }
  });

  it('refuses a role that does not own the table, removes nothing, and logs the attempt', async () => {
    const role = `kp_app_${Date.now().toString(36)}`;
    const database = new URL(own.config.databaseUrl!).pathname.slice(1);
    await sql(own, `create role ${role} login password 'app'`);
    try {
      // What the application's role may do with the log: read it and append to it.
      await sql(own, `grant connect on database "${database}" to ${role}; grant usage on schema public to ${role}; grant select, insert on audit_event to ${role}; grant usage on sequence audit_event_id_seq to ${role}`);
      const asApp = new URL(own.config.databaseUrl!);
      [asApp.username, asApp.password] = [role, 'app'];
      const before = await entryCount();
      expect(await auditVerifyAs(asApp.toString(), '--purge-archived', old.file)).toMatchObject({
        code: 1,
        out: expect.stringContaining("nothing removed: only the audit table's owner may remove entries"),
      });
      await refusedAndLogged(before, [/^refused to remove the entries archived in old\.jsonl: only the audit table's owner may remove entries/]);
    } finally {
      await sql(own, `drop owned by ${role}; drop role ${role}`);
    }
  });

  it('refuses, and logs, an archive that does not verify, or that holds what the live chain does not', async () => {
    const lines = fs.readFileSync(old.file, 'utf8').split('\n');
    const altered = path.join(dir, 'altered.jsonl');
    fs.writeFileSync(altered, [lines[0], lines[1].replace(/"(GRANTED|DENIED)"/, (m) => (m === '"GRANTED"' ? '"DENIED"' : '"GRANTED"')), ...lines.slice(2)].join('\n'));
    // An archive of some other chain: it verifies on its own, but its entry is not the live one.
    const foreign = path.join(dir, 'foreign.jsonl');
    const entry = JSON.parse(lines[1]);
    entry.canonical[3] = `${entry.canonical[3]} (elsewhere)`;
    entry.hash = entryHash(entry.prevHash, entry.canonical);
    fs.writeFileSync(foreign, `${JSON.stringify({ ...JSON.parse(lines[0]), head: { position: entry.position, hash: entry.hash }, entries: 1 })}\n${JSON.stringify(entry)}\n`);
    expect((await verify('--archive', foreign)).code).toBe(0);

    const before = await entryCount();
    expect(await verify('--purge-archived', altered)).toMatchObject({ code: 1, out: expect.stringContaining('nothing removed: the archive does not verify: entry 1') });
    expect(await verify('--purge-archived', foreign)).toMatchObject({ code: 1, out: expect.stringContaining('nothing removed: the live chain does not hold what the archive holds') });
    await refusedAndLogged(before, [
      /^refused to remove the entries archived in altered\.jsonl: the archive does not verify: entry 1/,
      /^refused to remove the entries archived in foreign\.jsonl: the live chain does not hold what the archive holds/,
    ]);
  });

  it.each<[string, (lines: string[]) => string | null, RegExp]>([
    ['whose header names another format', (lines) => [lines[0].replace('ketenpoort-audit-archive/1', 'ketenpoort-audit-archive/2'), ...lines.slice(1)].join('\n'), /the archive cannot be read: \S+ is not an audit archive/],
    ['whose header is not JSON', (lines) => ['not json', ...lines.slice(1)].join('\n'), /the archive cannot be read: \S+ is not an audit archive/],
    ['whose last entry was cut short', (lines) => lines.join('\n').trimEnd().slice(0, -20), /the archive does not verify: entry \d+: line \d+ of the archive is not an audit entry/],
    ['with a line that is not JSON', (lines) => [lines[0], lines[1], '{"position": "2", oops', ...lines.slice(3)].join('\n'), /the archive does not verify: entry 2: line 3 of the archive is not an audit entry/],
    ['with an entry without its column values', (lines) => [lines[0], JSON.stringify({ ...JSON.parse(lines[1]), canonical: null }), ...lines.slice(2)].join('\n'), /the archive does not verify: entry 1: line 2 of the archive is not an audit entry/],
    ['that does not exist', () => null, /the archive cannot be read: ENOENT: no such file/],
  ])('refuses, and logs, an archive %s', async (kind, garble, why) => {
    const name = `${kind.replace(/\W+/g, '-')}.jsonl`;
    const file = path.join(dir, name);
    const garbled = garble(fs.readFileSync(old.file, 'utf8').split('\n'));
    if (garbled !== null) fs.writeFileSync(file, garbled);
    const before = await entryCount();
    const res = await verify('--purge-archived', file);
    expect(res).toMatchObject({ code: 1, out: expect.stringContaining('nothing removed: the archive') });
    expect(res.out).toMatch(why);
    await refusedAndLogged(before, [new RegExp(`^refused to remove the entries archived in ${name.replace('.', '\\.')}: ${why.source}`)]);
  });

  it("refuses, and logs, entries within the retention period, and the chain's head", async () => {
    const [last] = await sql<{ at: string }[]>(own, 'select occurred_at::text as at from audit_event order by chain_position desc limit 1');
    const recent = await archiveOf('recent.jsonl', new Date(last.at));
    expect(BigInt((await verifyArchive(recent)).header.head.position)).toBeGreaterThan(BigInt(old.position));
    const before = await entryCount();
    const refused = await verify('--purge-archived', recent);
    expect(refused).toMatchObject({ code: 1, out: expect.stringMatching(/nothing removed: entries up to \S+ are within the retention period: only entries before \S+ may be removed/) });
    // Five years (policy §7), not any shorter period the refusal would pass with just as well.
    const keptFrom = new Date(/only entries before (\S+) may be removed/.exec(refused.out)![1]);
    const fiveYearsAgo = new Date();
    fiveYearsAgo.setUTCFullYear(fiveYearsAgo.getUTCFullYear() - 5);
    expect(Math.abs(keptFrom.getTime() - fiveYearsAgo.getTime())).toBeLessThan(24 * 3600 * 1000);
    for (const shorter of ['4', '1', '0']) expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_RETENTION_YEARS: shorter })).toThrow(ConfigError);
    // Made after that refusal, whose line is now the chain's head.
    const all = await archiveOf('all.jsonl', new Date(Date.now() + 60_000));
    expect(await verify('--purge-archived', all)).toMatchObject({ code: 1, out: expect.stringContaining("nothing removed: the archive holds the chain's head, which must stay") });
    await refusedAndLogged(before, [
      /^refused to remove the entries archived in recent\.jsonl: entries up to \S+ are within the retention period/,
      /^refused to remove the entries archived in all\.jsonl: the archive holds the chain's head, which must stay/,
    ]);
  });

  it("judges retention by the database's clock, not by that of the machine running the command", async () => {
    const [last] = await sql<{ at: string }[]>(own, 'select occurred_at::text as at from audit_event order by chain_position desc limit 1');
    const recent = await archiveOf('recent-on-a-fast-clock.jsonl', new Date(last.at));
    const [db] = await sql<{ kept_from: number; day: string }[]>(
      own,
      `select extract(epoch from now() - interval '5 years')::float8 * 1000 as kept_from, to_char((now() - interval '5 years') at time zone 'UTC', 'YYYY-MM-DD') as day`,
    );
    // Six years ahead, that machine's clock would put today's entries past five years' retention.
    const fast = { DATABASE_URL: own.config.databaseUrl!, ...clockAhead(6 * 365 * 24 * 3600 * 1000) };
    expect(await auditVerifyWith(fast)).toMatchObject({ code: 0, out: expect.stringContaining(`retention 5 years: entries from ${db.day} on must stay`) });
    const before = await entryCount();
    const refused = await auditVerifyWith(fast, '--purge-archived', recent);
    expect(refused).toMatchObject({ code: 1, out: expect.stringMatching(/nothing removed: entries up to \S+ are within the retention period: only entries before \S+ may be removed/) });
    const keptFrom = new Date(/only entries before (\S+) may be removed/.exec(refused.out)![1]);
    expect(Math.abs(keptFrom.getTime() - db.kept_from)).toBeLessThan(60_000);
    await refusedAndLogged(before, [/^refused to remove the entries archived in recent-on-a-fast-clock\.jsonl: entries up to \S+ are within the retention period/]);
  });

  it("removes exactly the archived entries, writes the removal to the chain, and the rest verifies from the archive's head", async () => {
    const [{ n: kept }] = await sql<{ n: number }[]>(own, 'select count(*)::int as n from audit_event where chain_position > ?', [old.position]);
    const res = await verify('--purge-archived', old.file);
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining(`removed ${old.position} archived entries`) });
    expect(res.out).toContain(`audit chain intact: ${kept + 1} entries checked`);

    const rest = await sql<{ chain_position: string; event_type: string; action: string; reason: string }[]>(own, 'select chain_position::text, event_type, action, reason from audit_event order by audit_event.chain_position');
    expect(rest).toHaveLength(kept + 1);
    expect(BigInt(rest[0].chain_position)).toBe(BigInt(old.position) + 1n);
    const digest = createHash('sha256').update(fs.readFileSync(old.file)).digest('hex');
    expect(rest[rest.length - 1]).toMatchObject({
      event_type: 'audit.purge',
      action: 'D',
      reason: `removed entries 1 to ${old.position}, past retention, archived in old.jsonl (sha256 ${digest}); the chain continues from ${old.position}:${old.hash}`,
    });
    expect((await verifyChain(em(own), { position: old.position, hash: old.hash })).broken).toBeNull();
    // The guard is back on.
    await expect(sql(own, 'delete from audit_event where chain_position = ?', [rest[0].chain_position])).rejects.toThrow(/append-only/);
  });

  it('refuses the same archive again: its entries are gone', async () => {
    const before = await entryCount();
    expect(await verify('--purge-archived', old.file)).toMatchObject({ code: 1, out: expect.stringContaining('nothing removed: the live chain does not hold what the archive holds') });
    expect(await entryCount()).toBe(before + 1);
    const [newest] = await sql<{ event_type: string; outcome: string; reason: string }[]>(own, 'select event_type, outcome, reason from audit_event order by chain_position desc limit 1');
    expect(newest).toEqual({ event_type: 'audit.purge', outcome: 'DENIED', reason: expect.stringMatching(/^refused to remove the entries archived in old\.jsonl: the live chain does not hold what the archive holds/) });
  });
});

describe('the log grows with the gateway', () => {
  it('adds to the chain while the gateway serves, and the chain stays whole', async () => {
    // A fresh gateway on the same kind of database: its own reads chain on.
    const fresh = await startGateway();
    try {
      const cm = await fresh.as('casemanager@iriszorg.example');
      const { entries } = await entriesDuring(fresh, () => cm.query('{ clients(first: 3) { edges { node { code } } } }'));
      expect(entries).toHaveLength(3);
      expect((await verifyChain(fresh.orm.em.fork() as never)).broken).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});

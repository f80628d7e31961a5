/**
 * Signing out ends the token at the gateway, not only in the browser: care offices share
 * computers, and a token left behind (in a page's memory, a disk cache, a clipboard) must stop
 * opening her clients the moment she signs out.
 */
import { decodeJwt } from 'jose';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const SIGN_OUT = 'mutation { signOut }';
const HER_CLIENT = `query ($id: ID!) { client(id: $id) { code identity { name } } }`;

async function professionalId(email: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>(gw, 'select id from professional where email = ?', [email]);
  return row.id;
}

/**
 * The same token under another text: an ES256 signature (r, s) is as valid as (r, n − s), so
 * whoever holds a token can present it anew without the key.
 */
function withMirroredSignature(token: string): string {
  const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  const mirrored = Buffer.concat([bytes.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
  return `${header}.${payload}.${mirrored.toString('base64url')}`;
}

describe('signOut', () => {
  let sanne: Caller;
  beforeEach(async () => {
    sanne = await gw.as('casemanager@iriszorg.example');
  });

  it('answers true, and from then on the token opens nothing: 401 on the next request, and her client with it', async () => {
    const first = await sanne.query<{ clients: { edges: { node: { id: string; code: string } }[] } }>('{ clients(first: 1) { edges { node { id code } } } }');
    const { id, code } = first.body.data!.clients.edges[0].node;
    const before = await sanne.query(HER_CLIENT, { id });
    expect(before.body.data?.client).toEqual(expect.objectContaining({ code, identity: { name: expect.any(String) } }));

    const out = await sanne.query(SIGN_OUT);
    expect(out.body).toEqual({ data: { signOut: true } });

    const after = await sanne.query(HER_CLIENT, { id });
    expect(after.status).toBe(401);
    expect(after.body.data ?? null).toBeNull();
    expect(after.body.errors).toEqual([expect.objectContaining({ message: 'The token is not valid', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(JSON.stringify(after.body)).not.toContain(code);
  });

  it('tells whoever reads the audit log that a signed-out token came back, and whose it was', async () => {
    await sanne.query(SIGN_OUT);
    const { result, entries } = await entriesDuring(gw, () => sanne.query('{ me { email } }', {}, { 'x-client-application': 'left-open' }));
    expect(result.status).toBe(401);
    expect(entries).toEqual([
      expect.objectContaining({ event_type: 'auth.failure', outcome: 'DENIED', reason: 'TOKEN_ENDED', professional_id: await professionalId(sanne.email), application: 'left-open' }),
    ]);
  });

  it('may be asked again with the ended token, as revoking a revoked token succeeds, and leaves no line; anything else beside it is refused', async () => {
    await sanne.query(SIGN_OUT);
    const again = await entriesDuring(gw, () => sanne.query('mutation Again { signOut twice: signOut }'));
    expect(again.result.body).toEqual({ data: { signOut: true, twice: true } });
    expect(again.entries).toEqual([]);

    const professional = await professionalId(sanne.email);
    for (const [what, document, operationName] of [
      ['a read beside it', 'mutation { signOut } query Me { me { email } }', 'Me'],
      ['a write beside it', 'mutation { signOut raiseSignal(input: { clientId: "00000000-0000-4000-8000-999999999999", category: BASIC, text: "x" }) { id } }', undefined],
      ['itself under a directive', 'mutation { signOut @include(if: false) }', undefined],
      ['a query of it', '{ __typename }', undefined],
    ] as const) {
      const { result, entries } = await entriesDuring(gw, () => gw.post({ query: document, operationName }, { authorization: `Bearer ${sanne.token}` }));
      expect({ what, status: result.status, data: result.body.data ?? null }).toEqual({ what, status: 401, data: null });
      expect({ what, entries }).toEqual({ what, entries: [expect.objectContaining({ event_type: 'auth.failure', reason: 'TOKEN_ENDED', professional_id: professional })] });
    }
  });

  it('ends that token only: her sign-in on another computer, and her colleagues’, carry on', async () => {
    const elsewhere = await gw.as(sanne.email);
    const colleague = await gw.as('casemanager@legerdesheils.example');
    await sanne.query(SIGN_OUT);
    expect((await sanne.query('{ me { email } }')).status).toBe(401);
    expect((await elsewhere.query('{ me { email } }')).body).toEqual({ data: { me: { email: sanne.email } } });
    expect((await colleague.query('{ me { email } }')).body).toEqual({ data: { me: { email: colleague.email } } });
  });

  it('ends the token whatever text it comes back in: the same token with its signature mirrored is refused too', async () => {
    const mirrored = withMirroredSignature(sanne.token);
    expect(mirrored).not.toBe(sanne.token);
    const me = (token: string) => gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
    // Before the sign-out the gateway accepts it, as any ES256 verifier does: the danger is real.
    expect((await me(mirrored)).body).toEqual({ data: { me: { email: sanne.email } } });

    await sanne.query(SIGN_OUT);
    expect((await me(mirrored)).status).toBe(401);
    expect((await me(sanne.token)).status).toBe(401);
  });

  it('keeps an ended token until it would expire anyway, and the next sign-out clears those that expired over an hour ago', async () => {
    // The hour's margin: a gateway whose clock lags the database's still refuses a token it deems unexpired.
    await sql(
      gw,
      `insert into ended_token (key, expires_at) values ('a-token-long-expired', now() - interval '61 minutes'), ('a-token-just-expired', now() - interval '59 minutes'), ('a-token-still-running', now() + interval '1 hour')`,
    );
    await sanne.query(SIGN_OUT);
    const rows = await sql<{ key: string; expires_at: string }[]>(gw, `select key, expires_at from ended_token where key like 'a-token-%' or ended_at > now() - interval '1 minute' order by key`);
    expect(rows.map((r) => r.key).filter((k) => k.startsWith('a-token-'))).toEqual(['a-token-just-expired', 'a-token-still-running']);
    // Hers, held until its `exp` plus the clock skew the gateway accepts, and not a moment longer.
    const { exp } = decodeJwt(sanne.token);
    const hers = rows.filter((r) => r.key.length === 64);
    expect(hers.map((r) => new Date(r.expires_at).getTime())).toContainEqual((exp! + gw.config.auth.clockToleranceSeconds) * 1000);
  });

  it('answers an instance of the previous release, which asks for the caller by her subject alone, as before: a rolling deploy serves on', async () => {
    const [caller] = await sql<{ email: string; active: boolean }[]>(gw, `select email, active from caller_of(?)`, [`demo|${sanne.email}`]);
    expect(caller).toEqual({ email: sanne.email, active: true });
  });

  it('is open to every role, also those that see no client, and ends only the token it came with', async () => {
    // One persona of each role, Sanne's own role aside.
    const personas = PROFESSIONALS.filter(([, , , roles], i) => PROFESSIONALS.findIndex((p) => p[3].join() === roles.join()) === i && !roles.includes('CASE_MANAGER')).map(([email]) => email);
    expect(personas).toHaveLength(7);
    for (const persona of personas) {
      const caller = await gw.as(persona);
      expect({ persona, answer: (await caller.query(SIGN_OUT)).body }).toEqual({ persona, answer: { data: { signOut: true } } });
      expect({ persona, status: (await caller.query('{ me { email } }')).status }).toEqual({ persona, status: 401 });
    }
    expect((await sanne.query('{ me { email } }')).body).toEqual({ data: { me: { email: sanne.email } } });
  });
});

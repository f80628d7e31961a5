/**
 * Issue 5, what is logged (NEN 7513, policy §7): every read of client data, granted and denied,
 * every change, every break-glass and every refused token leaves a line with who, from where,
 * about whom, what, on what basis, the outcome and the request's W3C trace context.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { verifyChain } from '../../src/modules/audit/audit-chain';
import { em, entriesDuring, sql, type AuditRow } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

async function professional(email: string) {
  const [p] = await sql<{ id: string; organisation_id: string }[]>(gw, 'select id, organisation_id from professional where email = ?', [email]);
  return p;
}

const changes = (entries: AuditRow[]) => entries.filter((e) => e.event_type !== 'client.read');

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('reads of client data', () => {
  it('logs a granted and a denied read with who, from where, about whom, what, basis and trace', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const me = await professional('expert@iriszorg.example');
    const { result: res, entries } = await entriesDuring(gw, () =>
      expert.query(
        'query ReadHer($id: ID!) { client(id: $id) { code housing { situation } health { summary } } }',
        { id: DEMO.client(12) },
        { traceparent: `00-${TRACE}-${PARENT}-01`, 'x-client-application': 'iriszorg-dashboard/2.3' },
      ),
    );
    expect(res.body.data?.client).toMatchObject({ code: 'KP-012', health: null });

    const span = res.headers.get('traceparent')!;
    expect(span).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    const common = {
      event_type: 'client.read',
      action: 'R',
      professional_id: me.id,
      responsible_professional_id: me.id,
      organisation_id: me.organisation_id,
      roles: ['EXPERT_BY_EXPERIENCE'],
      application: 'iriszorg-dashboard/2.3',
      network_address: expect.stringMatching(/127\.0\.0\.1/),
      client_id: DEMO.client(12),
      authorisation_checked: true,
      care_relationship_checked: true,
      operation_name: 'ReadHer',
      request_id: expect.any(String),
      trace_id: TRACE,
      span_id: span.split('-')[2],
      parent_span_id: PARENT,
    };
    // One line for what she was shown, one for what was refused. Her BASIC data is decided where
    // she is reached (here, through client(id)) and joins the line of what her consent granted.
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual(
      expect.objectContaining({ ...common, outcome: 'GRANTED', categories: ['BASIC', 'HOUSING'], fields: ['Query.client', 'Client.housing'], consent_checked: true, consent_id: expect.any(String), break_glass_used: false }),
    );
    // Her role may not see HEALTH at all: refused before any consent of hers was looked at.
    expect(entries).toContainEqual(expect.objectContaining({ ...common, outcome: 'DENIED', categories: ['HEALTH'], fields: ['Client.health'], reason: 'ROLE_NOT_ALLOWED', consent_checked: false }));
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(1);
  });

  it('starts a trace when the caller sends none (or a malformed one) and returns it', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const sent: Record<string, string>[] = [{}, { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }];
    for (const headers of sent) {
      const { result: res, entries } = await entriesDuring(gw, () => cm.query('{ clients(first: 1) { edges { node { code } } } }', {}, headers));
      const [, traceId, spanId] = res.headers.get('traceparent')!.split('-');
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId).not.toBe('0'.repeat(32));
      expect(entries).toEqual([expect.objectContaining({ trace_id: traceId, span_id: spanId, parent_span_id: null })]);
    }
  });

  it('names the application from apollographql-client-name when x-client-application is absent', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const { entries } = await entriesDuring(gw, () => cm.query('{ clients(first: 1) { edges { node { code } } } }', {}, { 'apollographql-client-name': 'ketenpoort-web' }));
    expect(entries[0].application).toBe('ketenpoort-web');
  });

  it('stores what the caller names herself verbatim, quotes and dollar signs included', async () => {
    // The lines travel as dollar-quoted literals: a name holding the quote must not end it.
    const hostile = `x$j$'); delete from audit_event; -- $j0$ \\ "`;
    const cm = await gw.as('casemanager@iriszorg.example');
    const { result: res, entries } = await entriesDuring(gw, () => cm.query('{ clients(first: 1) { edges { node { code } } } }', {}, { 'x-client-application': hostile }));
    expect(res.body.errors).toBeUndefined();
    expect(entries).toEqual([expect.objectContaining({ application: hostile, fields: ['Query.clients'] })]);
    // And the chain's hash over it is the one an auditor recomputes outside the database.
    expect((await verifyChain(em(gw))).broken).toBeNull();
  });

  // Her consents are for her case managers and procesregie (consent.rules.ts). Asked by another
  // role, the refusal is a denied attempt, logged as one (policy §3) — not a read of her consents.
  it('logs a refused read of her consents as refused, never as a read of them', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const { result: res, entries } = await entriesDuring(gw, () => expert.query('query ($id: ID!) { client(id: $id) { code consents { id } } }', { id: DEMO.client(12) }));
    expect(res.body.data?.client).toEqual({ code: 'KP-012', consents: null });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual(expect.objectContaining({ event_type: 'client.read', outcome: 'GRANTED', client_id: DEMO.client(12), categories: ['BASIC'], fields: ['Query.client'] }));
    expect(entries).toContainEqual(
      expect.objectContaining({ event_type: 'client.read', outcome: 'DENIED', client_id: DEMO.client(12), categories: ['BASIC'], fields: ['Client.consents'], reason: 'ROLE_NOT_ALLOWED', consent_checked: false }),
    );
  });

  it('logs a lookup of a client the caller is not involved with as denied, while answering as for no one', async () => {
    const clinician = await gw.as('psychiatrist@propersona.example');
    const { result: res, entries } = await entriesDuring(gw, () => clinician.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(9) }));
    expect(res.body).toEqual({ data: { client: null } });
    expect(entries).toEqual([expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: DEMO.client(9), reason: 'NOT_INVOLVED' })]);
  });

  it('logs asking for records by id under clients the caller is not involved with as a lookup of each, and ids of nothing as one of nobody', async () => {
    // A signal, a handover and a referral, each of a woman Wijkteam does not know.
    const unknownTo = (table: string) =>
      sql<{ id: string; client_id: string }[]>(gw, `select id, client_id from ${table} where not is_involved(?, client_id) order by id limit 1`, [DEMO.org.wijkteam]).then((rows) => rows[0]);
    const [signal, handover, referral] = await Promise.all(['signal', 'handover', 'referral'].map(unknownTo));
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const byIds = `query ($s: [ID!], $h: [ID!], $r: [ID!]) { signals(ids: $s) { id } handovers(direction: OUTGOING, ids: $h) { id } referrals(ids: $r) { id } }`;
    const hers = await entriesDuring(gw, () => wijkteam.query(byIds, { s: [signal.id.toUpperCase()], h: [handover.id], r: [referral.id] }));
    expect(hers.result.body).toEqual({ data: { signals: [], handovers: [], referrals: [] } });
    const lookedUp = new Map<string, string[]>();
    for (const [row, field] of [[signal, 'Query.signals'], [handover, 'Query.handovers'], [referral, 'Query.referrals']] as const) lookedUp.set(row.client_id, [...(lookedUp.get(row.client_id) ?? []), field]);
    expect(hers.entries).toHaveLength(lookedUp.size);
    for (const [client, fields] of lookedUp) {
      expect(hers.entries).toContainEqual(expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: client, reason: 'NOT_INVOLVED', fields }));
    }

    const nobody = ['00000000-0000-4000-8fff-000000000001', '00000000-0000-4000-8fff-000000000002'];
    const nobodys = await entriesDuring(gw, () => wijkteam.query(byIds, { s: nobody, h: null, r: null }));
    expect(nobodys.result.body).toEqual({ data: { signals: [], handovers: [], referrals: [] } });
    expect(nobodys.entries).toEqual([expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: null, reason: 'NOT_INVOLVED', fields: ['Query.signals'] })]);

    // An organisation that knows her, asking with a status that leaves the signal out, looked for no one behind its back.
    const [{ email }] = await sql<{ email: string }[]>(
      gw,
      `select p.email from professional p where p.active and 'CASE_MANAGER' = any(p.roles) and is_involved(p.organisation_id, ?) order by p.email limit 1`,
      [signal.client_id],
    );
    const [{ status }] = await sql<{ status: string }[]>(gw, 'select status from signal where id = ?', [signal.id]);
    const known = await entriesDuring(gw, async () => (await gw.as(email)).query('query ($s: [ID!], $st: [SignalStatus!]) { signals(ids: $s, status: $st) { id } }', { s: [signal.id], st: [status === 'OPEN' ? 'RESOLVED' : 'OPEN'] }));
    expect(known.result.body).toEqual({ data: { signals: [] } });
    expect(known.entries).toEqual([]);
  });

  it('logs a search by the code of a client the caller is not involved with as a lookup of her, and one by a code of nobody alike', async () => {
    const clinician = await gw.as('psychiatrist@propersona.example');
    const search = (code: string) => clinician.query('query ($code: String!) { clients(filter: { code: $code }) { totalCount edges { node { code } } } }', { code });
    const hers = await entriesDuring(gw, () => search('KP-009'));
    const nobodys = await entriesDuring(gw, () => search('KP-999'));
    for (const { result } of [hers, nobodys]) expect(result.body).toEqual({ data: { clients: { totalCount: 0, edges: [] } } });
    expect(hers.entries).toEqual([expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: DEMO.client(9), reason: 'NOT_INVOLVED', fields: ['Query.clients'] })]);
    expect(nobodys.entries).toEqual([expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: null, reason: 'NOT_INVOLVED' })]);

    // A client it knows, left out by another filter, was not looked for behind its back.
    const known = await entriesDuring(gw, () => clinician.query('{ clients(filter: { code: "KP-012", status: [CLOSED] }) { totalCount } }'));
    expect(known.result.body).toEqual({ data: { clients: { totalCount: 0 } } });
    expect(known.entries).toEqual([]);
  });

  it.each(['analyst@nijmegen.example', 'admin@nijmegen.example', 'policy@nijmegen.example'])('logs a lookup by %s, whose role reads no clients, as denied', async (email) => {
    const caller = await gw.as(email);
    const { result: res, entries } = await entriesDuring(gw, () => caller.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(14) }));
    expect(res.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(entries).toEqual([expect.objectContaining({ event_type: 'query.client', action: 'R', outcome: 'DENIED', client_id: DEMO.client(14), reason: 'ROLE_NOT_ALLOWED' })]);
  });

  it.each(['analyst@nijmegen.example', 'admin@nijmegen.example', 'policy@nijmegen.example'])('logs a search for her code by %s, whose role reads no clients, as denied; one for a code nobody has, as about nobody', async (email) => {
    const caller = await gw.as(email);
    const search = (code: string) => entriesDuring(gw, () => caller.query('query ($code: String!) { clients(filter: { code: $code }) { totalCount } }', { code }));
    const hers = await search('KP-014');
    expect(hers.result.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(hers.entries).toEqual([expect.objectContaining({ event_type: 'query.clients', action: 'R', outcome: 'DENIED', client_id: DEMO.client(14), reason: 'ROLE_NOT_ALLOWED' })]);
    const nobodys = await search('KP-999');
    expect(nobodys.result.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(nobodys.entries).toEqual([expect.objectContaining({ event_type: 'query.clients', action: 'R', outcome: 'DENIED', client_id: null, reason: 'ROLE_NOT_ALLOWED' })]);
  });

  // The backstop that writes a refused call's line reads the calls as graphql-js executes them: a
  // call wrapped in a fragment on the root type is one all the same.
  it.each([
    ['an inline fragment', 'query ($id: ID!) { ... on Query { client(id: $id) { code } } }'],
    ['a named fragment', 'query ($id: ID!) { ...Her } fragment Her on Query { client(id: $id) { code } }'],
    ['an alias inside a fragment', 'query ($id: ID!) { ... on Query { ... on Query { who: client(id: $id) { code } } } }'],
  ])('logs a refused lookup asked through %s', async (_shape, query) => {
    const analyst = await gw.as('analyst@nijmegen.example');
    const { result: res, entries } = await entriesDuring(gw, () => analyst.query(query, { id: DEMO.client(14) }));
    expect(res.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(entries).toEqual([expect.objectContaining({ event_type: 'query.client', action: 'R', outcome: 'DENIED', client_id: DEMO.client(14), reason: 'ROLE_NOT_ALLOWED' })]);
  });

  it('logs a refused change asked through a fragment, and nothing for a call that @skip left out', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const refused = await entriesDuring(gw, () =>
      expert.query('mutation ($id: ID!, $r: String!) { ...Open } fragment Open on Mutation { breakGlass(clientId: $id, reason: $r) { id } }', {
        id: DEMO.client(9),
        r: 'I would like to see everything please',
      }),
    );
    expect(refused.entries).toEqual([expect.objectContaining({ event_type: 'mutation.breakGlass', action: 'E', outcome: 'DENIED', client_id: DEMO.client(9), reason: 'ROLE_NOT_ALLOWED' })]);
    const analyst = await gw.as('analyst@nijmegen.example');
    const skipped = await entriesDuring(gw, () => analyst.query('query ($id: ID!) { __typename ... on Query @skip(if: true) { client(id: $id) { code } } }', { id: DEMO.client(14) }));
    expect(skipped.result.body).toEqual({ data: { __typename: 'Query' } });
    expect(skipped.entries).toEqual([]);
  });

  it('reads a root call’s @include from its variable’s default, and logs the refused call it lets through', async () => {
    const analyst = await gw.as('analyst@nijmegen.example');
    const query = 'query ($id: ID!, $her: Boolean! = false) { __typename client(id: $id) @include(if: $her) { code } }';
    const left = await entriesDuring(gw, () => analyst.query(query, { id: DEMO.client(14) }));
    expect(left.result.status).toBe(200);
    expect(left.result.body).toEqual({ data: { __typename: 'Query' } });
    expect(left.entries).toEqual([]);
    const asked = await entriesDuring(gw, () => analyst.query(query, { id: DEMO.client(14), her: true }));
    expect(asked.result.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(asked.entries).toEqual([expect.objectContaining({ event_type: 'query.client', outcome: 'DENIED', client_id: DEMO.client(14) })]);
  });

  describe('with fifty more women in the Stapteam caseload', () => {
    beforeAll(() =>
      sql(
        gw,
        `insert into client (code, status, municipality_id, team_id) select 'KP-' || (100 + n), 'ACTIVE', ?, ? from generate_series(1, 50) n`,
        [DEMO.org.nijmegen, DEMO.stapteam],
      ),
    );

    it('writes a page of 50 clients in one statement for the audit, one line per client', async () => {
      const cm = await gw.as('casemanager@iriszorg.example');
      const { result, entries } = await entriesDuring(gw, () => gw.countStatements(() => cm.query('{ clients(first: 50) { edges { node { id code status } } } }')));
      expect(result.result.body.data.clients.edges).toHaveLength(50);
      expect(result.statements.filter((s) => /audit_append/.test(s))).toHaveLength(1);
      expect(entries).toHaveLength(50);
      expect(new Set(entries.map((e) => e.client_id)).size).toBe(50);
    });

    it('counts every access under 20 truly concurrent requests: one line each, one unbroken chain', async () => {
      const cm = await gw.as('casemanager@iriszorg.example');
      const page = await cm.query('{ clients(first: 20) { edges { node { id } } } }');
      const ids: string[] = page.body.data.clients.edges.map((e: { node: { id: string } }) => e.node.id);
      const { result, entries } = await entriesDuring(gw, () => Promise.all(ids.map((id) => cm.query('query ($id: ID!) { client(id: $id) { code } }', { id }))));
      expect(result.every((r) => r.status === 200 && r.body.data?.client)).toBe(true);
      expect(entries).toHaveLength(20);
      expect(new Set(entries.map((e) => e.request_id)).size).toBe(20);
      expect(entries.map((e) => e.client_id).sort()).toEqual([...ids].sort());
      // Contiguous, each linked to the one before: no writer skipped or forked the chain.
      for (let i = 1; i < entries.length; i++) {
        expect(BigInt(entries[i].chain_position)).toBe(BigInt(entries[i - 1].chain_position) + 1n);
        expect(entries[i].prev_hash).toBe(entries[i - 1].hash);
      }
      expect((await verifyChain(em(gw))).broken).toBeNull();
    });
  });
});

describe('changes', () => {
  it('logs each kind of change in its own transaction: create, update and execute (break-glass with its reason)', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const me = await professional('casemanager@legerdesheils.example');
    const recorded = await entriesDuring(gw, () =>
      ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.proPersona, categories: ['HEALTH'], purpose: 'CARE' } }),
    );
    const consent = recorded.result.body.data.recordConsent;
    // The answer's own fields are reads, audited as such; the change is one line.
    expect(changes(recorded.entries)).toEqual([
      expect.objectContaining({
        event_type: 'consent.record',
        action: 'C',
        outcome: 'GRANTED',
        professional_id: me.id,
        organisation_id: me.organisation_id,
        client_id: DEMO.client(13),
        categories: ['HEALTH'],
        // The consent recorded is what the line is about, not the consent it rested on: a case
        // manager of her care team records it on that care relationship.
        reason: consent.id,
        consent_id: null,
        care_relationship_checked: true,
        operation_name: 'RecordConsent',
      }),
    ]);

    // Her own words stay on the consent (revocationReason); the line names the consent, and what
    // her words are about beside what she stops sharing, as a referral's line names its reason's.
    const revoked = await entriesDuring(gw, () =>
      ldh.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'ADDICTION', reason: 'She does not want them to know she uses again' } }),
    );
    expect(changes(revoked.entries)).toEqual([
      expect.objectContaining({ event_type: 'consent.revoke', action: 'U', outcome: 'GRANTED', categories: ['HEALTH', 'ADDICTION'], reason: consent.id, consent_id: null }),
    ]);

    const objected = await entriesDuring(gw, () =>
      ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(13), effect: 'DENY', organisationId: DEMO.org.proPersona, categories: ['ADDICTION'] } }),
    );
    expect(changes(objected.entries)).toEqual([
      expect.objectContaining({ event_type: 'objection.record', action: 'C', outcome: 'GRANTED', categories: ['ADDICTION'], reason: objected.result.body.data.recordConsent.id, consent_id: null }),
    ]);

    const clinician = await gw.as('psychiatrist@propersona.example');
    const reason = 'Acute crisis on the zone; the ambulance asks for her history';
    const opened = await entriesDuring(gw, () => clinician.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(10), r: reason }));
    expect(changes(opened.entries)).toEqual([
      expect.objectContaining({ event_type: 'break-glass.open', action: 'E', outcome: 'GRANTED', client_id: DEMO.client(10), break_glass_used: true, grant_id: opened.result.body.data.breakGlass.id, reason }),
    ]);
    // The line names the data the grant opens: exactly what she may now see on it, and no more.
    const access = await clinician.query('query ($id: ID!) { client(id: $id) { access { category basis } } }', { id: DEMO.client(10) });
    const underGrant = access.body.data.client.access.filter((a: { basis: string | null }) => a.basis === 'BREAK_GLASS').map((a: { category: string }) => a.category);
    expect(underGrant).toEqual(expect.arrayContaining(['BASIC', 'HEALTH']));
    expect(underGrant).not.toContain('JUSTICE');
    expect(changes(opened.entries)[0].categories).toEqual(underGrant);

    // Reads under the grant carry it as their basis. She is known to the clinician only through
    // the grant, so her BASIC data is seen under it too: one line. The grant overrides her
    // consents, so none of them was checked.
    const read = await entriesDuring(gw, () => clinician.query('query ($id: ID!) { client(id: $id) { health { summary } } }', { id: DEMO.client(10) }));
    expect(read.entries).toEqual([
      expect.objectContaining({ outcome: 'GRANTED', categories: ['BASIC', 'HEALTH'], break_glass_used: true, grant_id: opened.result.body.data.breakGlass.id, consent_checked: false }),
    ]);
  });

  it('logs refused changes too: not allowed, not found, bad input', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const forbidden = await entriesDuring(gw, () => expert.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(9), r: 'I would like to see everything please' }));
    expect(forbidden.entries).toEqual([expect.objectContaining({ event_type: 'mutation.breakGlass', action: 'E', outcome: 'DENIED', client_id: DEMO.client(9), reason: 'ROLE_NOT_ALLOWED' })]);

    const wijkteam = await gw.as('casemanager@legerdesheils.example');
    const missing = await entriesDuring(gw, () =>
      wijkteam.query(operation('RecordConsent'), { input: { clientId: '00000000-0000-4000-8000-999999999999', effect: 'PERMIT', organisationId: DEMO.org.proPersona, categories: ['HEALTH'], purpose: 'CARE' } }),
    );
    expect(missing.entries).toEqual([expect.objectContaining({ event_type: 'mutation.recordConsent', action: 'C', outcome: 'DENIED', reason: 'NOT_FOUND' })]);

    const bad = await entriesDuring(gw, () => wijkteam.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(9), r: 'help' }));
    expect(bad.entries).toEqual([expect.objectContaining({ event_type: 'mutation.breakGlass', outcome: 'ERROR', reason: 'BAD_USER_INPUT' })]);
  });

  it('logs a change that went through as that, not also as refused, when a field of its answer is refused', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const { result: res, entries } = await entriesDuring(gw, () =>
      expert.query('mutation ($c: ID!) { raiseSignal(input: { clientId: $c, category: BASIC, text: "Looked tired at the drop-in" }) { id client { code health { summary } } } }', { c: DEMO.client(12) }),
    );
    expect(res.body.data?.raiseSignal).toMatchObject({ id: expect.any(String), client: { code: 'KP-012', health: null } });
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.reason])).toEqual([[['raiseSignal', 'client', 'health'], 'ROLE_NOT_ALLOWED']]);
    expect(changes(entries)).toEqual([expect.objectContaining({ event_type: 'signal.raise', outcome: 'GRANTED', client_id: DEMO.client(12) })]);
  });

  it('names the client of the record a refused change addresses, also when the caller is not involved with her', async () => {
    const [consent] = await sql<{ id: string; version: number }[]>(gw, 'select id, version from consent where client_id = ? and organisation_id = ?', [DEMO.client(13), DEMO.org.legerDesHeils]);
    const revoke = (id: string, version: number) => ({ input: { id, version, reasonCategory: 'BASIC', reason: 'She asked us to stop sharing' } });
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const stale = await entriesDuring(gw, () => ldh.query(operation('RevokeConsent'), revoke(consent.id, consent.version - 1)));
    expect(stale.result.body.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    expect(stale.entries).toEqual([expect.objectContaining({ event_type: 'mutation.revokeConsent', action: 'U', outcome: 'ERROR', client_id: DEMO.client(13), reason: 'CONFLICT' })]);

    // The wijkteam knows KP-013 (a handover to it is open), not KP-014: her consent is no one for it.
    const [hers] = await sql<{ id: string; version: number }[]>(gw, 'select id, version from consent where client_id = ? and organisation_id = ?', [DEMO.client(14), DEMO.org.iriszorg]);
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const probe = await entriesDuring(gw, () => wijkteam.query(operation('RevokeConsent'), revoke(hers.id, hers.version)));
    const nothing = await entriesDuring(gw, () => wijkteam.query(operation('RevokeConsent'), revoke('00000000-0000-4000-8000-999999999999', hers.version)));
    expect(probe.result.body).toEqual(nothing.result.body);
    expect(probe.result.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // An attempt on her record is about her, and her trail shows it; one on no record is about no one.
    expect(probe.entries).toEqual([expect.objectContaining({ event_type: 'mutation.revokeConsent', outcome: 'DENIED', client_id: DEMO.client(14), reason: 'NOT_FOUND' })]);
    expect(nothing.entries).toEqual([expect.objectContaining({ event_type: 'mutation.revokeConsent', outcome: 'DENIED', client_id: null, reason: 'NOT_FOUND' })]);
  });

  it.each([
    ['acceptHandover', 'handover', ''],
    ['rejectHandover', 'handover', ''],
    ['cancelHandover', 'handover', ''],
    ['completeHandover', 'handover', ''],
    ['acceptReferral', 'referral', ''],
    ['declineReferral', 'referral', ''],
    ['withdrawReferral', 'referral', ''],
    ['endTrajectory', 'trajectory', ', outcome: "Done"'],
    ['resolveSignal', 'signal', ''],
    ['revokeConsent', 'consent', ', reasonCategory: BASIC, reason: "She asked"'],
    ['revokeZoneRegistration', 'zone_registration', ''],
  ])('names her on the line of a refused %s, which addresses a record of hers (a %s)', async (mutation, table, rest) => {
    const [record] = await sql<{ id: string; client_id: string }[]>(gw, `select id, client_id from ${table} order by id limit 1`);
    const analyst = await gw.as('analyst@nijmegen.example');
    const { result: res, entries } = await entriesDuring(gw, () => analyst.query(`mutation ($id: ID!) { ${mutation}(input: { id: $id, version: 1${rest} }) { id } }`, { id: record.id }));
    expect(res.body.errors?.map((e) => e.extensions?.reason)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(entries).toEqual([expect.objectContaining({ event_type: `mutation.${mutation}`, outcome: 'DENIED', client_id: record.client_id, reason: 'ROLE_NOT_ALLOWED' })]);
  });

  it('logs every refused change of a request, beside one whose resolver logged its own refusal', async () => {
    const OPEN_HANDOVER_OF_KP013_TO_WIJKTEAM = '00000000-0000-4000-8007-000000000020';
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const { result: res, entries } = await entriesDuring(gw, () =>
      wijkteam.query(
        `mutation ($h: ID!, $c: ID!) {
          a: acceptHandover(input: { id: $h, version: 1 }) { id }
          b: raiseSignal(input: { clientId: $c, category: BASIC, text: "x" }) { id }
        }`,
        { h: OPEN_HANDOVER_OF_KP013_TO_WIJKTEAM, c: DEMO.client(14) },
      ),
    );
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['a'], 'FORBIDDEN'], [['b'], 'NOT_FOUND']]);
    expect(entries).toEqual([
      // A refused change names what it was about, as its granted line would (policy §7).
      expect.objectContaining({ event_type: 'handover.accept', outcome: 'DENIED', client_id: DEMO.client(13), categories: ['BASIC'], reason: 'NO_CONSENT' }),
      expect.objectContaining({ event_type: 'mutation.raiseSignal', action: 'C', outcome: 'DENIED', client_id: DEMO.client(14), reason: 'NOT_FOUND' }),
    ]);
  });

  it('keeps the line of what a first field read when a second field’s change is rolled back', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const OPEN_SIGNAL_BY_IRISZORG = '00000000-0000-4000-800b-000000000001';
    const conn = em(gw).getConnection();
    // The second field's change fails at its very last step, its audit line: it rolls back.
    await conn.execute(`create function refuse_signal_resolve() returns trigger language plpgsql as $$
      begin if new.event_type = 'signal.resolve' then raise exception 'audit store refused'; end if; return new; end $$`);
    await conn.execute('create trigger refuse_signal_resolve before insert on audit_event for each row execute function refuse_signal_resolve()');
    try {
      const { result: res, entries } = await entriesDuring(gw, () =>
        iriszorg.query(
          `mutation ($c: ID!, $s: ID!) {
            a: raiseSignal(input: { clientId: $c, category: BASIC, text: "Not seen at the drop-in for a week" }) { id client { code identity { name } } }
            b: resolveSignal(input: { id: $s, version: 1 }) { id }
          }`,
          { c: DEMO.client(16), s: OPEN_SIGNAL_BY_IRISZORG },
        ),
      );
      expect(res.body.data?.a.client).toEqual({ code: 'KP-016', identity: { name: expect.any(String) } });
      expect(res.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['b'], 'INTERNAL_SERVER_ERROR']]);
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ event_type: 'signal.raise', outcome: 'GRANTED', client_id: DEMO.client(16) }),
          expect.objectContaining({ event_type: 'client.read', outcome: 'GRANTED', client_id: DEMO.client(16), categories: expect.arrayContaining(['IDENTITY']) }),
          expect.objectContaining({ event_type: 'mutation.resolveSignal', outcome: 'ERROR' }),
        ]),
      );
      expect(entries.filter((e) => e.event_type === 'signal.resolve')).toEqual([]);
    } finally {
      await conn.execute('drop trigger refuse_signal_resolve on audit_event');
      await conn.execute('drop function refuse_signal_resolve()');
    }
  });
});

describe('one line per access', () => {
  it('keeps what was seen on the care relationship off the line of emergency access', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    await cm.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(12), r: 'She collapsed on the zone; the doctor asks what she takes' });
    const read = await entriesDuring(gw, () => cm.query('query ($id: ID!) { client(id: $id) { code health { summary } } }', { id: DEMO.client(12) }));
    expect(read.result.body.errors).toBeUndefined();
    // Her team's case manager is involved without the grant: BASIC rests on that, HEALTH on the grant.
    expect(read.entries.filter((e) => e.break_glass_used)).toEqual([expect.objectContaining({ outcome: 'GRANTED', categories: ['HEALTH'], fields: ['Client.health'] })]);
    expect(read.entries.filter((e) => !e.break_glass_used)).toEqual([expect.objectContaining({ outcome: 'GRANTED', categories: ['BASIC'], grant_id: null, consent_id: null })]);
  });
  it('names a colleague’s grant for what her organisation sees of her only through it, and opens no more than BASIC on it', async () => {
    const holder = await gw.as('casemanager@legerdesheils.example');
    const colleague = await gw.as('casemanager2@legerdesheils.example');
    const read = 'query ($id: ID!) { client(id: $id) { code status caseManagers { name } health { summary } } }';
    expect((await colleague.query(read, { id: DEMO.client(9) })).body.data).toEqual({ client: null });
    const opened = await holder.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(9), r: 'Threatened with a knife at the zone; the police ask who her case manager is' });
    const grantId = opened.body.data.breakGlass.id;

    const { result: res, entries } = await entriesDuring(gw, () => colleague.query(read, { id: DEMO.client(9) }));
    expect(res.body.data?.client).toMatchObject({ code: 'KP-009', health: null });
    // Emergency access used, with the grant that applied (policy §7): not "involved in her care".
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'GRANTED', categories: ['BASIC'], break_glass_used: true, grant_id: grantId, consent_id: null }));
    // What the grant covers beyond BASIC is the holder's (policy §4: the categories her role may see).
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'DENIED', categories: ['HEALTH'], reason: 'NO_CONSENT', break_glass_used: false, grant_id: null }));
  });
});

describe('break-glass review', () => {
  it('leaves a read line for the client of every grant whose reason procesregie reads, on its review and in one statement', async () => {
    const clinician = await gw.as('psychiatrist@propersona.example');
    const reason = 'Psychotic and dehydrated on the zone; the crisis team asks what she is prescribed';
    await clinician.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: DEMO.client(18), r: reason });
    const pd = await gw.as('procesregie@zvh.example');
    const me = await professional('procesregie@zvh.example');
    const { result, entries } = await entriesDuring(gw, () => gw.countStatements(() => pd.query('{ breakGlassReview { id reason startedAt professional { email } } }')));
    const grants: { id: string; reason: string }[] = result.result.body.data.breakGlassReview;
    expect(grants).toContainEqual(expect.objectContaining({ reason }));
    expect(grants.length).toBeGreaterThan(1);
    const clientOf = new Map(
      (await sql<{ id: string; client_id: string }[]>(gw, 'select id, client_id from break_glass_grant where id = any(?::uuid[])', [`{${grants.map((g) => g.id).join(',')}}`])).map((g) => [g.id, g.client_id]),
    );
    // Her trail shows that procesregie read why the glass was broken for her: not on her consent,
    // nor on a care relationship, but on the review every grant gets (policy §4).
    expect(entries).toHaveLength(grants.length);
    for (const g of grants) {
      expect(entries).toContainEqual(
        expect.objectContaining({
          event_type: 'break-glass.review', action: 'R', outcome: 'GRANTED', professional_id: me.id, roles: ['PROCESS_DIRECTOR'], client_id: clientOf.get(g.id), fields: ['BreakGlassGrant.reason'],
          reason: g.id, care_relationship_checked: false, consent_checked: false, break_glass_used: false, consent_id: null, grant_id: null,
        }),
      );
    }
    expect(result.statements.filter((s) => /audit_append/.test(s))).toHaveLength(1);
  });

  it('logs a lookup through the review of a client procesregie’s organisation does not know as client(id) logs it, once, and shows nothing of her', async () => {
    // KP-018 gave no consent and procesregie is not on her care team: it reviews her grants without knowing her.
    const HER = DEMO.client(18);
    const pd = await gw.as('procesregie@zvh.example');
    const clinician = await gw.as('psychiatrist@propersona.example');
    await clinician.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: HER, r: 'Seizure at the drop-in; the ambulance asks what she takes' });
    const byId = await entriesDuring(gw, () => pd.query('query ($id: ID!) { client(id: $id) { code } }', { id: HER }));
    expect(byId.result.body.data).toEqual({ client: null });
    expect(byId.entries).toEqual([expect.objectContaining({ event_type: 'client.lookup', outcome: 'DENIED', client_id: HER, reason: 'NOT_INVOLVED', fields: ['Query.client'] })]);

    const { result: res, entries } = await entriesDuring(gw, () => pd.query('{ breakGlassReview { id client { code } } }'));
    const review: { id: string; client: { code: string } | null }[] = res.body.data.breakGlassReview;
    const herGrants = new Set((await sql<{ id: string }[]>(gw, 'select id from break_glass_grant where client_id = ?', [HER])).map((g) => g.id));
    expect(review.filter((g) => herGrants.has(g.id)).length).toBeGreaterThan(1);
    review.forEach((g, i) => {
      if (!herGrants.has(g.id)) return;
      expect(g.client).toBeNull();
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: ['breakGlassReview', i, 'client'], extensions: { code: 'NOT_FOUND' } }));
    });
    expect(JSON.stringify(res.body)).not.toContain('KP-018');

    // The line client(id) leaves, through the review: one, however many of her grants it lists.
    const same = ['event_type', 'action', 'outcome', 'reason', 'categories', 'professional_id', 'roles', 'care_relationship_checked', 'consent_checked', 'break_glass_used', 'consent_id', 'grant_id'] as const;
    expect(entries.filter((e) => e.client_id === HER)).toEqual([
      expect.objectContaining({ ...Object.fromEntries(same.map((k) => [k, byId.entries[0][k]])), fields: ['BreakGlassGrant.client'] }),
    ]);
  });
});

describe('refused tokens worth a look', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ sub: 'demo|casemanager@iriszorg.example', iss: gw.config.auth.devIssuer, aud: gw.config.auth.audience });

  it.each([
    ['expired', 'TOKEN_EXPIRED', async () => {
      const { devKeyPair } = await import('../../src/auth/keys');
      const c = claims();
      return new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setSubject(c.sub).setIssuer(c.iss).setAudience(c.aud).setExpirationTime(now() - 3600).sign((await devKeyPair(gw.config.dataDir)).privateKey);
    }],
    ['forged (signed with another key)', 'SIGNATURE_INVALID', async () => {
      const c = claims();
      return new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setSubject(c.sub).setIssuer(c.iss).setAudience(c.aud).setExpirationTime(now() + 600).sign((await generateKeyPair('ES256')).privateKey);
    }],
    ['for another audience', 'CLAIMS_INVALID', async () => {
      const { devKeyPair } = await import('../../src/auth/keys');
      const c = claims();
      return new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setSubject(c.sub).setIssuer(c.iss).setAudience('elsewhere').setExpirationTime(now() + 600).sign((await devKeyPair(gw.config.dataDir)).privateKey);
    }],
    ['garbled', 'MALFORMED_TOKEN', async () => 'not a token at all!'],
  ])('logs a token that is %s, refused with 401', async (_what, failure, token) => {
    const bearer = await token();
    const { result: res, entries } = await entriesDuring(gw, () => gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${bearer}`, 'x-client-application': 'probe' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(entries).toEqual([
      expect.objectContaining({ event_type: 'auth.failure', action: 'E', outcome: 'DENIED', reason: failure, application: 'probe', network_address: expect.stringMatching(/127\.0\.0\.1/), trace_id: res.headers.get('traceparent')!.split('-')[1] }),
    ]);
  });

  it('names the professional whose valid token arrives after she was deactivated', async () => {
    const cm = await gw.as('casemanager3@iriszorg.example');
    const me = await professional('casemanager3@iriszorg.example');
    await sql(gw, `update professional set active = false where id = ?`, [me.id]);
    const { result: res, entries } = await entriesDuring(gw, () => cm.query('{ me { email } }'));
    expect(res.status).toBe(401);
    expect(entries).toEqual([expect.objectContaining({ event_type: 'auth.failure', reason: 'PROFESSIONAL_INACTIVE', professional_id: me.id, organisation_id: me.organisation_id, roles: ['CASE_MANAGER'] })]);
  });

  it('does not log a request that carries no token at all', async () => {
    const { result: res, entries } = await entriesDuring(gw, () => gw.post({ query: '{ me { email } }' }));
    expect(res.status).toBe(401);
    expect(entries).toEqual([]);
  });
});

import { BreakGlassGrant } from '../../src/modules/break-glass/break-glass-grant.entity';
import { DEMO, demoId } from '../../src/db/demo/seed';
import { demoSubject } from '../../src/db/demo/personas';
import { addProfessional, startGateway, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe('category content under a client is guarded wherever it is reached from', () => {
  it('hides diagnostics results (HEALTH) from the expert by experience, through the client and through a handover', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const res = await expert.query(`query ($id: ID!) { client(id: $id) { trajectories { kind outcome notes } } }`, { id: DEMO.client(12) });
    const trajectories = (res.body.data as any).client.trajectories as { kind: string; outcome: string | null; notes: string | null }[];
    const diagnostics = trajectories.filter((t) => t.kind === 'DIAGNOSTICS');
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const t of diagnostics) expect([t.outcome, t.notes]).toEqual([null, null]);
    const timeOut = trajectories.filter((t) => t.kind === 'TIME_OUT');
    for (const t of timeOut) expect(t.notes).toEqual(expect.any(String)); // HOUSING: the expert may, with consent
    const forbidden = (res.body.errors ?? []).filter((e) => e.extensions?.reason === 'ROLE_NOT_ALLOWED');
    expect(forbidden.length).toBe(diagnostics.length * 2);

    const viaHandover = await expert.query('{ handovers(direction: OUTGOING, first: 100) { client { code trajectories { kind outcome } } } }');
    for (const h of (viaHandover.body.data as any).handovers) {
      for (const t of h.client.trajectories) if (t.kind === 'DIAGNOSTICS') expect(t.outcome).toBeNull();
    }
  });

  it('shows the expert by experience that a HEALTH signal exists, but not its text', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const res = await expert.query('{ signals { category text client { code } } }');
    const health = (res.body.data as any).signals.filter((s: { category: string }) => s.category === 'HEALTH');
    expect(health).toEqual([{ category: 'HEALTH', text: null, client: { code: 'KP-014' } }]);
    expect(res.body.errors?.some((e) => e.extensions?.reason === 'ROLE_NOT_ALLOWED' && e.path?.includes('text'))).toBe(true);
  });

  it('shows procesregie the signals of clients it is involved with, and nothing of the others', async () => {
    const pd = await gw.as('procesregie@zvh.example');
    const res = await pd.query('{ signals { category text client { code } } }');
    // KP-016 shared HOUSING with procesregie; KP-014 shared nothing with it, so her signal does not exist for it.
    expect((res.body.data as any).signals).toEqual([{ category: 'HOUSING', text: expect.any(String), client: { code: 'KP-016' } }]);
  });

  it('shows handover notes only to who may see their category (HOUSING notes, Arnhem without consent yet)', async () => {
    const arnhem = await gw.as('procesregie@arnhem.example');
    const res = await arnhem.query('{ handovers(direction: INCOMING, status: [PROPOSED]) { destination notesCategory notes client { code } } }');
    // KP-012's consent for Arnhem only starts in the future relative to the demo (2026-10-01): HOUSING is shared.
    expect((res.body.data as any).handovers).toEqual([{ destination: 'OTHER_MUNICIPALITY', notesCategory: 'HOUSING', notes: expect.any(String), client: { code: 'KP-012' } }]);
  });
});

describe('break-glass', () => {
  const OPEN = 'mutation ($id: ID!, $reason: String!) { breakGlass(clientId: $id, reason: $reason) { id startedAt expiresAt } }';

  it('needs a written reason', async () => {
    const cm = await gw.as('casemanager@legerdesheils.example');
    const res = await cm.query(OPEN, { id: DEMO.client(7), reason: 'help' });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await gw.orm.em.fork().count(BreakGlassGrant, { client: DEMO.client(7) })).toBe(0);
  });

  it('counts the reason in characters, as the database does: five emoji are too short a reason, not an internal error', async () => {
    const cm = await gw.as('casemanager@legerdesheils.example');
    // Ten UTF-16 code units, five characters: PostgreSQL's length() and the grant's check count five.
    const res = await cm.query(OPEN, { id: DEMO.client(7), reason: '🚑🚑🚑🚑🚑' });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'reason' }]);
    expect(await gw.orm.em.fork().count(BreakGlassGrant, { client: DEMO.client(7) })).toBe(0);
  });

  it('opens a client she was not involved with, for the configured hours, within her role, and procesregie reviews it', async () => {
    const clinician = await gw.as('psychiatrist@propersona.example');
    const read = `query ($id: ID!) { client(id: $id) { code health { summary } housing { situation } } }`;
    expect((await clinician.query(read, { id: DEMO.client(9) })).body.data).toEqual({ client: null });

    const opened = await clinician.query(OPEN, { id: DEMO.client(9), reason: 'Acute psychosis on the zone; ambulance asks for history' });
    const grant = (opened.body.data as any).breakGlass;
    expect(new Date(grant.expiresAt).getTime() - new Date(grant.startedAt).getTime()).toBe(gw.config.breakGlassHours * 3600_000);

    const during = await clinician.query(read, { id: DEMO.client(9) });
    expect((during.body.data as any).client).toEqual({ code: 'KP-009', health: { summary: expect.any(String) }, housing: null });
    expect(during.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });

    const pd = await gw.as('procesregie@zvh.example');
    const review = await pd.query('{ breakGlassReview { reason professional { email } organisation { name } client { code } } }');
    expect((review.body.data as any).breakGlassReview).toContainEqual({
      reason: 'Acute psychosis on the zone; ambulance asks for history',
      professional: { email: 'psychiatrist@propersona.example' },
      organisation: { name: 'Pro Persona' },
      client: { code: 'KP-009' },
    });

    // When it ends, she is gone again.
    await gw.orm.em.fork().getConnection().execute(`update break_glass_grant set started_at = now() - interval '5 hours', expires_at = now() - interval '1 hour' where id = ?`, [grant.id]);
    expect((await clinician.query(read, { id: DEMO.client(9) })).body.data).toEqual({ client: null });
  });

  it('opens nothing beyond BASIC once its holder no longer holds a role that may break the glass', async () => {
    const email = 'casemanager2@legerdesheils.example';
    const cm = await gw.as(email);
    const read = 'query ($id: ID!) { client(id: $id) { identity { name } contact { phone } housing { situation } access { category granted basis } } }';
    await cm.query(OPEN, { id: DEMO.client(18), reason: 'Collapsed at the drop-in; the GP on call asks where she sleeps' });
    expect((await cm.query(read, { id: DEMO.client(18) })).body.data.client.identity).toEqual({ name: expect.any(String) });

    await sql(gw, `update professional set roles = '{EXPERT_BY_EXPERIENCE}' where email = ?`, [email]);
    try {
      const after = await cm.query(read, { id: DEMO.client(18) });
      expect(after.body.data.client).toMatchObject({ identity: null, contact: null, housing: null });
      expect(after.body.errors?.map((e) => e.extensions?.reason)).toEqual(['NO_CONSENT', 'NO_CONSENT', 'NO_CONSENT']);
      expect(after.body.data.client.access.filter((a: { granted: boolean }) => a.granted).map((a: { category: string }) => a.category)).toEqual(['BASIC']);
    } finally {
      await sql(gw, `update professional set roles = '{CASE_MANAGER}' where email = ?`, [email]);
    }
  });

  it('ends when the directory changes its holder’s roles, rather than open what her new role may see', async () => {
    const email = 'psychiatrist@propersona.example';
    const clinician = await gw.as(email);
    const opened = await clinician.query(OPEN, { id: DEMO.client(11), reason: 'Seizure at the drop-in; the ambulance asks for her medication' });
    expect(opened.body.errors).toBeUndefined();
    const read = 'query ($id: ID!) { client(id: $id) { code health { summary } housing { situation } } }';
    expect((await clinician.query(read, { id: DEMO.client(11) })).body.data.client).toMatchObject({ code: 'KP-011', health: { summary: expect.any(String) }, housing: null });

    const [{ id, version }] = await sql<{ id: string; version: number }[]>(gw, 'select id, version from professional where email = ?', [email]);
    const changed = await (await gw.as('admin@nijmegen.example')).query(operation('ChangeProfessional'), { input: { id, version, roles: ['CLINICIAN', 'CASE_MANAGER'] } });
    try {
      expect(changed.body.errors).toBeUndefined();
      // Her grant covered what a clinician may see; as a case manager too she must open a new one.
      const after = await clinician.query(read, { id: DEMO.client(11) });
      expect(after.body.data).toEqual({ client: null });
      const [grant] = await sql<{ running: boolean }[]>(gw, 'select expires_at > now() as running from break_glass_grant where id = ?', [opened.body.data.breakGlass.id]);
      expect(grant.running).toBe(false);
    } finally {
      await sql(gw, `update professional set roles = '{CLINICIAN}' where email = ?`, [email]);
    }
  });

  it('ends when the directory deactivates its holder, and does not come back when she is reactivated', async () => {
    const email = 'psychiatrist@propersona.example';
    const clinician = await gw.as(email);
    const opened = await clinician.query(OPEN, { id: DEMO.client(11), reason: 'Fainted at the drop-in; the ambulance asks for her medication' });
    expect(opened.body.errors).toBeUndefined();
    const admin = await gw.as('admin@nijmegen.example');
    const version = async () => (await sql<{ version: number }[]>(gw, 'select version from professional where email = ?', [email]))[0].version;
    const [{ id }] = await sql<{ id: string }[]>(gw, 'select id from professional where email = ?', [email]);
    expect((await admin.query(operation('DeactivateProfessional'), { input: { id, version: await version() } })).body.errors).toBeUndefined();
    expect((await admin.query(operation('ReactivateProfessional'), { input: { id, version: await version() } })).body.errors).toBeUndefined();
    // Back within the grant's hours, she has not got it back: a new emergency is a new reason and a new line.
    expect((await clinician.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(11) })).body.data).toEqual({ client: null });
    const [grant] = await sql<{ running: boolean }[]>(gw, 'select expires_at > now() as running from break_glass_grant where id = ?', [opened.body.data.breakGlass.id]);
    expect(grant.running).toBe(false);
  });

  // A colleague sees the client on the holder's grant (§1) only while the holder herself may use
  // it: once she left the chain or holds another role, her organisation knows the client no more.
  it('ends for her organisation once its holder left the chain or no longer may break the glass', async () => {
    const holder = 'psychiatrist@propersona.example';
    const colleagueEmail = 'secretary@propersona.example';
    await sql(gw, `insert into professional (name, email, subject, organisation_id, roles) values ('Secretariaat', ?, ?, ?, '{CASE_MANAGER}')`, [colleagueEmail, demoSubject(colleagueEmail), DEMO.org.proPersona]);
    const colleague = await gw.as(colleagueEmail);
    const seen = async () => {
      const res = await colleague.query('query ($id: ID!) { client(id: $id) { code } clients(first: 100) { totalCount edges { node { code } } } }', { id: DEMO.client(10) });
      return { detail: res.body.data.client?.code ?? null, listed: res.body.data.clients.edges.some((e: { node: { code: string } }) => e.node.code === 'KP-010') };
    };
    expect(await seen()).toEqual({ detail: null, listed: false });
    const opened = await (await gw.as(holder)).query(OPEN, { id: DEMO.client(10), reason: 'Found unconscious near the zone; the ambulance asks' });
    expect(opened.body.errors).toBeUndefined();
    expect(await seen()).toEqual({ detail: 'KP-010', listed: true });

    try {
      for (const change of [`set active = false`, `set roles = '{EXPERT_BY_EXPERIENCE}'`]) {
        await sql(gw, `update professional ${change} where email = ?`, [holder]);
        expect({ change, ...(await seen()) }).toEqual({ change, detail: null, listed: false });
        await sql(gw, `update professional set active = true, roles = '{CLINICIAN}' where email = ?`, [holder]);
        expect({ change, ...(await seen()) }).toEqual({ change, detail: 'KP-010', listed: true });
      }
      // The grant itself stays, for the process director's review.
      const review = await (await gw.as('procesregie@zvh.example')).query('{ breakGlassReview { client { code } professional { email } } }');
      expect(review.body.data.breakGlassReview).toContainEqual({ client: { code: 'KP-010' }, professional: { email: holder } });
    } finally {
      await sql(gw, `update professional set active = true, roles = '{CLINICIAN}' where email = ?`, [holder]);
      await sql(gw, `update break_glass_grant set started_at = now() - interval '5 hours', expires_at = now() - interval '1 hour' where client_id = ?`, [DEMO.client(10)]);
    }
  });

  // A case manager of an organisation that works in another municipality has no care to give her:
  // the glass is for the chain she is in, and for whoever already knows her through her care.
  describe('within her chain', () => {
    const ARNHEM_CARE = demoId(0, 91);
    const ARNHEM_CM = 'casemanager@moviera-arnhem.example';
    const UNKNOWN = '00000000-0000-4000-8000-999999999999';
    const REASON = 'Found unwell on the zone; the ambulance asks for her history';
    let arnhemWoman: string;
    beforeAll(async () => {
      // A care provider of Arnhem's chain alone, and a woman of Arnhem's chain in its care.
      await sql(gw, `insert into organisation (id, name, kind, municipality_id) values (?, 'Moviera Arnhem', 'CARE_PROVIDER', ?)`, [ARNHEM_CARE, DEMO.org.arnhem]);
      await addProfessional(gw, 91, ARNHEM_CM, 'Eva Jacobs', ARNHEM_CARE, ['CASE_MANAGER']);
      [{ id: arnhemWoman }] = await sql<{ id: string }[]>(
        gw,
        `with c as (insert into client (code, status, municipality_id) values ('KP-ARN-7', 'ACTIVE', ?) returning id)
         insert into case_assignment (client_id, organisation_id, started_on) select id, ?, '2026-01-01' from c returning client_id as id`,
        [DEMO.org.arnhem, ARNHEM_CARE],
      );
    });

    const grantsOf = (email: string, clientId: string) => gw.orm.em.fork().count(BreakGlassGrant, { client: clientId, professional: { email } });

    it.each([
      ['a case manager of Arnhem’s chain for a woman of Nijmegen’s', ARNHEM_CM, () => DEMO.client(9)],
      ['a case manager of Nijmegen’s chain for a woman of Arnhem’s', 'casemanager@legerdesheils.example', () => arnhemWoman],
    ])('refuses %s exactly as an id nobody has, opens nothing, and leaves the attempt in her trail', async (_who, email, her) => {
      const caller = await gw.as(email);
      const hers = await entriesDuring(gw, () => caller.query(OPEN, { id: her(), reason: REASON }));
      const nobodys = await entriesDuring(gw, () => caller.query(OPEN, { id: UNKNOWN, reason: REASON }));
      expect(hers.result.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND' }]);
      expect({ status: hers.result.status, body: hers.result.body }).toEqual({ status: nobodys.result.status, body: nobodys.result.body });
      const refused = { event_type: 'mutation.breakGlass', action: 'E', outcome: 'DENIED', reason: 'NOT_FOUND', break_glass_used: false, grant_id: null };
      expect(hers.entries).toEqual([expect.objectContaining({ ...refused, client_id: her() })]);
      expect(nobodys.entries).toEqual([expect.objectContaining({ ...refused, client_id: UNKNOWN })]);
      expect(await grantsOf(email, her())).toBe(0);
      expect((await caller.query('query ($id: ID!) { client(id: $id) { code } }', { id: her() })).body.data).toEqual({ client: null });
    });

    it('opens for an organisation of another chain that knows her through her care, but not on a grant of its own alone', async () => {
      const caller = await gw.as(ARNHEM_CM);
      // KP-005 moved to Arnhem in 2023; Arnhem's care provider has since taken her on.
      await sql(gw, `insert into case_assignment (client_id, organisation_id, started_on) values (?, ?, current_date)`, [DEMO.client(5), ARNHEM_CARE]);
      const opened = await caller.query(OPEN, { id: DEMO.client(5), reason: REASON });
      expect(opened.body.errors).toBeUndefined();
      expect(await grantsOf(ARNHEM_CM, DEMO.client(5))).toBe(1);

      // A grant it holds for a woman of Nijmegen's chain it knows no other way (opened before the
      // chain was asked, or before it left that chain) is no reason for the next one.
      await sql(
        gw,
        `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at)
         select ?, id, organisation_id, ?, now(), now() + interval '4 hours' from professional where email = ?`,
        [DEMO.client(11), REASON, ARNHEM_CM],
      );
      const renewed = await caller.query(OPEN, { id: DEMO.client(11), reason: REASON });
      expect(renewed.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND' }]);
      expect(await grantsOf(ARNHEM_CM, DEMO.client(11))).toBe(1);
    });
  });

  it('is not for the expert by experience, the process director or the aggregate roles', async () => {
    for (const email of ['expert@iriszorg.example', 'procesregie@zvh.example', 'policy@nijmegen.example', 'analyst@nijmegen.example', 'admin@nijmegen.example']) {
      const who = await gw.as(email);
      const res = await who.query(OPEN, { id: DEMO.client(9), reason: 'I would like to see everything please' });
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
  });
});

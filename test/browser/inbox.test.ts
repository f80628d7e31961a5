/**
 * The handover inbox in a real browser: the receiving organisation accepts a handover with one
 * click (the version it saw goes along), and a refusal by the policy is explained and changes
 * nothing.
 */
import type { Page, Route } from 'playwright-core';
import { Handover } from '../../src/modules/handovers/handover.entity';
import { entriesDuring, sql } from '../helpers/audit';
import { dashboardSuite, signInAs, unnamedControls } from '../helpers/browser';

const suite = dashboardSuite();

async function handoverOf(code: string): Promise<Handover> {
  const em = suite.gw.orm.em.fork();
  return em.findOneOrFail(Handover, { client: { code }, status: { $nin: ['COMPLETED'] } }, { populate: ['decidedBy'] });
}

/** The element that has the keyboard focus, by role and text. */
async function focused(page: Page): Promise<{ role: string | null; text: string }> {
  return page.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? null, text: document.activeElement?.textContent?.trim() ?? '' }));
}

it('takes shared notes off the card when the consent that shares them ends, without waiting for the inbox to come again', async () => {
  // KP-012's notes are about HOUSING, which she consented to share with Gemeente Arnhem: let that end a minute from now.
  const [consent] = await sql<{ id: string; valid_until: string | null }[]>(
    suite.gw,
    `select k.id, k.valid_until from consent k join client c on c.id = k.client_id join organisation o on o.id = k.organisation_id
      where c.code = 'KP-012' and o.name = 'Gemeente Arnhem' and k.effect = 'PERMIT' and 'HOUSING' = any(k.categories) and k.revoked_at is null`,
  );
  await sql(suite.gw, `update consent set valid_until = now() + interval '1 minute' where id = ?`, [consent.id]);
  try {
    const dashboard = await suite.open('en', { clock: true });
    const { page } = dashboard;
    await signInAs(dashboard, 'procesregie@arnhem.example');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
    const card = page.getByRole('region', { name: 'To decide' }).getByRole('listitem').filter({ hasText: 'KP-012' });
    await card.getByText('Moves in with her sister in Arnhem next month').waitFor();

    // When it ends the inbox is asked again; held on its way, the card must not show the notes meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      await held;
      await route.continue();
    });
    await page.clock.fastForward('01:02');
    await card.getByText('not shared with you (Housing)').waitFor();
    await expect(card.getByText('Moves in with her sister in Arnhem next month').count()).resolves.toBe(0);
    // And once the inbox has come again, the notes stay off.
    const answered = page.waitForResponse((res) => res.url().endsWith('/graphql'));
    release();
    await answered;
    await card.getByText('not shared with you (Housing)').waitFor();
    await dashboard.close();
  } finally {
    await sql(suite.gw, 'update consent set valid_until = ? where id = ?', [consent.valid_until, consent.id]);
  }
});

it('lets procesregie of Arnhem accept the handover of KP-012 from the inbox', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'procesregie@arnhem.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  const open = page.getByRole('region', { name: 'To decide' });
  const card = open.getByRole('listitem').filter({ hasText: 'KP-012' });
  // The notes are about HOUSING, which KP-012 consented to share with Gemeente Arnhem.
  await card.getByText('Moves in with her sister in Arnhem next month').waitFor();
  await dashboard.screenshot('inbox-procesregie-arnhem-before');

  // From the keyboard: the button she pressed goes away with the card, the focus to what became of it.
  await card.getByRole('button', { name: 'Accept the handover of KP-012' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('The handover of KP-012 is accepted.').waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'status', text: 'The handover of KP-012 is accepted.' });
  await page.getByRole('region', { name: 'Earlier' }).getByRole('row').filter({ hasText: 'KP-012' }).getByText('accepted').waitFor();
  await expect(open.getByText('KP-012').count()).resolves.toBe(0);
  await dashboard.screenshot('inbox-procesregie-arnhem-accepted');

  const row = await handoverOf('KP-012');
  expect({ status: row.status, version: row.version, decidedBy: row.decidedBy?.email }).toEqual({ status: 'ACCEPTED', version: 2, decidedBy: 'procesregie@arnhem.example' });
  expect(dashboard.operations).toContain('AcceptHandover');
  await dashboard.close();
});

it('gives the day a handover was proposed on the reader’s own calendar', async () => {
  // Half past midnight in Nijmegen is the evening before in UTC.
  const handover = await handoverOf('KP-013');
  const [{ proposed_at: was }] = await sql<{ proposed_at: Date }[]>(suite.gw, 'select proposed_at from handover where id = ?', [handover.id]);
  await sql(suite.gw, `update handover set proposed_at = '2026-11-30T23:30:00Z' where id = ?`, [handover.id]);
  try {
    const dashboard = await suite.open('en', { timezone: 'Europe/Amsterdam' });
    await signInAs(dashboard, 'casemanager@wijkteam.example');
    await dashboard.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
    const card = dashboard.page.getByRole('region', { name: 'To decide' }).getByRole('listitem').filter({ hasText: 'KP-013' });
    await card.getByText('1 Dec 2026').waitFor();
    await expect(card.getByText('30 Nov 2026').count()).resolves.toBe(0);
    await dashboard.close();
  } finally {
    await sql(suite.gw, 'update handover set proposed_at = ? where id = ?', [was, handover.id]);
  }
});

it('explains to the wijkteam that KP-013 has not consented yet, and leaves the handover open', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@wijkteam.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  const card = page.getByRole('region', { name: 'To decide' }).getByRole('listitem').filter({ hasText: 'KP-013' });
  await card.getByRole('button', { name: 'Accept the handover of KP-013' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('She has not (yet) consented to share her data with your organisation.').waitFor();
  await expect(focused(page)).resolves.toEqual({
    role: 'status',
    text: 'The handover of KP-013 was not accepted. She has not (yet) consented to share her data with your organisation.',
  });
  await dashboard.screenshot('inbox-wijkteam-no-consent');

  const row = await handoverOf('KP-013');
  expect({ status: row.status, version: row.version, decidedBy: row.decidedBy ?? null }).toEqual({ status: 'PROPOSED', version: 1, decidedBy: null });
  await card.getByRole('button', { name: 'Accept the handover of KP-013' }).waitFor(); // still there to decide later
  await dashboard.close();
});

it('works from the keyboard alone, in Dutch', async () => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await page.getByLabel('Kies een persona').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('nl');
  await dashboard.screenshot('sign-in-nl');
  await expect(unnamedControls(page)).resolves.toEqual([]);
  // Sign in: Tab to the persona list, choose, Tab to the button, Enter.
  await page.getByLabel('Kies een persona').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByTestId('signed-in-as').waitFor();
  // The new page's heading takes the focus, so a screen reader announces where she landed.
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Caseload');
  await page.getByRole('link', { name: 'Overdrachten' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Overdrachten' }).waitFor();
  await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H1');
  // Iriszorg proposed KP-012's move to Arnhem: it is listed among the outgoing handovers.
  await page.getByRole('region', { name: 'Door uw organisatie voorgesteld' }).getByRole('row').filter({ hasText: 'KP-012' }).waitFor();
  await expect(unnamedControls(page)).resolves.toEqual([]);

  // The language switch changes the words and the page's lang attribute.
  await page.getByLabel('Taal').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Handovers' }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await dashboard.close();
});

const BUSY = { status: 503, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'The gateway is busy; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }) };

/** Answers the inbox's requests with `answer` where it gives one, and lets the rest through to the gateway. */
async function routeInbox(page: Page, answer: (operation: string, direction: string | undefined) => Parameters<Route['fulfill']>[0] | undefined): Promise<void> {
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { query: string; variables: { direction?: string } };
    const given = answer(/^(?:query|mutation)\s+(\w+)/.exec(body.query)![1], body.variables.direction);
    await (given ? route.fulfill(given) : route.continue());
  });
}

/** A section's text, as a screen reader reaches it by its heading. */
const section = (page: Page, name: string) => page.getByRole('region', { name });

it('says which section could not be loaded, never that it holds no handovers', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await routeInbox(page, (operation, direction) => (operation === 'InboxHandovers' && direction === 'INCOMING' ? BUSY : undefined));
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  // Iriszorg's own proposal for KP-012 loads; what was handed to Iriszorg does not.
  await section(page, 'Proposed by your organisation').getByRole('row').filter({ hasText: 'KP-012' }).waitFor();
  for (const name of ['To decide', 'Earlier']) {
    await section(page, name).getByText('This could not be loaded.').waitFor();
    await expect(section(page, name).textContent()).resolves.not.toContain('No handovers.');
  }

  await page.unroute('**/graphql');
  await routeInbox(page, (operation, direction) => (operation === 'InboxHandovers' && direction === 'OUTGOING' ? BUSY : undefined));
  await page.reload();
  await section(page, 'Proposed by your organisation').getByText('This could not be loaded.').waitFor();
  await expect(section(page, 'Proposed by your organisation').textContent()).resolves.not.toContain('No handovers.');
  await dashboard.close(/status of 503/);
});

it('says the lists could not be reloaded after a decision, rather than that they are empty', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@wijkteam.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  const accept = page.getByRole('button', { name: 'Accept the handover of KP-013' });
  await accept.waitFor();
  // The decision goes through; the gateway is busy for the reload after it. (Answered here, so the demo data stays as it is.)
  await routeInbox(page, (operation) =>
    operation === 'AcceptHandover'
      ? { status: 200, contentType: 'application/json', body: JSON.stringify({ data: { acceptHandover: { id: 'accepted' } } }) }
      : operation === 'InboxHandovers'
        ? BUSY
        : undefined,
  );
  await accept.click();
  await page.getByRole('status').getByText('The handover of KP-013 is accepted.').waitFor();
  for (const name of ['To decide', 'Earlier', 'Proposed by your organisation']) {
    await section(page, name).getByText('This could not be loaded.').waitFor();
    await expect(section(page, name).textContent()).resolves.not.toContain('No handovers.');
  }
  await dashboard.close(/status of 503/);
});

it('keeps the buttons off after a decision until the lists show what became of it', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@wijkteam.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  const accept = page.getByRole('button', { name: 'Accept the handover of KP-013' });
  const reject = page.getByRole('button', { name: 'Reject the handover of KP-013' });
  await accept.waitFor();
  // The decision goes through (answered here, so the demo data stays as it is); the lists after it are held up on the way.
  const held: Route[] = [];
  await page.route('**/graphql', async (route) => {
    const operation = /^(?:query|mutation)\s+(\w+)/.exec((route.request().postDataJSON() as { query: string }).query)![1];
    if (operation === 'AcceptHandover') await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { acceptHandover: { id: 'accepted' } } }) });
    else if (operation === 'InboxHandovers') held.push(route);
    else await route.continue();
  });
  await accept.click();
  await page.getByRole('status').getByText('The handover of KP-013 is accepted.').waitFor();
  // Her card is still the one she decided on: neither button may send its version again.
  await expect(accept.isDisabled()).resolves.toBe(true);
  await expect(reject.isDisabled()).resolves.toBe(true);
  await page.waitForTimeout(200);
  await expect(accept.isDisabled()).resolves.toBe(true);

  while (held.length < 2) await page.waitForTimeout(50);
  for (const route of held) await route.continue();
  await page.unroute('**/graphql');
  // The lists have come: the handover, not really decided, is there to decide again.
  await page.waitForFunction(() => document.querySelector('button[aria-label="Accept the handover of KP-013"]')?.hasAttribute('disabled') === false);
  await expect(reject.isEnabled()).resolves.toBe(true);
  await dashboard.close();
});

it('asks for no handover notes the client does not share, so her audit trail shows no denied read of them', async () => {
  // KP-013's notes about her health: she has not consented to share anything with the wijkteam.
  await sql(suite.gw, `update handover set notes_category = 'HEALTH' where status = 'PROPOSED' and client_id = (select id from client where code = 'KP-013')`);
  try {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await signInAs(dashboard, 'casemanager@wijkteam.example');
    const { entries } = await entriesDuring(suite.gw, async () => {
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
      const card = section(page, 'To decide').getByRole('listitem').filter({ hasText: 'KP-013' });
      await card.getByText('not shared with you (Health)').waitFor();
      await section(page, 'Earlier').getByRole('table').or(section(page, 'Earlier').getByText('No handovers.')).first().waitFor();
    });
    expect(entries.filter((e) => e.outcome !== 'GRANTED').map((e) => ({ outcome: e.outcome, fields: e.fields, categories: e.categories }))).toEqual([]);
    expect(entries.flatMap((e) => e.fields)).not.toContain('Handover.notes');
    await dashboard.close();
  } finally {
    await sql(suite.gw, `update handover set notes_category = 'BASIC' where status = 'PROPOSED' and client_id = (select id from client where code = 'KP-013')`);
  }
});

it('shows the notes the client shares, asked for by themselves', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@wijkteam.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
  await section(page, 'To decide').getByRole('listitem').filter({ hasText: 'KP-013' }).getByText('Stable for six months; ready for the wijkteam').waitFor();
  expect(dashboard.operations).toEqual(expect.arrayContaining(['InboxHandovers', 'HandoverNotes']));
  await dashboard.close();
});

describe('the sending organisation’s steps', () => {
  it('a case manager proposes a handover from her page; procesregie accepts it; she completes it from her inbox', async () => {
    const iriszorg = await suite.open();
    const { page } = iriszorg;
    await signInAs(iriszorg, 'casemanager@iriszorg.example');
    await page.getByRole('link', { name: 'KP-016' }).click();
    const handovers = page.getByRole('region', { name: 'Handovers' });
    const form = handovers.getByRole('form', { name: 'Propose a handover' });
    await form.getByLabel('Destination').selectOption({ label: 'monitoring (procesregie)' });
    const to = form.getByLabel('To');
    // Only a safety house receives her for monitoring.
    await to.locator('option').nth(1).waitFor({ state: 'attached' });
    // Nobody is chosen for her until the case manager chooses.
    await expect(to.inputValue()).resolves.toBe('');
    const offered = (await to.locator('option').allTextContents()).slice(1);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((o) => o.includes('Veiligheidshuis'))).toBe(true);
    await to.selectOption({ label: offered[0] });
    await form.getByLabel('Notes', { exact: true }).fill('Stable in her room; procesregie keeps an eye on her');
    await form.getByLabel('The notes are about').selectOption({ label: 'Housing' });
    await form.getByRole('button', { name: 'Propose' }).click();
    await handovers.getByRole('status').getByText('The handover of KP-016 (monitoring (procesregie)) is proposed; the receiver decides on it in its handovers.').waitFor();
    await handovers.getByRole('row').filter({ hasText: 'proposed' }).filter({ hasText: 'monitoring (procesregie)' }).waitFor();
    // One open handover at a time: the form goes until this one is decided.
    await expect(form.count()).resolves.toBe(0);
    await iriszorg.screenshot('client-handover-proposed');

    const zvh = await suite.open();
    await signInAs(zvh, 'procesregie@zvh.example');
    await zvh.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
    const card = zvh.page.getByRole('region', { name: 'To decide' }).getByRole('listitem').filter({ hasText: 'KP-016' });
    await card.getByText('Stable in her room; procesregie keeps an eye on her').waitFor();
    await card.getByRole('button', { name: 'Accept the handover of KP-016' }).click();
    await zvh.page.getByRole('status').getByText('The handover of KP-016 is accepted.').waitFor();
    await zvh.close();

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Handovers' }).click();
    const row = section(page, 'Proposed by your organisation').getByRole('row').filter({ hasText: 'KP-016' });
    await row.getByText('accepted').waitFor();
    await row.getByRole('button', { name: 'Complete the handover of KP-016' }).click();
    await page.getByRole('status').getByText('The handover of KP-016 is completed: the receiving organisation takes her on now.').waitFor();
    // Completed, it is no longer open: the list, reloaded, leaves it out.
    await row.waitFor({ state: 'detached' });
    await iriszorg.close();

    const [her] = await sql<{ status: string; handover: string }[]>(
      suite.gw,
      `select c.status, h.status as handover from client c join handover h on h.client_id = c.id where c.code = 'KP-016' order by h.proposed_at desc limit 1`,
    );
    expect(her).toEqual({ status: 'MONITORING', handover: 'COMPLETED' });
  });

  it('the sending organisation cancels its proposal from its inbox, and it stays open to nobody', async () => {
    const dashboard = await suite.open('nl');
    const { page } = dashboard;
    await signInAs(dashboard, 'casemanager@legerdesheils.example');
    await page.getByRole('link', { name: 'Overdrachten' }).click();
    const row = section(page, 'Door uw organisatie voorgesteld').getByRole('row').filter({ hasText: 'KP-013' });
    // Still proposed: there is nothing to complete yet.
    expect(await row.getByRole('button', { name: 'Overdracht van KP-013 afronden' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Overdracht van KP-013 intrekken' }).click();
    await page.getByRole('status').getByText('De overdracht van KP-013 is ingetrokken.').waitFor();
    const row013 = await handoverOf('KP-013');
    expect(row013.status).toBe('CANCELLED');
    await dashboard.close();
  });

  it('names the receiving organisation the gateway refused next to it, and proposes nothing', async () => {
    const before = await sql<{ id: string }[]>(suite.gw, `select h.id from handover h join client c on c.id = h.client_id where c.code = 'KP-015'`);
    const dashboard = await suite.open();
    const { page } = dashboard;
    await signInAs(dashboard, 'casemanager@iriszorg.example');
    await page.getByRole('link', { name: 'KP-015' }).click();
    const form = page.getByRole('form', { name: 'Propose a handover' });
    await form.getByLabel('Destination').selectOption({ label: 'other municipality' });
    // Nijmegen is the municipality whose chain she is in.
    await form.getByLabel('To').locator('option').nth(1).waitFor({ state: 'attached' });
    const nijmegen = (await form.getByLabel('To').locator('option', { hasText: 'Gemeente Nijmegen' }).first().textContent())!;
    await form.getByLabel('To').selectOption({ label: nijmegen });
    await form.getByRole('button', { name: 'Propose' }).click();
    await form.getByText(/^Not accepted: this organisation cannot receive her there/).waitFor();
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');
    await expect(sql(suite.gw, `select h.id from handover h join client c on c.id = h.client_id where c.code = 'KP-015'`)).resolves.toEqual(before);
    await dashboard.close();
  });
});

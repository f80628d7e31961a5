/**
 * A client's signals, the time spent on her and who looked at her data, on her page in a real
 * browser: raised, resolved and logged from there; a signal's text shown only where she shares its
 * category, and never asked for where she does not; a write whose answer got lost sent again and
 * made once; her trail read only when opened, a page at a time.
 */
import type { Route } from 'playwright-core';
import { ANSWER_WITHIN_SECONDS } from '../../web/src/api';
import { dayOf } from '../../src/common/chain-calendar';
import { DEMO, demoId } from '../../src/db/demo/seed';
import trustedDocuments from '../../src/generated/operations/persisted-documents.json';
import { entriesDuring, sql } from '../helpers/audit';
import { dashboardSuite, fieldsTheBrowserKeeps, signInAs, unnamedControls, type DashboardPage } from '../helpers/browser';

const suite = dashboardSuite();
const SANNE = demoId(3, 1); // casemanager@iriszorg.example
const LOG_ACTIVITY = Object.entries(trustedDocuments as Record<string, string>).find(([, text]) => text.startsWith('mutation LogActivity('))![0];

async function openClient(dashboard: DashboardPage, email: string, code: string) {
  await signInAs(dashboard, email);
  await dashboard.page.getByRole('link', { name: code }).click();
  await dashboard.page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
}

/** The accessible name of what has the focus (its label, or its text). */
async function focused(dashboard: DashboardPage): Promise<string | null> {
  return dashboard.page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.getAttribute('aria-label') ?? el.textContent) : null;
  });
}

it('opens her page with the focus on its heading once she is there, not on a "Loading…" that changed under it', async () => {
  const dashboard = await suite.open();
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  // Her page is slow to come: the heading first says it is loading.
  await dashboard.page.route('**/graphql', async (route) => {
    if ((route.request().postData() ?? '').includes('query ClientDetail')) await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });
  await dashboard.page.getByRole('link', { name: 'KP-014' }).click();
  await dashboard.page.getByRole('heading', { level: 1, name: 'Loading…' }).waitFor();
  await dashboard.page.evaluate(() => ((window as unknown as { loading: Element | null }).loading = document.activeElement));
  await dashboard.page.getByRole('heading', { level: 1, name: /KP-014/ }).waitFor();
  await expect(focused(dashboard)).resolves.toMatch(/KP-014/);
  // Her heading took the focus itself, so it is read out: not the loading one with its text changed.
  await expect(dashboard.page.evaluate(() => document.activeElement !== (window as unknown as { loading: Element | null }).loading)).resolves.toBe(true);
  await dashboard.close();
});

it('puts the focus back on the button that opened a form put away unsent', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-014');
  for (const [section, opener] of [
    ['Trajectories', /^End the .* trajectory of /],
    ['Consents and objections', /^Revoke /],
  ] as const) {
    const button = page.getByRole('region', { name: section, exact: true }).getByRole('button', { name: opener }).first();
    const name = await button.getAttribute('aria-label');
    await button.press('Enter');
    await page.getByRole('button', { name: 'Cancel' }).press('Enter');
    await expect(focused(dashboard)).resolves.toBe(name);
  }
  await dashboard.close();
});

/** Today on the chain's calendar, as the page's date inputs offer it and the gateway holds days to. */
function today(): string {
  return dayOf(new Date());
}

async function minutesOf(professional: string, day: string): Promise<number[]> {
  const rows = await sql<{ minutes: number }[]>(suite.gw, 'select minutes from activity_log where professional_id = ? and day = ? order by recorded_at', [professional, day]);
  return rows.map((r) => r.minutes);
}

it('shows a signal whose category her role may not see as not shared, and never asks for its text (Dutch)', async () => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  const { entries } = await entriesDuring(suite.gw, async () => {
    await openClient(dashboard, 'expert@iriszorg.example', 'KP-014');
    const signals = page.getByRole('region', { name: 'Signalen' });
    const row = signals.getByRole('row').filter({ hasText: 'Gezondheid' });
    await row.getByText('niet met u gedeeld').waitFor();
    await row.getByText('Iriszorg').waitFor();
    await dashboard.screenshot('client-signals-expert');
  });
  expect(await page.getByText('Seems to have stopped her medication').count()).toBe(0);
  expect(dashboard.operations).not.toContain('SignalTexts');
  // Her page was read, and nothing of it was asked for that the expert may not see.
  const hers = entries.filter((e) => e.client_id === DEMO.client(14));
  expect(hers.some((e) => e.outcome === 'GRANTED')).toBe(true);
  expect(hers.filter((e) => e.outcome !== 'GRANTED')).toEqual([]);
  // Experts by experience log no hours: the form is for case managers.
  await page.getByRole('region', { name: 'Bestede tijd, laatste 90 dagen' }).waitFor();
  expect(await page.getByRole('button', { name: 'Vastleggen' }).count()).toBe(0);
  // Nor is her trail offered: her own case managers and procesregie read it.
  expect(await page.getByRole('region', { name: 'Wie keek in haar gegevens' }).count()).toBe(0);
  await dashboard.close();
});

it('a case manager raises a signal with its text; procesregie sees it without the text and resolves it', async () => {
  const concern = 'Coughing for weeks; will not see a doctor';
  const iriszorg = await suite.open();
  await openClient(iriszorg, 'casemanager@iriszorg.example', 'KP-015');
  const form = iriszorg.page.getByRole('form', { name: 'Raise a signal with procesregie' });
  await form.getByLabel('About').selectOption({ label: 'Health' });
  await form.getByLabel('The concern').fill(concern);
  await form.getByRole('button', { name: 'Raise signal' }).click();
  await iriszorg.page.getByRole('status').getByText('The signal is raised with procesregie.').waitFor();
  // Iriszorg may read her health: the new row carries its text.
  await iriszorg.page.getByRole('region', { name: 'Signals' }).getByRole('row').filter({ hasText: concern }).getByText('Health').waitFor();
  await expect(form.getByLabel('The concern').inputValue()).resolves.toBe('');
  await iriszorg.close();

  const [raised] = await sql<{ id: string; idempotency_key: string | null; category: string }[]>(suite.gw, 'select id, idempotency_key, category from signal where text = ?', [concern]);
  expect(raised).toMatchObject({ category: 'HEALTH', idempotency_key: expect.stringMatching(/^[0-9a-f]{32}$/) });

  const zvh = await suite.open();
  await openClient(zvh, 'procesregie@zvh.example', 'KP-015');
  const row = zvh.page.getByRole('region', { name: 'Signals' }).getByRole('row').filter({ hasText: 'Health' }).filter({ hasText: 'Iriszorg' });
  await row.getByText('not shared with you').waitFor();
  expect(await zvh.page.getByText(concern).count()).toBe(0);
  await row.getByRole('button', { name: /^Resolve the signal of .* about Health$/ }).click();
  await zvh.page.getByRole('status').getByText(/^The signal of .* about Health is resolved\.$/).waitFor();
  await row.getByText(/^resolved on /).waitFor();
  await zvh.screenshot('client-signals-procesregie-resolved');
  expect(zvh.operations).toContain('ResolveSignal');
  await zvh.close();

  const [resolved] = await sql<{ status: string; email: string }[]>(
    suite.gw,
    'select s.status, p.email from signal s join professional p on p.id = s.resolved_by_id where s.id = ?',
    [raised.id],
  );
  expect(resolved).toEqual({ status: 'RESOLVED', email: 'procesregie@zvh.example' });
});

it('procesregie raises a signal about her health, which it may not read: told it is raised, raised once, and no read of it refused', async () => {
  const concern = 'Limps; says she fell on the stairs';
  const dashboard = await suite.open();
  const { page } = dashboard;
  await openClient(dashboard, 'procesregie@zvh.example', 'KP-015');
  const form = page.getByRole('form', { name: 'Raise a signal with procesregie' });
  await form.getByLabel('About').selectOption({ label: 'Health' });
  await form.getByLabel('The concern').fill(concern);
  const { entries } = await entriesDuring(suite.gw, async () => {
    await form.getByRole('button', { name: 'Raise signal' }).click();
    await page.getByRole('status').getByText('The signal is raised with procesregie.').waitFor();
    await page.getByRole('region', { name: 'Signals' }).getByRole('row').filter({ hasText: 'Health' }).filter({ hasText: 'Zorg- en Veiligheidshuis' }).getByText('not shared with you').waitFor();
  });
  await expect(form.getByLabel('The concern').inputValue()).resolves.toBe('');
  expect(await sql(suite.gw, 'select category from signal where text = ?', [concern])).toEqual([{ category: 'HEALTH' }]);
  expect(entries.filter((e) => e.client_id === DEMO.client(15) && e.outcome !== 'GRANTED')).toEqual([]);
  await dashboard.close();
});

/** What becomes of the answer to a write the gateway made: it never comes, or the connection breaks off. */
const LOST: [string, number, string, (route: Route, dashboard: DashboardPage) => Promise<void>][] = [
  ['no answer in time', 90, '1 h 30 min', async (_route, dashboard) => dashboard.page.clock.fastForward((ANSWER_WITHIN_SECONDS + 1) * 1000)],
  ['the connection breaks off', 75, '1 h 15 min', (route) => route.abort('connectionreset')],
];

it.each(LOST)('logs time whose answer got lost once (%s) when she logs it again, and says it is safe to', async (_how, minutes, duration, lose) => {
  const day = today();
  const before = await minutesOf(SANNE, day);
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-016');
  const time = page.getByRole('region', { name: 'Time spent, last 90 days' });
  const form = time.getByRole('form', { name: 'Log time' });
  await expect(form.getByLabel('Day').inputValue()).resolves.toBe(day);
  await form.getByLabel('Minutes').fill(String(minutes));

  // The gateway logs it, and its answer is lost.
  let saved!: (route: Route) => void;
  const logged = new Promise<Route>((resolve) => (saved = resolve));
  let first = true;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { documentId?: string };
    if (body.documentId !== LOG_ACTIVITY || !first) return route.continue();
    first = false;
    await route.fetch();
    saved(route);
  });
  await form.getByRole('button', { name: 'Log' }).click();
  await lose(await logged, dashboard);
  expect(await minutesOf(SANNE, day)).toEqual([...before, minutes]);
  await time
    .getByRole('status')
    .getByText(`It is not certain whether ${duration} on`, { exact: false })
    .filter({ hasText: 'was logged: no complete answer came back from the gateway. It is safe to log it again: it then counts once.' })
    .waitFor();

  await page.unroute('**/graphql');
  await form.getByRole('button', { name: 'Log' }).click();
  await time.getByRole('status').getByText(`${duration} logged on`, { exact: false }).waitFor();
  expect(await minutesOf(SANNE, day)).toEqual([...before, minutes]);
  await time.getByRole('row').filter({ hasText: 'Sanne Hofstede' }).filter({ hasText: duration }).first().waitFor();
  await dashboard.close(/ERR_CONNECTION_RESET/);
});

it('offers the chain’s day, not the browser’s, where the two differ, and logs on it', async () => {
  const day = today();
  // A browser whose own calendar is a day off Amsterdam's at this hour (UTC−11 before noon there, UTC+14 after).
  const hourThere = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const timezone = hourThere < 12 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';
  const dashboard = await suite.open('en', { timezone });
  const { page } = dashboard;
  await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-016');
  expect(await page.evaluate(() => new Date().toLocaleDateString('en-CA'))).not.toBe(day);
  const form = page.getByRole('form', { name: 'Log time' });
  await expect(form.getByLabel('Day').inputValue()).resolves.toBe(day);
  await expect(form.getByLabel('Day').getAttribute('max')).resolves.toBe(day);
  const before = await minutesOf(SANNE, day);
  await form.getByLabel('Minutes').fill('20');
  await form.getByRole('button', { name: 'Log' }).click();
  await page.getByRole('status').getByText('20 min logged on', { exact: false }).waitFor();
  expect(await minutesOf(SANNE, day)).toEqual([...before, 20]);
  await dashboard.close();
});

it('names the minutes the gateway refused, next to them, when they would take her day past 24 hours; nothing is logged', async () => {
  const day = today();
  await sql(suite.gw, 'insert into activity_log (client_id, professional_id, day, minutes) values (?, ?, ?, 60)', [DEMO.client(16), SANNE, day]);
  const before = await minutesOf(SANNE, day);
  const dashboard = await suite.open();
  const { page } = dashboard;
  await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-016');
  const form = page.getByRole('form', { name: 'Log time' });
  const minutes = form.getByLabel('Minutes');
  await minutes.fill('1440');
  await form.getByRole('button', { name: 'Log' }).click();
  await form.getByText(/^Not accepted: with this, your time on .* would come to more than 24 hours\.$/).waitFor();
  await expect(minutes.evaluate((el) => el === document.activeElement && el.getAttribute('aria-invalid'))).resolves.toBe('true');
  expect(await minutesOf(SANNE, day)).toEqual(before);
  await dashboard.close();
});

describe('who looked at her data', () => {
  /** One of Sanne's own clients: code and id. */
  async function sannesClient(): Promise<{ id: string; code: string }> {
    const [her] = await sql<{ id: string; code: string }[]>(
      suite.gw,
      'select c.id, c.code from client c join case_assignment a on a.client_id = c.id where a.professional_id = ? and a.ended_on is null order by c.code limit 1',
      [SANNE],
    );
    return her;
  }

  it('her own case manager opens it when she chooses to, worded in the dashboard’s language, and reads on a page at a time', async () => {
    const her = await sannesClient();
    // Enough lines for more than one page: each read of her leaves one.
    const colleague = await suite.gw.as('casemanager@legerdesheils.example');
    for (let i = 0; i < 25; i++) expect((await colleague.query('query ($id: ID!) { client(id: $id) { code } }', { id: her.id })).body.data.client.code).toBe(her.code);

    const dashboard = await suite.open();
    const { page } = dashboard;
    await openClient(dashboard, 'casemanager@iriszorg.example', her.code);
    const trail = page.getByRole('region', { name: 'Who looked at her data' });
    const show = trail.getByRole('button', { name: 'Show who looked at her data' });
    await show.waitFor();
    // Not read until she opens it: reading it is in her trail too.
    expect(dashboard.operations).not.toContain('AuditTrail');

    const { entries } = await entriesDuring(suite.gw, async () => {
      await show.click();
      await trail.getByText(/^Lines in all: \d+$/).waitFor();
    });
    expect(entries).toContainEqual(expect.objectContaining({ event_type: 'audit-trail.read', outcome: 'GRANTED', client_id: her.id, professional_id: SANNE }));
    const lines = trail.getByRole('listitem');
    await expect(lines.count()).resolves.toBe(20);
    expect(await lines.allTextContents()).toContainEqual(expect.stringMatching(/^On .* a case manager of Leger des Heils looked at your data \(basic details \(code, status, team\)\), because that organisation is involved in your care\.$/));
    await dashboard.screenshot('client-trail-first-page');

    const total = Number(/\d+/.exec((await trail.getByText(/^Lines in all: /).textContent()) ?? '')![0]);
    expect(total).toBeGreaterThan(25);
    await trail.getByRole('button', { name: 'Show more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.trail li').length > 20);
    // The focus goes to the first line the button brought.
    await expect(page.evaluate(() => document.activeElement === document.querySelectorAll('.trail li')[20])).resolves.toBe(true);
    // Each line once: the pages together are the lines counted when it was opened (the reads of the trail since come on top, not in between).
    for (let shown = 40; shown < total; shown += 20) {
      await trail.getByRole('button', { name: 'Show more' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('.trail li').length > n, shown);
    }
    await expect(lines.count()).resolves.toBe(total);
    expect(await trail.getByRole('button', { name: 'Show more' }).count()).toBe(0);

    // Switching language words the lines anew, and leaves the focus where she is: on the switch.
    await page.locator('#language').focus();
    await page.locator('#language').selectOption('nl');
    await page.getByRole('region', { name: 'Wie keek in haar gegevens' }).getByText(/^Regels in totaal: \d+$/).waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.trail li')).every((li) => li.textContent?.startsWith('Op ')));
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('language');
    await page.locator('#language').selectOption('en');

    await trail.getByRole('button', { name: 'Hide it again' }).click();
    await expect(lines.count()).resolves.toBe(0);
    await dashboard.close();
  });

  it('tells procesregie of another chain, which an open handover involves, that it is not for them', async () => {
    const dashboard = await suite.open('nl');
    const { page } = dashboard;
    await openClient(dashboard, 'procesregie@arnhem.example', 'KP-012');
    const trail = page.getByRole('region', { name: 'Wie keek in haar gegevens' });
    await trail.getByRole('button', { name: 'Tonen wie in haar gegevens keek' }).click();
    await trail.getByText('Alleen haar eigen casemanagers en procesregie van haar keten lezen wie in haar gegevens keek.').waitFor();
    expect(await trail.getByRole('listitem').count()).toBe(0);
    await dashboard.close();
  });
});

describe('her consents and objections', () => {
  it('her case manager records a consent, and what it shares shows at once; revoked, it goes again', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-014');
    const housing = page.getByRole('region', { name: 'Housing', exact: true });
    await housing.getByText('no consent').waitFor();
    const consents = page.getByRole('region', { name: 'Consents and objections' });
    const form = consents.getByRole('form', { name: 'Record a consent or objection' });
    await form.getByLabel('She').selectOption({ label: 'consents to sharing' });
    await form.getByLabel('With').selectOption({ label: 'Iriszorg' });
    await form.getByRole('checkbox', { name: 'Housing' }).check();
    await form.getByLabel('Purpose').selectOption({ label: 'care' });
    await form.getByRole('button', { name: 'Record' }).click();
    await consents.getByRole('status').getByText('The consent with Iriszorg is recorded.').waitFor();
    await housing.getByText('shared').waitFor();
    await housing.getByText('Housing situation').waitFor();
    const row = consents.getByRole('row').filter({ hasText: 'Iriszorg' }).filter({ hasText: 'Housing' });
    await row.getByText('in force').waitFor();
    await dashboard.screenshot('client-consent-recorded');

    const [recorded] = await sql<{ id: string; categories: string; purpose: string; recorded_by_id: string; idempotency_key: string | null }[]>(
      suite.gw,
      `select id, array_to_string(categories, ',') as categories, purpose, recorded_by_id, idempotency_key from consent
        where client_id = ? and organisation_id = ? and revoked_at is null and categories = '{HOUSING}'`,
      [DEMO.client(14), DEMO.org.iriszorg],
    );
    expect(recorded).toMatchObject({ categories: 'HOUSING', purpose: 'CARE', recorded_by_id: SANNE, idempotency_key: expect.stringMatching(/^[0-9a-f]{32}$/) });

    await row.getByRole('button', { name: /^Revoke the consent of .* with Iriszorg$/ }).click();
    const revoke = consents.getByRole('form', { name: 'Revoke the consent with Iriszorg' });
    await revoke.waitFor();
    // Every control of her page, its forms open, has a name a screen reader can say.
    await page.getByRole('region', { name: 'Trajectories' }).getByRole('button', { name: /^End the Case management trajectory of / }).click();
    await expect(unnamedControls(page)).resolves.toEqual([]);
    // What she types about her stays out of the browser's memory and its spelling services.
    await expect(page.locator('textarea').count()).resolves.toBeGreaterThan(1);
    await expect(fieldsTheBrowserKeeps(page)).resolves.toEqual([]);
    await revoke.getByLabel('Her reason, in her words').fill('Wants to tell about her housing herself');
    await revoke.getByRole('button', { name: 'Revoke' }).click();
    await consents.getByRole('status').getByText('The consent with Iriszorg is revoked: it no longer holds from now on.').waitFor();
    await housing.getByText('consent revoked').waitFor();
    expect(await housing.getByText('Housing situation').count()).toBe(0);
    await row.getByText(/^revoked on /).waitFor();
    const [revoked] = await sql<{ revocation_reason: string; revocation_reason_category: string }[]>(suite.gw, 'select revocation_reason, revocation_reason_category from consent where id = ?', [recorded.id]);
    expect(revoked).toEqual({ revocation_reason: 'Wants to tell about her housing herself', revocation_reason_category: 'BASIC' });
    await dashboard.close();
  });

  it('says what became of her objection in the language she switches to, names and all, and leaves the focus on the switch', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-014');
    const form = page.getByRole('form', { name: 'Record a consent or objection' });
    await form.getByLabel('She').selectOption({ label: 'objects to sharing' });
    await form.getByLabel('With').selectOption({ label: 'all municipalities' });
    await form.getByRole('checkbox', { name: 'Finance' }).check();
    await form.getByRole('button', { name: 'Record' }).click();
    const english = page.getByRole('region', { name: 'Consents and objections' }).getByRole('status');
    await english.getByText('The objection with all municipalities is recorded.', { exact: true }).waitFor();
    await expect(english.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await page.locator('#language').focus();
    await page.locator('#language').selectOption('nl');
    const dutch = page.getByRole('region', { name: 'Toestemmingen en bezwaren' }).getByRole('status');
    await dutch.getByText('Het bezwaar met alle gemeenten is vastgelegd.', { exact: true }).waitFor();
    expect(await page.getByText('The objection with all municipalities is recorded.').count()).toBe(0);
    // The same notice, said anew: it does not take the focus again.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('language');
    await dashboard.close();
  });

  it('names the categories the gateway refused next to them, the focus on them, and records nothing', async () => {
    const [{ count: before }] = await sql<{ count: string }[]>(suite.gw, 'select count(*) from consent where client_id = ?', [DEMO.client(14)]);
    const dashboard = await suite.open('nl');
    const { page } = dashboard;
    await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-014');
    const form = page.getByRole('form', { name: 'Toestemming of bezwaar vastleggen' });
    await form.getByLabel('Zij').selectOption({ label: 'maakt bezwaar tegen delen' });
    // Nobody is chosen for her until the case manager chooses.
    await expect(form.getByLabel('Met').inputValue()).resolves.toBe('');
    await form.getByLabel('Met').selectOption({ label: 'alle gemeenten' });
    // An objection holds for every purpose: none is asked.
    expect(await form.getByLabel('Doel').count()).toBe(0);
    await form.getByRole('button', { name: 'Vastleggen' }).click();
    await form.getByText('Niet aangenomen: kies minstens één categorie, of alle categorieën.').waitFor();
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).resolves.toBe('checkbox');
    // The checkbox that has the focus says it is what was refused, and why: a screen reader reads it out there.
    await expect(
      page.evaluate(() => {
        const box = document.activeElement!;
        return { invalid: box.getAttribute('aria-invalid'), why: document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent };
      }),
    ).resolves.toEqual({ invalid: 'true', why: 'Niet aangenomen: kies minstens één categorie, of alle categorieën.' });
    const [{ count: after }] = await sql<{ count: string }[]>(suite.gw, 'select count(*) from consent where client_id = ?', [DEMO.client(14)]);
    expect(after).toBe(before);
    await dashboard.close();
  });

  it('procesregie reads them and changes none; roles that keep none are not shown them', async () => {
    const zvh = await suite.open('nl');
    await openClient(zvh, 'procesregie@zvh.example', 'KP-015');
    const consents = zvh.page.getByRole('region', { name: 'Toestemmingen en bezwaren' });
    await consents.getByRole('row').filter({ hasText: 'Zorg- en Veiligheidshuis' }).getByText('zorgcoördinatie').waitFor();
    // Leger des Heils may not read her health: her objection, one category.
    await consents.getByRole('row').filter({ hasText: 'bezwaar' }).getByText('Gezondheid').waitFor();
    expect(await consents.getByRole('button').count()).toBe(0);
    expect(await consents.getByRole('form').count()).toBe(0);
    await zvh.close();

    const expert = await suite.open();
    await openClient(expert, 'expert@iriszorg.example', 'KP-015');
    await expert.page.getByRole('region', { name: 'Signals' }).waitFor();
    expect(await expert.page.getByRole('region', { name: 'Consents and objections' }).count()).toBe(0);
    await expert.close();
  });
});

describe('emergency access', () => {
  it('a case manager opens it on her page with a reason: what her role may see shows until it ends, and procesregie has it to review', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    // KP-018 shared nothing: Leger des Heils, on her team, sees only her basic details.
    await openClient(dashboard, 'casemanager@legerdesheils.example', 'KP-018');
    const health = page.getByRole('region', { name: 'Health', exact: true });
    await health.getByText('no consent').waitFor();
    const emergency = page.getByRole('region', { name: 'Emergency access' });
    await emergency.getByText(/^Only in an emergency: .*\(Identity, Contact, Health, Addiction, Housing, Justice, Finance, Sex work\)/).waitFor();
    await emergency.getByRole('button', { name: 'Open emergency access…' }).click();
    const form = emergency.getByRole('form', { name: 'Emergency access to KP-018' });
    await form.waitFor();
    await expect(unnamedControls(page)).resolves.toEqual([]);
    await expect(fieldsTheBrowserKeeps(page)).resolves.toEqual([]);

    // Ten characters to the browser, four to the gateway, which trims her reason.
    const reason = form.getByLabel('Why is this an emergency?');
    await reason.fill('  help    ');
    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await form.getByText('Not accepted: give the reason in 10 to 2000 characters.').waitFor();
    await expect(reason.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const grants = () => sql<{ reason: string }[]>(suite.gw, 'select reason from break_glass_grant where client_id = ? and professional_id = (select id from professional where email = ?)', [DEMO.client(18), 'casemanager@legerdesheils.example']);
    const before = await grants();

    await reason.fill('Found confused at the zone; the GP asks which medication she takes');
    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await emergency.getByRole('status').getByText('Emergency access to KP-018 is open; what it opens is shown above.').waitFor();
    await health.getByText('on the basis of emergency access').waitFor();
    await health.getByText(/until \d/).waitFor();
    await emergency.getByText(/^Emergency access is open until /).waitFor();
    expect(await emergency.getByRole('button', { name: 'Open emergency access…' }).count()).toBe(0);
    await dashboard.screenshot('client-break-glass-open');
    expect((await grants()).map((g) => g.reason)).toEqual([...before.map((g) => g.reason), 'Found confused at the zone; the GP asks which medication she takes']);
    await dashboard.close();

    const zvh = await suite.open();
    await signInAs(zvh, 'procesregie@zvh.example');
    await zvh.page.getByRole('link', { name: 'Emergency access' }).click();
    await zvh.page.getByText('Found confused at the zone; the GP asks which medication she takes').waitFor();
    await zvh.close();
  });

  it('is not offered to roles that may not break the glass', async () => {
    const dashboard = await suite.open();
    await openClient(dashboard, 'expert@iriszorg.example', 'KP-018');
    await dashboard.page.getByRole('region', { name: 'Signals' }).waitFor();
    expect(await dashboard.page.getByRole('region', { name: 'Emergency access' }).count()).toBe(0);
    await dashboard.close();
  });
});

describe('her trajectories', () => {
  it('her case manager starts one and ends it; its notes and outcome are written, never asked back', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-014');
    const trajectories = page.getByRole('region', { name: 'Trajectories' });
    const form = trajectories.getByRole('form', { name: 'Start a trajectory' });
    await form.getByLabel('Kind').selectOption({ label: 'Time-out' });
    await form.getByLabel('Provider').locator('option', { hasText: 'Iriszorg' }).waitFor({ state: 'attached' });
    await form.getByLabel('Provider').selectOption({ label: 'Iriszorg' });
    await form.getByLabel('Notes', { exact: true }).fill('Two weeks at Hoogeland to rest');
    const { entries } = await entriesDuring(suite.gw, async () => {
      await form.getByRole('button', { name: 'Start' }).click();
      await trajectories.getByRole('status').getByText('The Time-out trajectory is started.').waitFor();
    });
    // She may not read KP-014's housing: the notes went in, and nothing was asked back that she would be refused.
    expect(entries.filter((e) => e.client_id === DEMO.client(14) && e.outcome !== 'GRANTED')).toEqual([]);
    expect(dashboard.operations).toContain('StartTrajectoryOnPage');
    const row = trajectories.getByRole('row').filter({ hasText: 'Time-out' }).filter({ hasText: 'active' });
    await row.waitFor();

    await row.getByRole('button', { name: /^End the Time-out trajectory of / }).click();
    const end = trajectories.getByRole('form', { name: 'End the Time-out trajectory' });
    await end.getByLabel('How it ended').fill('Rested; back in her room');
    await end.getByRole('button', { name: 'End' }).click();
    await trajectories.getByRole('status').getByText('The Time-out trajectory is ended.').waitFor();
    await row.waitFor({ state: 'detached' });
    await dashboard.close();

    const [stored] = await sql<{ status: string; notes: string; outcome: string; provider: string }[]>(
      suite.gw,
      `select t.status, t.notes, t.outcome, o.name as provider from trajectory t join organisation o on o.id = t.provider_id
        where t.client_id = ? and t.notes = 'Two weeks at Hoogeland to rest'`,
      [DEMO.client(14)],
    );
    expect(stored).toEqual({ status: 'ENDED', notes: 'Two weeks at Hoogeland to rest', outcome: 'Rested; back in her room', provider: 'Iriszorg' });
  });
});

describe('her zone registration', () => {
  it('the permit officer revokes it at her request and issues her a new one, from her page (Dutch)', async () => {
    const dashboard = await suite.open('nl');
    const { page } = dashboard;
    await openClient(dashboard, 'permits@nijmegen.example', 'KP-016');
    const panel = page.getByRole('region', { name: 'Sekswerk', exact: true });
    await panel.getByText('TZ-2023-016').waitFor();
    const zone = page.getByRole('region', { name: 'Registratie tippelzone' });
    const revoke = zone.getByRole('form', { name: 'Registratie TZ-2023-016 intrekken' });
    await expect(revoke.getByRole('checkbox', { name: 'Op haar eigen verzoek' }).isChecked()).resolves.toBe(true);
    await revoke.getByRole('button', { name: 'Intrekken' }).click();
    await zone.getByRole('status').getByText('Registratie TZ-2023-016 is ingetrokken.').waitFor();
    await panel.getByText(/\(op haar verzoek\)$/).waitFor();

    const issue = zone.getByRole('form', { name: 'Registratie afgeven' });
    await issue.getByLabel('Registratienummer').fill('TZ-2026-016');
    await issue.getByRole('button', { name: 'Afgeven' }).click();
    await zone.getByRole('status').getByText('Registratie TZ-2026-016 voor KP-016 is afgegeven.').waitFor();
    await panel.getByText('TZ-2026-016').waitFor();
    await dashboard.screenshot('client-zone-registration-issued');

    // The number is the municipality's own: once more, it is refused next to it.
    await zone.getByRole('form', { name: 'Registratie TZ-2026-016 intrekken' }).getByRole('button', { name: 'Intrekken' }).click();
    await zone.getByRole('status').getByText('Registratie TZ-2026-016 is ingetrokken.').waitFor();
    await zone.getByRole('form', { name: 'Registratie afgeven' }).getByLabel('Registratienummer').fill('TZ-2026-016');
    await zone.getByRole('form', { name: 'Registratie afgeven' }).getByRole('button', { name: 'Afgeven' }).click();
    await zone.getByText(/^Niet aangenomen: dit nummer is al in gebruik/).waitFor();
    await dashboard.close();

    const rows = await sql<{ number: string; revoked_on_request: boolean; active: boolean }[]>(
      suite.gw,
      'select number, revoked_on_request, revoked_on is null as active from zone_registration where client_id = ? order by issued_on, number',
      [DEMO.client(16)],
    );
    expect(rows).toEqual([
      { number: 'TZ-2023-016', revoked_on_request: true, active: false },
      { number: 'TZ-2026-016', revoked_on_request: true, active: false },
    ]);
  });

  it('is not offered to roles that do not keep registrations', async () => {
    const dashboard = await suite.open();
    await openClient(dashboard, 'casemanager@iriszorg.example', 'KP-016');
    await dashboard.page.getByRole('region', { name: 'Sex work', exact: true }).getByText('Registration number').waitFor();
    expect(await dashboard.page.getByRole('region', { name: 'Zone registration' }).count()).toBe(0);
    await dashboard.close();
  });
});

/**
 * Passing a client to a colleague from her page, in a real browser: a case manager of Iriszorg
 * chooses another of its case managers, and the page then shows the colleague as her case manager
 * while the database has the new assignment from today. A colleague the gateway does not accept is
 * said next to the choice, a change another made meanwhile in the notice; a role that may not divide
 * the caseload is offered nothing.
 *
 * On the Caseload page a case manager chooses to see her own caseload, or the clients her
 * organisation carries with no case manager named who still works there (as after one left);
 * another role sees all of her organisation's clients and is offered no choice.
 */
import type { Page } from 'playwright-core';
import { addDays, today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { sql } from '../helpers/audit';
import { dashboardSuite, signInAs, unnamedControls, type DashboardPage } from '../helpers/browser';
import { clientVersion } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const suite = dashboardSuite();
const SANNE = 'casemanager@iriszorg.example';
const COLLEAGUES = ['casemanager2@iriszorg.example', 'casemanager3@iriszorg.example'];
/** The count line above the list, as a reader reads it: one client, or a number of them. */
const clientsCounted = (n: number, language: 'en' | 'nl') => (language === 'en' ? `${n} ${n === 1 ? 'client' : 'clients'}` : `${n} ${n === 1 ? 'cliënt' : 'cliënten'}`);

interface Professional {
  id: string;
  name: string;
}

/**
 * A client Iriszorg carries with a case manager of its own since before today (as
 * test/workflows/caseload.test.ts finds one; each test here leaves the one it took assigned today),
 * and a colleague of hers to pass her to.
 */
async function carried(): Promise<{ clientId: string; code: string; caseManager: Professional; colleague: Professional }> {
  const [row] = await sql<{ client_id: string; code: string; id: string; name: string }[]>(
    suite.gw,
    `select a.client_id, c.code, p.id, p.name from case_assignment a join client c on c.id = a.client_id join professional p on p.id = a.professional_id
      where a.organisation_id = ? and a.ended_on is null and a.started_on < chain_today()
      order by a.client_id limit 1`,
    [DEMO.org.iriszorg],
  );
  expect(row).toBeDefined();
  const colleagues = await sql<Professional[]>(suite.gw, 'select id, name from professional where email in (?, ?) order by email', COLLEAGUES);
  return { clientId: row.client_id, code: row.code, caseManager: { id: row.id, name: row.name }, colleague: colleagues.find((c) => c.id !== row.id)! };
}

/** Iriszorg's assignments of her that hold today or later. */
const iriszorgAssignments = (clientId: string) =>
  sql<{ professional_id: string; started_on: string; ended_on: string | null }[]>(
    suite.gw,
    `select professional_id, started_on::text, ended_on::text from case_assignment
      where client_id = ? and organisation_id = ? and (ended_on is null or ended_on >= chain_today() - 1) order by started_on, id`,
    [clientId, DEMO.org.iriszorg],
  );

/** The names her facts give as her case managers. */
const caseManagersShown = (page: Page) => page.locator('dl.facts > dt', { hasText: /^(Case managers|Casemanagers)$/ }).locator('xpath=following-sibling::dd[1]');

/** A client Iriszorg carries (`carried`), on her page as `email` sees it once her case managers are shown. */
async function openCarried(email: string, language?: 'nl') {
  const found = await carried();
  const dashboard: DashboardPage = await suite.open(language);
  await signInAs(dashboard, email);
  await dashboard.page.goto(`${suite.gw.url}/dashboard/#/clients/${found.clientId}`);
  await dashboard.page.getByRole('heading', { level: 1, name: `${language === 'nl' ? 'Cliënt' : 'Client'} ${found.code}` }).waitFor();
  await caseManagersShown(dashboard.page).getByText(found.caseManager.name, { exact: false }).waitFor();
  return { ...found, dashboard, page: dashboard.page };
}

/** The element that has the keyboard focus, by role and text. */
async function focused(page: Page): Promise<{ role: string | null; text: string }> {
  return page.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? null, text: document.activeElement?.textContent?.trim() ?? '' }));
}

/** The codes of the clients the Caseload page lists, in its order. */
const codesListed = (page: Page) => page.getByRole('table', { name: /^(Clients and shared categories|Cliënten en gedeelde categorieën)$/ }).getByRole('rowheader').allTextContents();

/** The codes of the clients `email` is a case manager of today, in the caseload's order (by code). */
async function caseloadOf(email: string): Promise<string[]> {
  const rows = await sql<{ code: string }[]>(
    suite.gw,
    `select c.code from case_assignment a join client c on c.id = a.client_id join professional p on p.id = a.professional_id and p.active
      where p.email = ? and a.started_on <= chain_today() and (a.ended_on is null or a.ended_on >= chain_today()) order by c.code`,
    [email],
  );
  return rows.map((r) => r.code);
}

/** The Caseload page as `email` first sees it, with all her organisation's clients listed. */
async function openCaseload(email: string, language?: 'nl') {
  const dashboard = await suite.open(language);
  await signInAs(dashboard, email);
  await dashboard.page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  await dashboard.page.getByRole('table').waitFor();
  return { dashboard, page: dashboard.page };
}

// Before the tests below pass Sanne's client on: she is a case manager of one of Iriszorg's clients.
it('shows a case manager her own caseload, exactly the clients she is a case manager of today, chosen from the keyboard', async () => {
  const { dashboard, page } = await openCaseload(SANNE);
  const all = await codesListed(page);
  const hers = await caseloadOf(SANNE);
  expect(hers.length).toBeGreaterThan(0);
  expect(hers.length).toBeLessThan(all.length);
  await page.getByText(clientsCounted(all.length, 'en'), { exact: true }).waitFor();

  const choice = page.getByRole('group', { name: 'Which clients' });
  await expect(choice.getByRole('radio').count()).resolves.toBe(3);
  await expect(choice.getByRole('radio', { name: 'All clients of my organisation' }).isChecked()).resolves.toBe(true);
  await expect(choice.getByRole('radio', { name: 'My caseload' }).isChecked()).resolves.toBe(false);
  await expect(choice.getByRole('radio', { name: 'Without a case manager' }).isChecked()).resolves.toBe(false);
  await expect(unnamedControls(page)).resolves.toEqual([]);

  await choice.getByRole('radio', { name: 'All clients of my organisation' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(choice.getByRole('radio', { name: 'My caseload' }).isChecked()).resolves.toBe(true);
  await page.getByText(clientsCounted(hers.length, 'en'), { exact: true }).waitFor();
  await expect(codesListed(page)).resolves.toEqual(hers);
  // Each of them names her among her case managers.
  for (const code of hers) await page.getByRole('row', { name: new RegExp(`^${code} `) }).getByText('Sanne Hofstede', { exact: false }).waitFor();
  await dashboard.screenshot('caseload-mine');

  await choice.getByRole('radio', { name: 'All clients of my organisation' }).check();
  await page.getByText(clientsCounted(all.length, 'en'), { exact: true }).waitFor();
  await expect(codesListed(page)).resolves.toEqual(all);
  await dashboard.close();
});

it('shows the clients left without a case manager after Iriszorg deactivated hers, in Dutch, and says when there are none', async () => {
  const { dashboard, page } = await openCaseload(SANNE, 'nl');
  const choice = page.getByRole('group', { name: 'Welke cliënten' });
  await choice.getByRole('radio', { name: 'Zonder casemanager' }).check();
  await page.getByText('Geen cliënt van uw organisatie is zonder casemanager.').waitFor();
  await expect(page.getByText(clientsCounted(0, 'nl'), { exact: true }).count()).resolves.toBe(1);
  await expect(page.getByRole('table').count()).resolves.toBe(0);

  // A colleague of Sanne's who is a case manager of one of Iriszorg's clients leaves.
  const [leaver] = await sql<{ id: string; email: string; name: string }[]>(
    suite.gw,
    `select p.id, p.email, p.name from case_assignment a join professional p on p.id = a.professional_id
      where a.organisation_id = ? and p.email <> ? and a.started_on <= chain_today() and (a.ended_on is null or a.ended_on >= chain_today())
      order by a.client_id limit 1`,
    [DEMO.org.iriszorg, SANNE],
  );
  expect(leaver).toBeDefined();
  const left = await caseloadOf(leaver.email);
  expect(left.length).toBeGreaterThan(0);
  await sql(suite.gw, 'update professional set active = false where id = ?', [leaver.id]);
  try {
    await choice.getByRole('radio', { name: 'Alle cliënten van mijn organisatie' }).check();
    await page.getByRole('table').waitFor();
    await choice.getByRole('radio', { name: 'Zonder casemanager' }).check();
    await page.getByText(clientsCounted(left.length, 'nl'), { exact: true }).waitFor();
    await expect(codesListed(page)).resolves.toEqual(left);
    await expect(page.getByRole('table').textContent()).resolves.not.toContain(leaver.name);
    await dashboard.screenshot('caseload-without-case-manager-nl');
  } finally {
    await sql(suite.gw, 'update professional set active = true where id = ?', [leaver.id]);
  }
  await dashboard.close();
});

it('starts again from the first page when the choice changes', async () => {
  // Sanne takes on 50 clients more today: her caseload and her organisation's list each run to a second page.
  const added = await sql<{ id: string }[]>(
    suite.gw,
    `with c as (insert into client (code, municipality_id) select 'LOAD-' || lpad(n::text, 2, '0'), ? from generate_series(1, 50) n returning id)
     insert into case_assignment (client_id, organisation_id, professional_id, started_on)
       select c.id, ?, (select id from professional where email = ?), chain_today() from c returning client_id as id`,
    [DEMO.org.nijmegen, DEMO.org.iriszorg, SANNE],
  );
  try {
    const { dashboard, page } = await openCaseload(SANNE);
    const all = (await page.getByText(/^\d+ clients$/).textContent())!;
    const hers = await caseloadOf(SANNE);
    expect(hers.length).toBeGreaterThan(50);
    const choice = page.getByRole('group', { name: 'Which clients' });
    const more = page.getByRole('button', { name: 'Load more' });

    await choice.getByRole('radio', { name: 'My caseload' }).check();
    await page.getByText(clientsCounted(hers.length, 'en'), { exact: true }).waitFor();
    // From the keyboard: the button goes while the next clients come, the focus to the first of them.
    await more.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('rowheader', { name: hers[hers.length - 1] }).waitFor();
    await expect(codesListed(page)).resolves.toEqual(hers);
    await expect(focused(page)).resolves.toEqual({ role: 'A', text: hers[50] });
    await expect(more.count()).resolves.toBe(0);

    await choice.getByRole('radio', { name: 'All clients of my organisation' }).check();
    await page.getByText(all, { exact: true }).waitFor();
    await more.waitFor();
    await expect(codesListed(page).then((codes) => codes.length)).resolves.toBe(50);

    await choice.getByRole('radio', { name: 'My caseload' }).check();
    await page.getByText(clientsCounted(hers.length, 'en'), { exact: true }).waitFor();
    await more.waitFor();
    await expect(codesListed(page)).resolves.toEqual(hers.slice(0, 50));
    await dashboard.close();
  } finally {
    const ids = added.map((a) => a.id);
    await sql(suite.gw, 'delete from case_assignment where client_id = any(?::uuid[])', [`{${ids.join(',')}}`]);
    await sql(suite.gw, 'delete from client where id = any(?::uuid[])', [`{${ids.join(',')}}`]);
  }
});

it("offers an expert by experience no choice of which clients, and lists all of her organisation's", async () => {
  const { dashboard, page } = await openCaseload('expert@iriszorg.example');
  const all = await codesListed(page);
  expect(all.length).toBeGreaterThan(0);
  await page.getByText(clientsCounted(all.length, 'en'), { exact: true }).waitFor();
  await expect(page.getByRole('group', { name: 'Which clients' }).count()).resolves.toBe(0);
  await expect(page.getByRole('radio').count()).resolves.toBe(0);
  await expect(page.getByText(/^(My caseload|Without a case manager)$/).count()).resolves.toBe(0);
  await dashboard.close();
});

it('lets a case manager of Iriszorg pass a client to a colleague from the keyboard, and shows the colleague as her case manager', async () => {
  const { clientId, code, caseManager, colleague, dashboard, page } = await openCarried(SANNE);
  const choice = page.getByRole('combobox', { name: 'Pass to a colleague' });
  await choice.getByRole('option', { name: colleague.name }).waitFor({ state: 'attached' });
  // Her current case manager is not offered.
  await expect(choice.getByRole('option').allTextContents()).resolves.not.toContain(caseManager.name);
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await dashboard.screenshot('client-pass-to-colleague-before');

  await choice.focus();
  await choice.selectOption({ label: colleague.name });
  await page.keyboard.press('Tab');
  await expect(focused(page)).resolves.toEqual({ role: 'BUTTON', text: 'Pass on' });
  await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(`Pass ${code} to ${colleague.name}`);
  await page.keyboard.press('Enter');
  const done = `${colleague.name} is now her case manager for your organisation.`;
  await page.getByRole('status').getByText(done).waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'status', text: done });

  // The client is reloaded: the colleague is her case manager, and the one she replaced is offered instead.
  await caseManagersShown(page).getByText(colleague.name, { exact: false }).waitFor();
  await expect(caseManagersShown(page).textContent()).resolves.not.toContain(caseManager.name);
  await choice.getByRole('option', { name: caseManager.name }).waitFor({ state: 'attached' });
  await expect(choice.getByRole('option').allTextContents()).resolves.not.toContain(colleague.name);
  await dashboard.screenshot('client-pass-to-colleague-done');

  await expect(iriszorgAssignments(clientId)).resolves.toEqual([
    { professional_id: caseManager.id, started_on: expect.any(String), ended_on: addDays(today(), -1) },
    { professional_id: colleague.id, started_on: today(), ended_on: null },
  ]);
  const after = dashboard.operations.slice(dashboard.operations.indexOf('ReassignCaseManager'));
  expect(after).toEqual(expect.arrayContaining(['ReassignCaseManager', 'ClientDetail', 'Colleagues']));
  await dashboard.close();
});

it('says next to the choice when the colleague is no active case manager any more, in Dutch, and changes nothing', async () => {
  const { clientId, code, colleague, dashboard, page } = await openCarried(SANNE, 'nl');
  const choice = page.getByRole('combobox', { name: 'Overdragen aan collega' });
  await choice.selectOption({ label: colleague.name });
  // She stops working here after the page loaded.
  await sql(suite.gw, 'update professional set active = false where id = ?', [colleague.id]);
  try {
    const before = await iriszorgAssignments(clientId);
    await page.getByRole('button', { name: `${code} overdragen aan ${colleague.name}` }).click();
    const refusal = `Niet aangenomen: ${colleague.name} is geen actieve casemanager (meer) van uw organisatie.`;
    await page.getByText(refusal).waitFor();
    // The choice has the focus, and what was not accepted is read out with it.
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');
    await expect(page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-describedby') ?? '')?.textContent)).resolves.toBe(refusal);
    expect(await choice.getAttribute('aria-invalid')).toBe('true');
    // No notice on the page says anything of it.
    expect((await page.getByRole('status').allTextContents()).join('')).toBe('');
    // The colleagues are reloaded: she is no longer offered.
    await page.waitForLoadState('networkidle');
    await expect(choice.getByRole('option').allTextContents()).resolves.not.toContain(colleague.name);
    await dashboard.screenshot('client-pass-to-colleague-refused-nl');
    await expect(iriszorgAssignments(clientId)).resolves.toEqual(before);
  } finally {
    await sql(suite.gw, 'update professional set active = true where id = ?', [colleague.id]);
  }
  await dashboard.close();
});

it('says so when someone else passed her meanwhile, and shows her case manager as she now is', async () => {
  const { clientId, code, caseManager, colleague, dashboard, page } = await openCarried(SANNE);
  // A colleague passes her to the same case manager after the page loaded.
  const meanwhile = await (await suite.gw.as(COLLEAGUES[0])).query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: colleague.id, version: await clientVersion(suite.gw, clientId) } });
  expect(meanwhile.body.errors).toBeUndefined();

  await page.getByRole('combobox', { name: 'Pass to a colleague' }).selectOption({ label: colleague.name });
  await page.getByRole('button', { name: `Pass ${code} to ${colleague.name}` }).click();
  await page.getByRole('status').getByText(`${code} was not passed to ${colleague.name}. Someone else changed this meanwhile.`, { exact: false }).waitFor();
  await caseManagersShown(page).getByText(colleague.name, { exact: false }).waitFor();
  await expect(caseManagersShown(page).textContent()).resolves.not.toContain(caseManager.name);
  await dashboard.close();
});

it('keeps saying that she was passed on when the page cannot load her again after it', async () => {
  const { code, colleague, dashboard, page } = await openCarried(SANNE);
  let passed = false;
  // The pass is answered here, so she stays the one the other tests find; the gateway is busy for the reload after it.
  await page.route('**/graphql', async (route) => {
    const operation = /^(?:query|mutation)\s+(\w+)/.exec((route.request().postDataJSON() as { query: string }).query)![1];
    if (operation === 'ReassignCaseManager') {
      passed = true;
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { reassignCaseManager: { id: 'passed' } } }) });
    } else if (passed && operation === 'ClientDetail') {
      await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'busy', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }) });
    } else await route.continue();
  });
  await page.getByRole('combobox', { name: 'Pass to a colleague' }).selectOption({ label: colleague.name });
  await page.getByRole('button', { name: `Pass ${code} to ${colleague.name}` }).click();
  await page.getByRole('alert').getByText('She could not be loaded again, so what is shown of her may be out of date. The gateway is temporarily unavailable. Try again shortly.').waitFor();
  const done = `${colleague.name} is now her case manager for your organisation.`;
  await page.getByRole('status').getByText(done).waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'status', text: done });
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Client ${code}`);

  await page.unroute('**/graphql');
  await page.getByRole('alert').getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Client ${code}`);
  await dashboard.close(/status of 503/);
});

it('offers passing her to a colleague to no expert by experience, and asks for no colleagues for it', async () => {
  const { dashboard, page } = await openCarried('expert@iriszorg.example');
  await page.waitForLoadState('networkidle');
  await expect(page.getByLabel('Pass to a colleague').count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: /^Pass / }).count()).resolves.toBe(0);
  expect(dashboard.operations).not.toContain('Colleagues');
  await dashboard.close();
});

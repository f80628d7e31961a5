/**
 * Monitoring and budget in a real browser: the municipality's figures as charts and tables, where
 * a suppressed count is drawn and labelled as suppressed — never as 0 — exactly where the gateway
 * suppressed it.
 */
import { DEMO, demoId } from '../../src/db/demo/seed';
import { dashboardSuite, signInAs, unnamedControls, type DashboardPage } from '../helpers/browser';

const suite = dashboardSuite();

interface Row {
  label: string;
  suppressed: boolean;
  text: string;
}

/** The table of the chart titled `title`, as the page shows it. */
async function chartTable(dashboard: DashboardPage, title: string): Promise<Row[]> {
  const figure = dashboard.page.getByRole('figure', { name: title });
  await figure.locator('tbody tr').first().waitFor();
  return figure.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = tr.querySelector('td')!;
      return { label: tr.querySelector('th')!.textContent!.trim(), suppressed: cell.getAttribute('data-suppressed') === 'true', text: cell.textContent!.trim() };
    }),
  );
}

it('shows the policy officer the handover outcomes with the small ones drawn as suppressed, not as zero', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'policy@nijmegen.example');
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
  const shown = await chartTable(dashboard, 'Handover outcomes');

  // The same report, straight from the API, for the period the page asked for.
  const from = await page.getByLabel('From').inputValue();
  const to = await page.getByLabel('To (inclusive)').inputValue();
  const policy = await suite.gw.as('policy@nijmegen.example');
  const res = await policy.query<{ monitoring: { threshold: number; handoverOutcomes: { outcome: string; count: { value: number | null; suppressed: boolean } }[] } }>(
    'query ($m: ID!, $from: Date!, $to: Date!) { monitoring(municipalityId: $m, from: $from, to: $to) { threshold handoverOutcomes { outcome count { value suppressed } } } }',
    { m: DEMO.org.nijmegen, from, to },
  );
  const outcomes = res.body.data!.monitoring.handoverOutcomes;
  expect(res.body.data!.monitoring.threshold).toBe(3);
  // The demo chain's 2 closed, 2 regular-care and 2 Arnhem handovers are below k = 3.
  expect(outcomes.filter((o) => o.count.suppressed).map((o) => o.outcome)).toEqual(expect.arrayContaining(['CLOSED', 'REGULAR_CARE', 'OTHER_MUNICIPALITY']));

  expect(shown.map((r) => r.suppressed)).toEqual(outcomes.map((o) => o.count.suppressed));
  for (const [i, row] of shown.entries()) {
    const count = outcomes[i].count;
    expect(row.text).toBe(count.suppressed ? '▨ suppressed' : String(count.value));
  }
  expect(shown.find((r) => r.label === 'closed')).toEqual({ label: 'closed', suppressed: true, text: '▨ suppressed' });
  // The chart's text alternative says the same, so a screen reader never hears a zero either.
  const chart = page.getByRole('figure', { name: 'Handover outcomes' }).getByRole('img');
  await expect(chart.getAttribute('aria-label')).resolves.toContain('closed suppressed');
  await expect(chart.getAttribute('aria-label')).resolves.not.toContain('closed 0');
  // What suppressed means, where a pointer or a screen reader asks: words, not a range of values.
  await expect(page.getByRole('figure', { name: 'Handover outcomes' }).locator('td[data-suppressed="true"]').first().getAttribute('title')).resolves.toBe(
    'suppressed: 1 to 2 or hidden to protect a small count',
  );
  // Rounding applies to women, not to the professionals the directory lists anyway.
  await expect(page.locator('.notice[data-threshold]').textContent()).resolves.toContain('case managers are professionals and are counted exactly');
  await page.getByRole('figure', { name: 'Case managers per organisation' }).getByText('Counted exactly: case managers are professionals, not clients.').waitFor();
  await page.getByRole('figure', { name: 'Handover outcomes' }).scrollIntoViewIfNeeded();
  await dashboard.screenshot('monitoring-handover-outcomes-suppressed');
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await dashboard.close();
});

// 10 September 2021, asked as its month (figures cover whole months): 2 case managers, each with a
// woman; with k = 3 the 2 women are suppressed, and the case managers, counted exactly, would say
// how many there were.
it.each([
  { language: 'en' as const, from: 'From', to: 'To (inclusive)', show: 'Show', charts: ['Caseload per case manager', 'Case managers per organisation'], clients: 'Clients with a case manager', chain: 'In the chain', withheld: 'Withheld: the number of clients with a case manager is suppressed, and every case manager has at least one: the number of case managers would give it away.' },
  { language: 'nl' as const, from: 'Van', to: 'Tot en met', show: 'Tonen', charts: ['Caseload per casemanager', 'Casemanagers per organisatie'], clients: 'Cliënten met een casemanager', chain: 'In de keten', withheld: 'Achtergehouden: het aantal cliënten met een casemanager is onderdrukt, en elke casemanager heeft er minstens één: het aantal casemanagers zou het verraden.' },
])('shows the case managers as withheld, saying why, where they would give a suppressed number of clients away ($language)', async ({ language, from, to, show, charts, clients, chain, withheld }) => {
  const dashboard = await suite.open(language);
  const { page } = dashboard;
  await signInAs(dashboard, 'policy@nijmegen.example');
  await page.getByLabel(from).fill('2021-09-10');
  await page.getByLabel(to, { exact: true }).fill('2021-09-10');
  await page.getByRole('button', { name: show }).click();
  // The dates become the month they fall in, as the gateway answers suppressed figures only for whole months.
  await expect(page.getByLabel(from).inputValue()).resolves.toBe('2021-09-01');
  await expect(page.getByLabel(to, { exact: true }).inputValue()).resolves.toBe('2021-09-30');
  await expect(page.getByLabel(from).getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).textContent())).resolves.toMatch(language === 'en' ? /^Figures cover whole months/ : /^Cijfers gaan over hele maanden/);

  expect((await chartTable(dashboard, chain)).find((r) => r.label === clients)?.suppressed).toBe(true);
  for (const title of charts) {
    const figure = page.getByRole('figure', { name: title });
    await figure.getByText(withheld).waitFor();
    // Not an empty chart or table, which would read as "no case managers".
    await expect(figure.locator('canvas, table').count()).resolves.toBe(0);
  }
  await page.getByRole('figure', { name: charts[0] }).scrollIntoViewIfNeeded();
  await dashboard.screenshot(`monitoring-case-managers-withheld-${language}`);
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await dashboard.close();
});

it('shows the policy officer the budget of the programme she chooses from her municipality’s', async () => {
  // Nijmegen's next programme, just begun: nothing budgeted yet. The page starts with it, the latest to start.
  const next = { id: demoId(0, 201), name: 'Zorgaanpak Nijmegen 2024–2026' };
  const db = suite.gw.orm.em.getConnection();
  await db.execute(`insert into programme (id, name, municipality_id, starts_on, ends_on) values (?, ?, ?, '2024-01-01', '2026-12-31')`, [next.id, next.name, DEMO.org.nijmegen]);
  try {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await signInAs(dashboard, 'policy@nijmegen.example');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Budget' }).click();
    await page.getByRole('heading', { level: 2, name: next.name }).waitFor();
    await expect(page.getByTestId('budget-remaining').textContent()).resolves.toBe('€0');

    // The choice is the API's list, in its order.
    const listed = (await (await suite.gw.as('policy@nijmegen.example')).query<{ programmes: { id: string }[] }>('{ programmes { id } }')).body.data!.programmes;
    const choice = page.getByLabel('Programme');
    expect(await choice.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(listed.map((p) => p.id));

    await choice.selectOption(DEMO.programme);
    await page.getByRole('heading', { level: 2, name: 'Zorgaanpak Straatsekswerkers Nijmegen 2021–2023' }).waitFor();
    // The closing report: € 653,503 budgeted, € 97,074 left on 31 July 2023.
    await expect(page.getByTestId('budget-remaining').textContent()).resolves.toBe('€97,074');
    const figure = page.getByRole('figure', { name: 'Spent and remaining per category' });
    await expect(figure.locator('tfoot tr').textContent()).resolves.toBe('Total€653,503€556,429€97,074');
    await dashboard.screenshot('budget-policy-officer');
    await expect(unnamedControls(page)).resolves.toEqual([]);
    await dashboard.close();
  } finally {
    await db.execute('delete from programme where id = ?', [next.id]);
  }
});

it('gives procesregie the monitoring figures of her chain, but not the municipality’s budget', async () => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await signInAs(dashboard, 'procesregie@zvh.example');
  expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual(['Caseload', 'Overdrachten', 'Aanmeldingen', 'Noodtoegang', 'Monitoring']);
  await page.getByRole('link', { name: 'Monitoring' }).click();
  const rows = await chartTable(dashboard, 'Uitstroom na overdracht');
  expect(rows.find((r) => r.label === 'afgesloten')).toEqual({ label: 'afgesloten', suppressed: true, text: '▨ onderdrukt' });
  await dashboard.screenshot('monitoring-procesregie-nl');
  await dashboard.close();
});

it('says which period the figures are for, and never leaves them under dates they do not answer', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'policy@nijmegen.example');
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const from = await page.getByLabel('From').inputValue();
  const to = await page.getByLabel('To (inclusive)').inputValue();
  const figures = page.getByRole('region', { name: `Figures for ${day(from)} to ${day(to)}` });
  await figures.getByRole('figure', { name: 'Handover outcomes' }).waitFor();
  // The charts' headings come under the period's.
  expect(await page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => h.tagName))).toEqual(['H1', 'H2', 'H3', 'H3', 'H3', 'H3', 'H3', 'H3']);

  // Dates changed but not yet applied: the figures say they are still the old period's.
  await page.getByLabel('From').fill('2023-01-01');
  await figures.getByText(`These figures are still for ${day(from)} to ${day(to)}: choose Show for the dates above.`).waitFor();

  // While the new period loads, the old figures are gone.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/graphql', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('status').getByText('Loading…').waitFor();
  await expect(page.getByRole('figure').count()).resolves.toBe(0);
  release();
  const next = page.getByRole('region', { name: `Figures for ${day('2023-01-01')} to ${day(to)}` });
  await next.getByRole('figure', { name: 'Handover outcomes' }).waitFor();
  await expect(next.getByText('These figures are still for').count()).resolves.toBe(0);
  await dashboard.close();
});

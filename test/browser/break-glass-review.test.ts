/**
 * Procesregie's review of emergency access in a real browser: the grants still to review, with who
 * opened them, for whom and why, each marked reviewed with one click; a grant on a woman its
 * organisation does not know shows without her.
 */
import { DEMO } from '../../src/db/demo/seed';
import { sql } from '../helpers/audit';
import { dashboardSuite, signInAs, unnamedControls } from '../helpers/browser';

const suite = dashboardSuite();
const OPEN = 'mutation ($id: ID!, $reason: String!) { breakGlass(clientId: $id, reason: $reason) { id } }';

async function openGrant(email: string, clientId: string, reason: string): Promise<string> {
  const res = await (await suite.gw.as(email)).query(OPEN, { id: clientId, reason });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.breakGlass.id;
}

it('lets procesregie of Nijmegen mark a grant reviewed, naming her, and the grant leaves the list', async () => {
  const grant = await openGrant('casemanager@iriszorg.example', DEMO.client(9), 'Found unwell on the zone; her history is needed now');
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await signInAs(dashboard, 'procesregie@zvh.example');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Noodtoegang' }).click();
  await page.getByRole('heading', { level: 1, name: 'Noodtoegang beoordelen' }).waitFor();
  const card = page.locator(`[data-grant="${grant}"]`);
  await card.getByText('Found unwell on the zone; her history is needed now').waitFor();
  await card.getByRole('link', { name: 'KP-009' }).waitFor();
  expect(await unnamedControls(page)).toEqual([]);
  await dashboard.screenshot('break-glass-review-before');

  const [{ name }] = await sql<{ name: string }[]>(suite.gw, `select name from professional where email = 'casemanager@iriszorg.example'`);
  await card.getByRole('button', { name: `Noodtoegang van ${name} voor KP-009 als beoordeeld markeren` }).click();
  await page.getByRole('status').getByText(`De noodtoegang van ${name} voor KP-009 is als beoordeeld gemarkeerd.`, { exact: true }).waitFor();
  await card.waitFor({ state: 'detached' });

  const [row] = await sql<{ email: string | null }[]>(suite.gw, `select p.email from break_glass_grant g left join professional p on p.id = g.reviewed_by_id where g.id = ?`, [grant]);
  expect(row).toEqual({ email: 'procesregie@zvh.example' });
  expect(dashboard.operations).toContain('ReviewBreakGlass');
  await dashboard.close();
});

it('shows a grant on a woman procesregie’s organisation does not know without naming her, and marks it all the same', async () => {
  // A woman of Nijmegen's chain the safety house does not know: the review lists her grant, never her.
  const [{ id: her }] = await sql<{ id: string }[]>(
    suite.gw,
    `select id from client where not is_involved(?, id) and client_chain_on(id, current_date) = ? order by code limit 1`,
    [DEMO.org.zvh, DEMO.org.nijmegen],
  );
  const [{ code }] = await sql<{ code: string }[]>(suite.gw, 'select code from client where id = ?', [her]);
  const grant = await openGrant('casemanager@iriszorg.example', her, 'Brought in by the police at night, confused and hurt');
  const dashboard = await suite.open('en');
  const { page } = dashboard;
  await signInAs(dashboard, 'procesregie@zvh.example');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Emergency access' }).click();
  const card = page.locator(`[data-grant="${grant}"]`);
  await card.getByText('Brought in by the police at night, confused and hurt').waitFor();
  await card.getByRole('heading', { name: /^A client your organisation does not know — / }).waitFor();
  expect(await card.textContent()).not.toContain(code);
  await card.getByRole('button', { name: /^Mark the emergency access of .+ for a client your organisation does not know reviewed$/ }).click();
  await page.getByRole('status').getByText(/is marked reviewed\.$/).waitFor();
  await card.waitFor({ state: 'detached' });
  await dashboard.close();
});

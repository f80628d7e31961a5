/**
 * Each demo persona signs in to the dashboard in a real browser and sees exactly what the policy
 * allows her: the pages of her role, and per client and category "shared" only where `access`
 * grants it — never a category outside her role's cap, never the content of a withheld one.
 */
import tables from '../../src/policy/policy-tables.json';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { DEMO } from '../../src/db/demo/seed';
import trustedDocuments from '../../src/generated/operations/persisted-documents.json';
import { dashboardSuite, signInAs, unnamedControls, type DashboardPage } from '../helpers/browser';

const CONSENT_CATEGORIES = tables.categories.filter((c) => c !== 'BASIC');
const ROLE_CAPS = tables.roleCaps as Record<string, string[]>;

const suite = dashboardSuite();
const CLIENT_CATEGORIES = Object.entries(trustedDocuments as Record<string, string>).find(([, text]) => text.startsWith('query ClientCategories('))![0];

interface Cell {
  granted: boolean;
  reason: string | null;
  text: string;
}

/** The caseload as the page shows it: client code → category → cell. */
async function caseloadCells(dashboard: DashboardPage): Promise<Map<string, Map<string, Cell>>> {
  const { page } = dashboard;
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  await page.locator('table.caseload tbody tr').first().waitFor();
  const rows = await page.locator('table.caseload tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute('data-client')!,
      cells: Array.from(tr.querySelectorAll('[data-category]')).map((b) => ({
        category: b.getAttribute('data-category')!,
        granted: b.getAttribute('data-granted') === 'true',
        reason: b.getAttribute('data-reason'),
        text: (b.textContent ?? '').trim(),
      })),
    })),
  );
  return new Map(rows.map((r) => [r.code, new Map(r.cells.map((c) => [c.category, { granted: c.granted, reason: c.reason, text: c.text }]))]));
}

/** What the gateway's `access` says for the same professional, straight from the API. */
async function accessFromApi(email: string): Promise<Map<string, Map<string, { granted: boolean; reason: string | null }>>> {
  const caller = await suite.gw.as(email);
  const res = await caller.query<{ clients: { edges: { node: { code: string; access: { category: string; granted: boolean; reason: string | null }[] } }[] } }>(
    '{ clients(first: 100) { edges { node { code access { category granted reason } } } } }',
  );
  return new Map(res.body.data!.clients.edges.map(({ node }) => [node.code, new Map(node.access.map((a) => [a.category, { granted: a.granted, reason: a.reason }]))]));
}

async function menuItems(dashboard: DashboardPage): Promise<string[]> {
  return dashboard.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents();
}

const CLIENT_READERS = PROFESSIONALS.slice(0, 10).filter(([, , , roles]) => roles.some((r) => ROLE_CAPS[r].includes('BASIC')));

describe.each(CLIENT_READERS.map(([email, , , roles]) => [email, roles[0]] as const))('%s (%s)', (email, role) => {
  it('sees her caseload with each category shown exactly as far as the policy allows', async () => {
    const dashboard = await suite.open();
    await signInAs(dashboard, email);
    expect(await menuItems(dashboard)).toEqual(expect.arrayContaining(['Caseload', 'Handovers']));

    const shown = await caseloadCells(dashboard);
    const allowed = await accessFromApi(email);
    expect([...shown.keys()].sort()).toEqual([...allowed.keys()].sort());
    for (const [code, cells] of shown) {
      for (const category of CONSENT_CATEGORIES) {
        const cell = cells.get(category)!;
        expect({ code, category, granted: cell.granted, reason: cell.reason }).toEqual({ code, category, ...allowed.get(code)!.get(category)! });
        // Outside the role's cap nothing is ever shown, whatever she consented to.
        if (!ROLE_CAPS[role].includes(category)) expect({ code, category, text: cell.text }).toEqual({ code, category, text: '✕ not for your role' });
      }
    }
    await dashboard.screenshot(`caseload-${email.replace(/@.*/, '')}-${email.split('@')[1].split('.')[0]}`);
    await expect(unnamedControls(dashboard.page)).resolves.toEqual([]);
    await dashboard.close();
  });
});

describe('the Leger des Heils case manager', () => {
  it('sees HEALTH only for the clients who consented to share it with Leger des Heils', async () => {
    const dashboard = await suite.open();
    await signInAs(dashboard, 'casemanager@legerdesheils.example');
    const health = new Map([...(await caseloadCells(dashboard))].map(([code, cells]) => [code, cells.get('HEALTH')!.text]));
    expect(Object.fromEntries(health)).toMatchObject({
      'KP-012': '✓ shared',
      'KP-013': '✓ shared',
      'KP-014': '✓ shared',
      'KP-015': '✕ no consent', // an objection for HEALTH beats her general consent
      'KP-016': '✕ consent revoked',
      'KP-017': '✕ no consent',
      'KP-018': '✕ no consent',
    });
    await dashboard.close();
  });

  it('reads the health panel of a consenting client, and of an objecting one only why not', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await signInAs(dashboard, 'casemanager@legerdesheils.example');
    await page.getByRole('link', { name: 'KP-014' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client KP-014' }).waitFor();
    const healthPanel = page.getByRole('region', { name: 'Health' });
    await healthPanel.getByText('Depressive episodes; no current treatment').waitFor();
    await dashboard.screenshot('client-KP-014-legerdesheils');

    await page.getByRole('link', { name: 'Back to the caseload' }).click();
    await page.getByRole('link', { name: 'KP-015' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client KP-015' }).waitFor();
    await expect(page.getByRole('region', { name: 'Health' }).textContent()).resolves.toBe('Health✕ no consent');
    await page.getByRole('region', { name: 'Identity' }).getByText('Olga F.').waitFor();
    // Her health summary never reached the browser: the page asked only for what it would get.
    expect(await page.content()).not.toContain('Chronic hepatitis C');
    expect(dashboard.operations.filter((o) => o.startsWith('Client'))).toEqual(['ClientList', 'ClientDetail', 'ClientCategories', 'ClientList', 'ClientDetail', 'ClientCategories']);
    await dashboard.screenshot('client-KP-015-legerdesheils');
    await expect(unnamedControls(page)).resolves.toEqual([]);
    await dashboard.close();
  });
});

it('never shows HEALTH to the expert by experience, even where the client consented', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'expert@iriszorg.example');
  const cells = await caseloadCells(dashboard);
  expect([...cells.values()].map((c) => c.get('HEALTH')!.text)).toEqual([...cells.keys()].map(() => '✕ not for your role'));
  await page.getByRole('link', { name: 'KP-012' }).click(); // consented to share everything with Iriszorg
  await page.getByRole('region', { name: 'Identity' }).getByText('Linda H.').waitFor();
  await expect(page.getByRole('region', { name: 'Health' }).textContent()).resolves.toBe('Health✕ not for your role');
  expect(await page.content()).not.toContain('Depressive episodes');
  await dashboard.close();
});

it.each(['policy@nijmegen.example', 'analyst@nijmegen.example'])('shows the municipality’s %s no client pages, only monitoring and budget', async (email) => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, email);
  expect(await menuItems(dashboard)).toEqual(['Monitoring', 'Budget']);
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
  // Typing a client page's address leads back to her own pages.
  await page.goto(`${suite.gw.url}/dashboard/#/caseload`);
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
  expect(dashboard.operations.filter((o) => o.startsWith('Client') || o === 'InboxHandovers' || o === 'HandoverNotes')).toEqual([]);
  await dashboard.screenshot(`monitoring-${email.split('@')[0]}`);
  await dashboard.close();
});

it('shows the administrator the directory and no client or aggregate page', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'admin@nijmegen.example');
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  expect(await menuItems(dashboard)).toEqual(['Directory']);
  // Typing a client page's address leads back to her own page.
  await page.goto(`${suite.gw.url}/dashboard/#/caseload`);
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  expect(dashboard.operations.filter((o) => o.startsWith('Client') || o.startsWith('Monitoring') || o === 'InboxHandovers')).toEqual([]);
  await dashboard.close();
});

it('signs in with a pasted token, and refuses one the gateway does not accept, leaving no token in the field', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  const field = page.getByLabel('Paste a bearer token');
  // No password field: the browser would offer to save the token for whoever uses this computer next.
  await expect(field.getAttribute('type')).resolves.toBe('text');
  await expect(field.getAttribute('autocomplete')).resolves.toBe('off');
  await field.fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await page.getByRole('alert').getByText('This token is not accepted.').waitFor();
  await expect(field.inputValue()).resolves.toBe('');

  const { token } = await suite.gw.as('psychiatrist@propersona.example');
  await field.fill(`Bearer ${token}`);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await page.getByTestId('signed-in-as').getByText('Signed in as dr. Ravi Doornbos (Pro Persona)').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(field.inputValue()).resolves.toBe('');
  await dashboard.close();
});

it('says why a category is withheld when her consent is revoked between the page’s two requests, never "shared" above an empty panel', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@legerdesheils.example');
  // The detail decides `access` first, then asks for the categories it grants: she revokes in between.
  let revoked = false;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { documentId?: string } | null;
    if (!revoked && body?.documentId === CLIENT_CATEGORIES) {
      revoked = true;
      await suite.gw.orm.em
        .fork()
        .getConnection()
        .execute(`update consent set revoked_at = now(), revocation_reason = 'She wants to think it over' where client_id = ? and organisation_id = ? and effect = 'PERMIT' and revoked_at is null`, [
          DEMO.client(14),
          DEMO.org.legerDesHeils,
        ]);
    }
    await route.continue();
  });
  await page.getByRole('link', { name: 'KP-014' }).click();
  await page.getByRole('heading', { level: 1, name: 'Client KP-014' }).waitFor();
  const health = page.getByRole('region', { name: 'Health' });
  await health.getByText('consent revoked').waitFor();
  await expect(health.textContent()).resolves.toBe('Health✕ consent revoked');
  await expect(page.getByRole('region', { name: 'Identity' }).textContent()).resolves.toBe('Identity✕ consent revoked');
  expect(revoked).toBe(true);
  expect(await page.content()).not.toContain('Depressive episodes');
  await dashboard.close();
});

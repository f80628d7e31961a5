/**
 * One client's page while what she shares changes under it: a grant runs out while the page is
 * open, a new one comes, her organisation's involvement ends between the page's two requests. The
 * page shows what holds now — never content no longer granted, never an absence for what has not
 * come yet, never "shared" above an empty panel.
 */
import type { Route } from 'playwright-core';
import { DEMO } from '../../src/db/demo/seed';
import trustedDocuments from '../../src/generated/operations/persisted-documents.json';
import { sql } from '../helpers/audit';
import { dashboardSuite, signInAs } from '../helpers/browser';

const suite = dashboardSuite();
const LDH = 'casemanager@legerdesheils.example';
const CLIENT_CATEGORIES = Object.entries(trustedDocuments as Record<string, string>).find(([, text]) => text.startsWith('query ClientCategories('))![0];

/** A consent of KP-014 for Leger des Heils, as a colleague records it; its id, to take it out again. */
async function consent(categories: string[], until: string | null): Promise<string> {
  const [row] = await sql<{ id: string }[]>(
    suite.gw,
    `insert into consent (client_id, effect, organisation_id, categories, purpose, valid_from, valid_until, recorded_by_id)
       values (?, 'PERMIT', ?, ?::text[], 'CARE', now() - interval '1 day', ${until ?? 'null'}, (select id from professional where email = ?)) returning id`,
    [DEMO.client(14), DEMO.org.legerDesHeils, `{${categories.join(',')}}`, LDH],
  );
  return row.id;
}

it('shows until when a grant holds on her own clock, and takes its content away when it runs out; a grant that comes meanwhile loads, never "Nothing recorded"', async () => {
  const timezone = 'America/Sao_Paulo';
  const housing = await consent(['HOUSING'], "now() + interval '8 seconds'");
  let sexWork: string | undefined;
  try {
    const dashboard = await suite.open('en', { timezone });
    const { page } = dashboard;
    await signInAs(dashboard, LDH);
    await page.getByRole('link', { name: 'KP-014' }).click();
    const panel = page.getByRole('region', { name: 'Housing' });
    await panel.getByText('Housing situation').waitFor();
    const [{ until }] = await sql<{ until: number }[]>(suite.gw, 'select extract(epoch from valid_until)::float8 as until from consent where id = ?', [housing]);
    const moment = new Date(until * 1000).toLocaleString('en-GB', { timeZone: timezone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    await panel.getByText(`until ${moment}`).waitFor();

    // She consents to share her sex work registration before the page asks for her again; its content is held up on the way.
    sexWork = await consent(['SEX_WORK'], null);
    const held: Route[] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { documentId?: string; variables?: { sexWork?: boolean } };
      if (body.documentId === CLIENT_CATEGORIES && body.variables?.sexWork) held.push(route);
      else await route.continue();
    });
    const sex = page.getByRole('region', { name: 'Sex work' });
    await sex.getByText('✓ shared').waitFor({ timeout: 15_000 });
    await expect(panel.textContent()).resolves.not.toContain('Housing situation');
    await expect(panel.getByText('✕').count()).resolves.toBe(1);
    await sex.getByText('Loading…').waitFor();
    await expect(sex.textContent()).resolves.not.toContain('Nothing recorded');
    expect(held).toHaveLength(1);

    await held[0].continue();
    await page.unroute('**/graphql');
    await sex.getByText('Loading…').waitFor({ state: 'detached' });
    await expect(sex.textContent()).resolves.toMatch(/Registration number|Nothing recorded/);
    await dashboard.close();
  } finally {
    await sql(suite.gw, 'delete from consent where id = any(?::uuid[])', [`{${[housing, sexWork].filter(Boolean).join(',')}}`]);
  }
});

it('says she is not found when her organisation’s involvement ends between the page’s two requests, never "shared" above empty panels', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, LDH);
  // What the gateway answers for a client her organisation is no longer involved with.
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { documentId?: string };
    if (body.documentId === CLIENT_CATEGORIES) await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { client: null } }) });
    else await route.continue();
  });
  await page.getByRole('link', { name: 'KP-014' }).click();
  await page.getByRole('heading', { level: 1, name: 'This client does not exist or your organisation is not involved with her.' }).waitFor();
  await expect(page.getByText('✓ shared').count()).resolves.toBe(0);
  await expect(page.getByRole('heading', { name: 'Client KP-014' }).count()).resolves.toBe(0);
  await dashboard.close();
});

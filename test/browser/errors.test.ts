/**
 * What the dashboard says when a request fails: what happened and what to do, in her language —
 * never the gateway's English sentence, a status code, raw JSON or a stack. The gateway is real;
 * a route only forces the answers it gives under load, behind a failing proxy or with no network.
 */
import type { Page, Route } from 'playwright-core';
import { DEMO } from '../../src/db/demo/seed';
import { dashboardSuite, signInAs, type DashboardOptions } from '../helpers/browser';

const suite = dashboardSuite();

/** What a failing request shows nowhere. */
const TECHNICAL = /HTTP|Failed to fetch|[{}]|Error|English sentence|[A-Z]{2,}_[A-Z_]+/;
/** The browser's own log lines of the failures these tests force. */
const FORCED = /status of (429|50\d)|ERR_INTERNET_DISCONNECTED/;

const gatewayError = (status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => (route: Route) =>
  route.fulfill({
    status,
    contentType: 'application/json',
    headers,
    body: JSON.stringify({ data: null, errors: [{ message: `${code} — the gateway's own English sentence`, path: ['handovers'], extensions: { code, ...extra } }] }),
  });

const CASES: [string, (route: Route) => Promise<void>, string][] = [
  ['busy (503)', gatewayError(503, 'SERVICE_UNAVAILABLE', {}, { 'retry-after': '1' }), 'De gateway is tijdelijk niet beschikbaar. Probeer het zo opnieuw.'],
  ['rate limited (429)', gatewayError(429, 'RATE_LIMITED', { retryAfter: 6 }, { 'retry-after': '6' }), 'Te veel verzoeken in korte tijd. Probeer het over 6 seconden opnieuw.'],
  ['FORBIDDEN, no consent', gatewayError(200, 'FORBIDDEN', { reason: 'NO_CONSENT' }), 'Zij heeft (nog) geen toestemming gegeven om gegevens met uw organisatie te delen.'],
  ['FORBIDDEN, role', gatewayError(200, 'FORBIDDEN', { reason: 'ROLE_NOT_ALLOWED' }), 'Uw rol mag dit niet inzien of doen.'],
  ['FORBIDDEN, consent revoked', gatewayError(200, 'FORBIDDEN', { reason: 'CONSENT_REVOKED' }), 'Zij heeft haar toestemming hiervoor ingetrokken.'],
  ['FORBIDDEN, consent expired', gatewayError(200, 'FORBIDDEN', { reason: 'CONSENT_EXPIRED' }), 'Haar toestemming hiervoor is verlopen.'],
  ['NOT_FOUND', gatewayError(200, 'NOT_FOUND'), 'Niet gevonden: het bestaat niet (meer) of uw organisatie is er niet bij betrokken.'],
  ['CONFLICT', gatewayError(200, 'CONFLICT'), 'Dit is intussen door iemand anders gewijzigd.'],
  ['BAD_USER_INPUT', gatewayError(400, 'BAD_USER_INPUT'), 'De gateway nam de invoer niet aan. Controleer wat u invulde.'],
  ['an unexpected fault', gatewayError(500, 'INTERNAL_SERVER_ERROR', {}, { 'x-request-id': 'req-42' }), 'Er ging iets mis bij de gateway. Probeer het opnieuw; blijft het misgaan, meld het dan bij uw beheerder. Kenmerk: req-42.'],
  ['a proxy’s page (502)', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }), 'De gateway gaf geen bruikbaar antwoord: een server onderweg meldde een storing. Probeer het zo opnieuw.'],
  ['no network', (route) => route.abort('internetdisconnected'), 'De gateway is niet bereikbaar. Controleer de netwerkverbinding en probeer het opnieuw.'],
];

it.each(CASES)('says in Dutch what happened when the inbox fails to load: %s', async (_name, answer, expected) => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await page.locator('table.caseload').waitFor();
  await page.route('**/graphql', answer);
  await page.getByRole('link', { name: 'Overdrachten' }).click();
  const alert = page.getByRole('alert').first();
  await alert.getByText('Dit kon niet worden geladen.').waitFor();
  const text = (await alert.textContent())!;
  expect(text).toContain(expected);
  expect(text).not.toMatch(TECHNICAL);
  await alert.getByRole('button', { name: 'Opnieuw proberen' }).waitFor();
  await dashboard.close(FORCED);
});

/** The dashboard's bound on an answer (web/src/api.ts), and a moment past it. */
const PAST_THE_BOUND = 30_000 + 1_000;

/** Holds every GraphQL request unanswered, as a proxy that accepts and never replies; `held(n)` resolves once n have come. */
async function neverAnswer(page: Page): Promise<(n: number) => Promise<void>> {
  let count = 0;
  const waiting: [number, () => void][] = [];
  await page.route('**/graphql', () => {
    count += 1;
    for (const [n, go] of waiting) if (count >= n) go();
  });
  return (n) => new Promise((go) => (count >= n ? go() : waiting.push([n, go])));
}

it('gives up on a page whose requests get no answer, and says in Dutch to try again', async () => {
  const dashboard = await suite.open('nl', { clock: true });
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await page.locator('table.caseload').waitFor();
  const held = await neverAnswer(page);
  await page.getByRole('link', { name: 'Overdrachten' }).click();
  // Its two lists, both on their way: their clocks run.
  await held(2);
  const loading = page.getByRole('status').filter({ hasText: 'Laden…' });
  await loading.first().waitFor();
  await page.clock.fastForward(PAST_THE_BOUND);
  const alert = page.getByRole('alert').first();
  await alert.getByText('Dit kon niet worden geladen. De gateway gaf geen antwoord binnen 30 seconden. Probeer het opnieuw.').waitFor();
  expect(await loading.count()).toBe(0);
  expect(await alert.textContent()).not.toMatch(TECHNICAL);
  await alert.getByRole('button', { name: 'Opnieuw proberen' }).waitFor();
  await dashboard.close();
});

/** Procesregie of Arnhem, in Dutch, at the open handover of KP-012: its card and its accept button, ready. */
async function atKp012(options: DashboardOptions = {}) {
  const dashboard = await suite.open('nl', options);
  await signInAs(dashboard, 'procesregie@arnhem.example');
  await dashboard.page.getByRole('link', { name: 'Overdrachten' }).click();
  const card = dashboard.page.getByRole('region', { name: 'Te beoordelen' }).getByRole('listitem').filter({ hasText: 'KP-012' });
  const accept = card.getByRole('button', { name: 'Overdracht van KP-012 accepteren' });
  await accept.waitFor();
  return { dashboard, page: dashboard.page, card, accept };
}

it('says of a decision that got no answer that it may have been saved, and to look before trying again', async () => {
  const { dashboard, page, accept } = await atKp012({ clock: true });
  const held = await neverAnswer(page);
  await accept.click();
  await held(1);
  expect(await accept.isDisabled()).toBe(true);
  await page.clock.fastForward(PAST_THE_BOUND);
  const notice = page.getByRole('status').filter({ hasText: 'KP-012' });
  await notice
    .getByText(
      'Het is niet zeker of de overdracht van KP-012 is geaccepteerd. De gateway gaf geen antwoord binnen 30 seconden, maar kan de wijziging toch hebben opgeslagen. Laad de pagina opnieuw en kijk of dat zo is, voordat u het opnieuw probeert.',
    )
    .waitFor();
  // The lists are asked for again, to show whether it was: until they come, the card's buttons stay off.
  expect(await accept.isDisabled()).toBe(true);
  expect(await notice.textContent()).not.toMatch(TECHNICAL);
  await dashboard.close();
});

it.each([
  [
    'a proxy’s error page',
    (route: Route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }),
    'Een server onderweg meldde een storing in plaats van het antwoord van de gateway, en de gateway kan de wijziging toch hebben opgeslagen.',
  ],
  [
    'a connection that breaks off',
    (route: Route) => route.abort('connectionreset'),
    'De verbinding met de gateway brak af voordat er antwoord kwam, en de gateway kan de wijziging toch hebben opgeslagen.',
  ],
])('says of a decision answered by %s that it may have been saved, and to look before trying again', async (_how, answer, expected) => {
  const { dashboard, page, accept } = await atKp012();
  // Only the decision's answer is lost; the lists that show whether it was made load as ever.
  await page.route('**/graphql', (route) => ((route.request().postData() ?? '').includes('mutation AcceptHandover') ? answer(route) : route.continue()));
  await accept.click();
  const notice = page.getByRole('status').filter({ hasText: 'KP-012' });
  await notice.getByText(`Het is niet zeker of de overdracht van KP-012 is geaccepteerd. ${expected} Laad de pagina opnieuw en kijk of dat zo is, voordat u het opnieuw probeert.`).waitFor();
  expect(await notice.textContent()).not.toMatch(TECHNICAL);
  await dashboard.close(/status of 502|ERR_CONNECTION_RESET/);
});

it('tells the client page’s reader in English how long to wait, from the Retry-After header', async () => {
  const dashboard = await suite.open('en');
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await page.locator('table.caseload').waitFor();
  // A proxy's 429: no JSON, only the header.
  await page.route('**/graphql', (route) => route.fulfill({ status: 429, contentType: 'text/plain', headers: { 'retry-after': '120' }, body: 'slow down' }));
  await page.getByRole('link', { name: 'KP-013' }).click();
  await page.getByRole('alert').getByText('This could not be loaded. Too many requests in a short time. Try again in 2 minutes.').waitFor();
  await dashboard.close(FORCED);
});

it('says at sign-in that the address must wait, not that the token is refused or something went wrong', async () => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await page.route('**/graphql', gatewayError(429, 'RATE_LIMITED', { retryAfter: 6 }, { 'retry-after': '6' }));
  await page.getByLabel('Plak een bearer-token').fill('eyJ.expired.token');
  await page.getByRole('button', { name: 'Aanmelden met token' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('Te veel verzoeken in korte tijd. Probeer het over 6 seconden opnieuw.').waitFor();
  expect(await alert.textContent()).not.toMatch(TECHNICAL);
  await dashboard.close(FORCED);
});

it('says why a decision was refused when the handover changed meanwhile (the real gateway’s CONFLICT)', async () => {
  const { dashboard, page, accept } = await atKp012();
  // Someone else touches the handover after the list was loaded.
  await suite.gw.orm.em.fork().getConnection().execute(`update handover set version = version + 1 where client_id = ? and status = 'PROPOSED'`, [DEMO.client(12)]);
  await accept.click();
  const notice = page.getByRole('status').filter({ hasText: 'KP-012' });
  await notice.getByText('De overdracht van KP-012 is niet geaccepteerd. Dit is intussen door iemand anders gewijzigd.').waitFor();
  expect(await notice.textContent()).not.toMatch(TECHNICAL);
  await dashboard.close();
});

it('heads a client page that could not be loaded with just that, under a title of its own without her code', async () => {
  const dashboard = await suite.open('en');
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await page.locator('table.caseload').waitFor();
  expect(await page.title()).toBe('Ketenpoort — Caseload');
  await page.route('**/graphql', gatewayError(503, 'SERVICE_UNAVAILABLE'));
  await page.getByRole('link', { name: 'KP-013' }).click();
  await page.getByRole('heading', { level: 1, name: 'The client could not be loaded' }).waitFor({ timeout: 5000 });
  await page.getByRole('alert').getByText('The gateway is temporarily unavailable. Try again shortly.').waitFor();
  expect(await page.title()).toBe('Ketenpoort — Client');

  await page.unroute('**/graphql');
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  expect(await page.title()).toBe('Ketenpoort — Client');
  await page.getByRole('link', { name: 'Back to the caseload' }).click();
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  await dashboard.close(FORCED);
});

// Last in this file: the demo's handover of KP-012 is accepted for real.
it('calls a decision the gateway saved accepted, though only its answer was lost (changeSaved), so she does not make it again', async () => {
  const { dashboard, page, card, accept } = await atKp012();
  // The real gateway makes the decision; on the way back its answer is replaced by the one the
  // gateway gives when what follows a commit fails (src/server/plugins.ts).
  await page.route('**/graphql', async (route) => {
    if (!/AcceptHandover/.test(route.request().postData() ?? '')) return route.continue();
    const made = await route.fetch();
    expect(made.status()).toBe(200);
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ message: 'Your change was saved, but its answer could not be given; reload rather than send it again', extensions: { code: 'SERVICE_UNAVAILABLE', changeSaved: true } }] }),
    });
  });
  await accept.click();
  const notice = page.getByRole('status').filter({ hasText: 'KP-012' });
  await notice.getByText('De overdracht van KP-012 is geaccepteerd.', { exact: true }).waitFor();
  expect(await notice.getAttribute('class')).toContain('notice-ok');
  // The lists, asked for again, no longer hold it to decide on.
  await card.waitFor({ state: 'detached' });
  const [{ n }] = await suite.gw.orm.em.fork().getConnection().execute(`select count(*)::int as n from handover where client_id = ? and status = 'ACCEPTED'`, [DEMO.client(12)]);
  expect(n).toBe(1);
  await dashboard.close(FORCED);
});

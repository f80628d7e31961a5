/**
 * A tab is shared: one person signs out (or her token runs out) and the next signs in at the same
 * screen. Nothing of the first person's session may open for the second — no client left in the
 * address bar, none reached by Back (a page the browser kept whole included), none by reopening the
 * tab she closed — and a session left alone ends by itself. A gateway that is busy or out of reach at a reload keeps it, to try again.
 */
import type { Page, Request, Route } from 'playwright-core';
import { devToken } from '../../src/auth/token.cli';
import { DEMO } from '../../src/db/demo/seed';
import { dashboardSuite, fieldsTheBrowserKeeps, signInAs, type DashboardPage } from '../helpers/browser';

const suite = dashboardSuite();
const KP_013 = DEMO.client(13);

/** The requests that read one client (the caseload lists clients, these open one). */
const clientReads = (dashboard: DashboardPage) => dashboard.operations.filter((o) => o === 'ClientDetail' || o === 'ClientCategories');

/** The token the page's requests carry to the gateway, the last one sent. */
function bearerOf(page: Page): () => string {
  let token = '';
  page.on('request', (request) => {
    const authorization = request.headers().authorization;
    if (authorization) token = authorization.replace(/^Bearer /, '');
  });
  return () => token;
}

/** Whether the gateway still takes a token, tried as whoever finds it left behind would try it. */
async function gatewayTakes(token: string): Promise<boolean> {
  expect(token).not.toBe('');
  const { status } = await suite.gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
  return status === 200;
}

/** The gateway's answer to the page's sign-out (`signOut`), once it comes. */
const signOutAnswered = (page: Page) => page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('mutation SignOut'));

/** What the browser does around its back/forward cache: the page goes whole, and comes back as it was. */
const transition = (page: Page, type: 'pagehide' | 'pageshow') => page.evaluate((t) => window.dispatchEvent(new PageTransitionEvent(t, { persisted: true })), type);

async function openClient(dashboard: DashboardPage, code: string): Promise<void> {
  await dashboard.page.getByRole('link', { name: code }).click();
  await dashboard.page.getByRole('heading', { level: 1, name: `Client ${code}` }).waitFor();
}

it('leaves no client behind at sign-out: the next person starts at her caseload, and Back does not reopen the client', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  const token = bearerOf(page);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  const hers = token();
  const ended = signOutAnswered(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  expect(page.url()).not.toContain('/clients/');
  // Her token ends at the gateway too: a copy of it left on this computer opens nothing more.
  expect((await ended).status()).toBe(200);
  await expect(gatewayTakes(hers)).resolves.toBe(false);

  dashboard.operations.length = 0;
  await signInAs(dashboard, 'casemanager2@iriszorg.example');
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor({ timeout: 5000 });
  await page.locator('table.caseload').waitFor();
  expect(page.url()).toMatch(/#\/caseload$/);

  // Back walks into the first person's pages: they open her own caseload instead.
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  await page.waitForTimeout(300);
  expect(page.url()).not.toContain('/clients/');
  expect(clientReads(dashboard)).toEqual([]);
  await dashboard.close();
});

it('starts at the caseload after sign-in even when a client’s address was opened before it', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await page.goto(`${suite.gw.url}/dashboard/#/clients/${KP_013}`);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor({ timeout: 5000 });
  expect(clientReads(dashboard)).toEqual([]);
  // Her own way to the client works as before, Back included.
  await openClient(dashboard, 'KP-013');
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  // A reload is the same sign-in: she stays where she was.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  await dashboard.close();
});

it('takes the client out of the address when the gateway refuses the token', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  await page.route('**/graphql', (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'A valid bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }] }) }),
  );
  await page.reload();
  await page.getByRole('alert').getByText('Your session ended or the token was refused. Please sign in again.').waitFor();
  expect(page.url()).not.toContain('/clients/');
  await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);
  await page.unroute('**/graphql');

  dashboard.operations.length = 0;
  await signInAs(dashboard, 'casemanager2@iriszorg.example');
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor({ timeout: 5000 });
  expect(clientReads(dashboard)).toEqual([]);
  await dashboard.close();
});

it('keeps the session through a reload while the gateway is busy or out of reach, and carries on when it answers again', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  const outages: ((route: Route) => Promise<void>)[] = [
    (route) => route.fulfill({ status: 503, contentType: 'application/json', headers: { 'retry-after': '1' }, body: JSON.stringify({ errors: [{ message: 'The gateway is busy; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }) }),
    (route) => route.abort('internetdisconnected'),
  ];
  for (const outage of outages) {
    await page.route('**/graphql', outage);
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.getByText('Your sign-in is kept, but could not be checked just now.').waitFor();
    await expect(alert.textContent()).resolves.not.toMatch(/session ended|sign in again/i);
    await expect(page.getByRole('heading', { name: 'Sign in' }).count()).resolves.toBe(0);
    // Kept in the page's memory: the storage a reload passed it through is empty again.
    await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);
    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  }
  await dashboard.close(/status of 503|ERR_INTERNET_DISCONNECTED/);
});

/** The page as someone who comes to the screen sees it: signed out, with only the sign-in form, and nothing kept. */
async function signedOut(page: Page, told: string | null): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  if (told) await page.getByRole('alert').getByText(told).waitFor();
  else await expect(page.getByRole('alert').count()).resolves.toBe(0);
  await expect(page.getByTestId('signed-in-as').count()).resolves.toBe(0);
  await expect(page.locator('main').textContent()).resolves.not.toContain('KP-013');
  await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);
}

it('does not sign her back in when the tab she closed is reopened', async () => {
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  const address = page.url();
  // While the page is open the token is in its memory alone; a page that goes leaves it for a reload.
  await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);
  const storage = await page.evaluate(() => {
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    return JSON.stringify(Object.entries(window.sessionStorage));
  });
  expect(JSON.parse(storage)).toHaveLength(1);
  // Closed once its unload handlers ran: close() does not wait for that, and the context's clock,
  // moved below, would otherwise still reach the closing page.
  const closed = new Promise((done) => page.once('close', done));
  await page.close({ runBeforeUnload: true });
  await closed;

  // A minute later the next person reopens it, and the browser gives the tab back its address and sessionStorage.
  const reopened = await page.context().newPage();
  const asked: string[] = [];
  reopened.on('request', (request) => {
    if (request.url().endsWith('/graphql')) asked.push(request.postData() ?? '');
  });
  await reopened.clock.fastForward('01:00');
  await reopened.addInitScript((items) => {
    if (window.sessionStorage.length === 0) for (const [key, value] of JSON.parse(items) as [string, string][]) window.sessionStorage.setItem(key, value);
  }, storage);
  await reopened.goto(address);
  await signedOut(reopened, null);
  // Her token was not even tried.
  expect(asked).toEqual([]);
  await dashboard.close();
});

it('shows a page the browser kept for Back only right after she left it, and signs her out after that', async () => {
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  const token = bearerOf(page);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  const hidden = () => page.evaluate(() => document.body.hidden);

  await transition(page, 'pagehide');
  await expect(hidden()).resolves.toBe(true);
  await page.clock.fastForward('00:05');
  await transition(page, 'pageshow');
  await expect(hidden()).resolves.toBe(false);
  await expect(page.getByRole('heading', { level: 1, name: 'Client KP-013' }).isVisible()).resolves.toBe(true);
  await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);

  // Left for longer, whoever presses Back gets the sign-in form, never her client, and her token is ended.
  const hers = token();
  const ended = signOutAnswered(page);
  await transition(page, 'pagehide');
  await page.clock.fastForward('00:11');
  await transition(page, 'pageshow');
  await expect(hidden()).resolves.toBe(false);
  await signedOut(page, 'You were signed out when you left this page. Please sign in again.');
  await expect(fieldsTheBrowserKeeps(page)).resolves.toEqual([]);
  expect((await ended).status()).toBe(200);
  await expect(gatewayTakes(hers)).resolves.toBe(false);
  await dashboard.close();
});

it('signs her out after 15 minutes without activity, ends her token, and leaves nothing of the client on the screen', async () => {
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  const token = bearerOf(page);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  await page.clock.fastForward('10:00');
  await page.keyboard.press('Shift');
  await page.clock.fastForward('10:00');
  // 20 minutes after she signed in, but 10 after she last did something.
  await expect(page.getByRole('heading', { level: 1, name: 'Client KP-013' }).isVisible()).resolves.toBe(true);
  const ended = signOutAnswered(page);
  await page.clock.fastForward('05:01');
  await signedOut(page, 'You were signed out after 15 minutes without activity. Please sign in again.');
  expect(page.url()).not.toContain('/clients/');
  expect((await ended).status()).toBe(200);
  await expect(gatewayTakes(token())).resolves.toBe(false);
  await dashboard.close();
});

it('signs her out in Dutch when her token expires, busy as she is', async () => {
  const dashboard = await suite.open('nl', { clock: true });
  const { page } = dashboard;
  const { config } = suite.gw;
  const token = await devToken(config.dataDir, 'casemanager@iriszorg.example', { audience: config.auth.audience, issuer: config.auth.devIssuer, ttlSeconds: 5 * 60 });
  await page.getByLabel('Plak een bearer-token').fill(token);
  await page.getByRole('button', { name: 'Aanmelden met token' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  await page.getByRole('link', { name: 'KP-013' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cliënt KP-013' }).waitFor();
  await page.clock.fastForward('04:00');
  await page.keyboard.press('Shift');
  await page.clock.fastForward('01:01');
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  await page.getByRole('alert').getByText('Uw aanmelding is verlopen. Meld u opnieuw aan.').waitFor();
  await expect(page.locator('main').textContent()).resolves.not.toContain('KP-013');
  await expect(page.evaluate(() => Object.keys(window.sessionStorage))).resolves.toEqual([]);
  // An expired token has nothing left to end.
  expect(dashboard.operations).not.toContain('SignOut');
  await dashboard.close();
});

it('signs out the other tabs of the browser when she signs out in one, and ends the token each signed in with', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  const token = bearerOf(page);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  const other = await page.context().newPage();
  const otherToken = bearerOf(other);
  await other.goto(`${suite.gw.url}/dashboard/`);
  await signInAs({ ...dashboard, page: other }, 'casemanager@iriszorg.example');
  await other.getByRole('link', { name: 'KP-013' }).click();
  await other.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  expect(otherToken()).not.toBe(token());

  const ended = [signOutAnswered(page), signOutAnswered(other)];
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signedOut(page, null);
  await signedOut(other, 'You were signed out in another tab of this browser. Please sign in again.');
  expect(other.url()).not.toContain('/clients/');
  expect(await Promise.all(ended.map(async (answer) => (await answer).status()))).toEqual([200, 200]);
  await expect(gatewayTakes(token())).resolves.toBe(false);
  await expect(gatewayTakes(otherToken())).resolves.toBe(false);
  await dashboard.close();
});

/**
 * Two tabs of one browser, each signed in by pasting the same token (as in production, where there
 * is no persona sign-in), and every GraphQL answer either of them got.
 */
async function oneTokenInTwoTabs(clock = false) {
  const dashboard = await suite.open('en', { clock });
  const { page } = dashboard;
  const { config } = suite.gw;
  const token = await devToken(config.dataDir, 'casemanager@iriszorg.example', { audience: config.auth.audience, issuer: config.auth.devIssuer });
  const other = await page.context().newPage();
  await other.goto(`${suite.gw.url}/dashboard/`);
  const answered: { tab: string; operation: string; status: number }[] = [];
  for (const [tab, p] of [['first', page], ['second', other]] as const) {
    p.on('response', (response) => {
      const body = response.request().postData() ?? '';
      if (response.url().endsWith('/graphql')) answered.push({ tab, operation: /(?:query|mutation)\s+(\w+)/.exec(body)?.[1] ?? '?', status: response.status() });
    });
    await p.getByLabel('Paste a bearer token').fill(token);
    await p.getByRole('button', { name: 'Sign in with token' }).click();
    await p.getByTestId('signed-in-as').waitFor();
  }
  /**
   * Ended at the gateway, and nothing either tab sent met a refusal: a signed-out token that comes
   * back is an audit line worth a look, and this would be none. `by`: the one tab that ended it,
   * the other knowing it was ended.
   */
  const ended = async (by?: 'first' | 'second') => {
    await page.waitForTimeout(300);
    const signOuts = answered.filter((a) => a.operation === 'SignOut');
    if (by) expect(signOuts).toEqual([{ tab: by, operation: 'SignOut', status: 200 }]);
    else expect(signOuts.map((a) => a.status)).toEqual(expect.arrayContaining([200]));
    expect(answered.filter((a) => a.status !== 200)).toEqual([]);
    await expect(gatewayTakes(token)).resolves.toBe(false);
  };
  return { dashboard, page, other, ended };
}

it('ends a token pasted into two tabs once: the second tab does not try the token the first just ended', async () => {
  const { dashboard, page, other, ended } = await oneTokenInTwoTabs();
  const answer = signOutAnswered(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signedOut(other, 'You were signed out in another tab of this browser. Please sign in again.');
  expect((await answer).status()).toBe(200);
  await ended('first');
  await dashboard.close();
});

it('keeps a tab she left alone open while she works in another, and signs both out when she is away from all', async () => {
  const { dashboard, page, other, ended } = await oneTokenInTwoTabs(true);
  await page.getByRole('link', { name: 'KP-013' }).click();
  await page.getByRole('heading', { level: 1, name: 'Client KP-013' }).waitFor();
  await page.clock.fastForward('10:00');
  await other.keyboard.press('Shift');
  await page.clock.fastForward('10:00');
  // 20 minutes since she touched the first tab, 10 since the second: both still hers.
  await expect(page.getByRole('heading', { level: 1, name: 'Client KP-013' }).isVisible()).resolves.toBe(true);
  await expect(other.getByTestId('signed-in-as').isVisible()).resolves.toBe(true);
  await page.clock.fastForward('05:02');
  for (const tab of [page, other]) await signedOut(tab, 'You were signed out after 15 minutes without activity. Please sign in again.');
  // Both waits ran out at once (the computer slept, or time jumped here): each may end the token,
  // and the one that comes second is answered as the first was, signing out being safe to repeat.
  await ended();
  await dashboard.close();
});

it('takes along, when a page Back brings after a while signs out, only the tabs that hold the token it ended', async () => {
  const { dashboard, page, other, ended } = await oneTokenInTwoTabs(true);
  const third = await page.context().newPage();
  await third.goto(`${suite.gw.url}/dashboard/`);
  await signInAs({ ...dashboard, page: third }, 'casemanager@iriszorg.example');
  await transition(page, 'pagehide');
  await page.clock.fastForward('00:11');
  await transition(page, 'pageshow');
  await signedOut(page, 'You were signed out when you left this page. Please sign in again.');
  await signedOut(other, 'You were signed out in another tab of this browser. Please sign in again.');
  await ended('first');
  // A sign-in of its own is left as it was.
  await expect(third.getByTestId('signed-in-as').isVisible()).resolves.toBe(true);
  await dashboard.close();
});

it('keeps her tabs open for her own work only: a colleague at work in another tab of the computer does not keep hers open', async () => {
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  const colleague = await page.context().newPage();
  await colleague.goto(`${suite.gw.url}/dashboard/`);
  await signInAs({ ...dashboard, page: colleague }, 'casemanager2@iriszorg.example');
  await page.clock.fastForward('10:00');
  await colleague.keyboard.press('Shift');
  await page.clock.fastForward('05:01');
  await signedOut(page, 'You were signed out after 15 minutes without activity. Please sign in again.');
  // Hers ended with her being away; the colleague's, at work five minutes ago, carries on.
  await expect(colleague.getByTestId('signed-in-as').textContent()).resolves.toContain('Fleur Arends');
  await dashboard.close();
});

it('ends her token once the gateway answers again, when it could not at the moment she signed out', async () => {
  const dashboard = await suite.open('en', { clock: true });
  const { page } = dashboard;
  const token = bearerOf(page);
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  const hers = token();
  const isSignOut = (request: Request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('mutation SignOut');
  let tries = 0;
  await page.route('**/graphql', (route) => (isSignOut(route.request()) && ++tries <= 2 ? route.abort('internetdisconnected') : route.continue()));
  const first = page.waitForRequest(isSignOut);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signedOut(page, null);
  await first;
  // Signed out on the screen at once; at the gateway the token still holds while it is out of reach.
  await expect(gatewayTakes(hers)).resolves.toBe(true);
  const second = page.waitForRequest(isSignOut);
  await page.clock.fastForward('00:02');
  await second;
  await expect(gatewayTakes(hers)).resolves.toBe(true);
  // Each wait twice the one before.
  const ended = signOutAnswered(page);
  await page.clock.fastForward('00:04');
  expect((await ended).status()).toBe(200);
  expect(tries).toBe(3);
  await expect(gatewayTakes(hers)).resolves.toBe(false);
  await dashboard.close(/ERR_INTERNET_DISCONNECTED/);
});

it('signs out when a tab of the previous dashboard says she signed out there', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, 'casemanager@iriszorg.example');
  await openClient(dashboard, 'KP-013');
  // What the dashboard before this one sent when she signed out by hand.
  await page.evaluate(() => new BroadcastChannel('ketenpoort-dashboard:session').postMessage('signed-out'));
  await signedOut(page, 'You were signed out in another tab of this browser. Please sign in again.');
  await dashboard.close();
});

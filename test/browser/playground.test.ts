/**
 * The playground on a shared workstation: a token, and what was asked and answered with it, last
 * as long as the browser tab. Signing out, or pasting another person's token, leaves nothing of
 * the previous one on the screen or in the browser's storage.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite } from '../helpers/browser';

const suite = browserSuite();

async function openPlayground(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.gw.url}/`);
  await page.locator('.graphiql-container').waitFor();
  return page;
}

/** Everything the page keeps in one of the browser's stores, as "key=value" lines. */
function stored(page: Page, store: 'localStorage' | 'sessionStorage'): Promise<string> {
  return page.evaluate((s) => Object.entries(window[s]).map(([k, v]) => `${k}=${v}`).join('\n'), store);
}

const TOKEN_KEY = 'ketenpoort-playground:token';

interface StorageWrite {
  key: string;
  /** `null`: the key was removed. */
  value: string | null;
}

/**
 * Records every write to the browser's stores from before the page's scripts run. A late write can
 * be overwritten again before the test looks, so the stores alone cannot show that it happened,
 * nor that a reload in between would have found it.
 */
async function recordWrites(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const writes: StorageWrite[] = [];
    Object.assign(window, { kpStorageWrites: writes });
    const { setItem, removeItem } = Storage.prototype;
    Storage.prototype.setItem = function (key: string, value: string) {
      writes.push({ key, value: String(value) });
      setItem.call(this, key, value);
    };
    Storage.prototype.removeItem = function (key: string) {
      writes.push({ key, value: null });
      removeItem.call(this, key);
    };
  });
}

/** The keys the page wrote `text` into since it last set or removed the token (the hand-over). */
async function keysWrittenWith(page: Page, text: string): Promise<string[]> {
  const writes = await page.evaluate(() => (window as unknown as { kpStorageWrites: StorageWrite[] }).kpStorageWrites);
  const handOver = writes.map((w) => w.key).lastIndexOf(TOKEN_KEY);
  expect(handOver).toBeGreaterThanOrEqual(0);
  return writes.slice(handOver + 1).filter((w) => w.value?.includes(text)).map((w) => w.key);
}

async function nameOf(email: string): Promise<string> {
  const [row] = await suite.gw.orm.em.fork().getConnection().execute<{ name: string }[]>('select name from professional where email = ?', [email]);
  return row.name;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Bearer token').fill(token);
  await page.getByLabel('Bearer token').press('Enter');
  await page.getByText('Token set: requests are sent with it.').waitFor();
}

it('forgets the token and the answers it got on sign-out, and keeps neither beyond the tab', async () => {
  const context = await suite.browser.newContext();
  const page = await openPlayground(context);
  const caseManager = await suite.gw.as('casemanager@iriszorg.example');
  const name = await nameOf('casemanager@iriszorg.example');
  await signIn(page, caseManager.token);

  // The first example tab asks who she is.
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  const result = page.locator('.result-window');
  await result.getByText(name).first().waitFor();

  expect(await stored(page, 'sessionStorage')).toContain(caseManager.token);
  const kept = await stored(page, 'localStorage');
  expect(kept).not.toContain(caseManager.token);
  expect(kept).not.toContain(name);
  expect(kept).not.toMatch(/graphiql|ketenpoort-playground/);

  // Another tab of the same browser starts without her token.
  const second = await openPlayground(context);
  expect(await second.getByLabel('Bearer token').inputValue()).toBe('');
  await second.close();

  await page.getByRole('button', { name: 'Clear token (sign out)' }).click();
  await page.getByText('No token: requests are anonymous.').waitFor();
  await page.locator('.graphiql-container').waitFor();
  expect(await result.innerText()).not.toContain(name);
  const left = await stored(page, 'sessionStorage');
  expect(left).not.toContain(caseManager.token);
  expect(left).not.toContain(name);
  // Ended at the gateway too, and she is told so: a copy of it pasted elsewhere opens nothing.
  await page.getByText('Signed out: the gateway refuses that token from now on.').waitFor();
  expect((await caseManager.query('{ me { email } }')).status).toBe(401);
  await context.close();
});

it('says so when the gateway could not be told of her sign-out, and the token still holds', async () => {
  const context = await suite.browser.newContext();
  const page = await openPlayground(context);
  const caseManager = await suite.gw.as('casemanager@iriszorg.example');
  await signIn(page, caseManager.token);
  await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Clear token (sign out)' }).click();
  await page.getByText('Signed out here, but the gateway could not be told: that token stays valid until it expires.').waitFor();
  expect(await page.getByLabel('Bearer token').inputValue()).toBe('');
  expect((await caseManager.query('{ me { email } }')).body).toEqual({ data: { me: { email: caseManager.email } } });
  await context.close();
});

it('shows the next person none of the previous one’s answers when she pastes her own token', async () => {
  const context = await suite.browser.newContext();
  const page = await openPlayground(context);
  const name = await nameOf('casemanager@iriszorg.example');
  await signIn(page, (await suite.gw.as('casemanager@iriszorg.example')).token);
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  await page.locator('.result-window').getByText(name).first().waitFor();

  await signIn(page, (await suite.gw.as('analyst@nijmegen.example')).token);
  await page.locator('.graphiql-container').waitFor();
  expect(await page.locator('.result-window').innerText()).not.toContain(name);
  expect(await stored(page, 'sessionStorage')).not.toContain(name);
  await context.close();
});

/**
 * She runs the example, notes the name from its answer in the query and hands over at once: GraphiQL
 * saves its tabs half a second after the last edit, so that save is still pending when the page
 * clears the storage, and must not land after it.
 */
async function handOverRightAfterEditing(handOver: (page: Page) => Promise<void>): Promise<void> {
  const context = await suite.browser.newContext();
  await recordWrites(context);
  const page = await openPlayground(context);
  const caseManager = await suite.gw.as('casemanager@iriszorg.example');
  const name = await nameOf('casemanager@iriszorg.example');
  await signIn(page, caseManager.token);
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  await page.locator('.result-window').getByText(name).first().waitFor();
  await page.getByRole('region', { name: 'Query Editor' }).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n# ask ${name} about this`);

  await handOver(page);
  await page.waitForTimeout(2000); // GraphiQL's slowest delayed save comes 500 ms after the last edit

  expect(await keysWrittenWith(page, caseManager.token)).toEqual([]);
  expect(await keysWrittenWith(page, name)).toEqual([]);
  const left = await stored(page, 'sessionStorage');
  expect(left).not.toContain(caseManager.token);
  expect(left).not.toContain(name);

  await page.reload();
  const query = page.getByRole('region', { name: 'Query Editor' });
  await query.getByText('query Me').waitFor();
  expect(await query.innerText()).not.toContain(name);
  expect(await page.locator('.result-window').innerText()).not.toContain(name);
  await context.close();
}

it('lets no delayed save of the previous GraphiQL store what she asked after she signs out', async () => {
  await handOverRightAfterEditing(async (page) => {
    await page.getByRole('button', { name: 'Clear token (sign out)' }).click();
    await page.getByText('No token: requests are anonymous.').waitFor();
  });
});

it('lets no delayed save of the previous GraphiQL store what she asked after the next person pastes a token', async () => {
  const analyst = await suite.gw.as('analyst@nijmegen.example');
  await handOverRightAfterEditing((page) => signIn(page, analyst.token));
});

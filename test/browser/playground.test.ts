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

/**
 * Headless Chromium (Debian's, see test/setup/browser-prerequisites.ts) driven by playwright-core,
 * pointed at a gateway from startGateway(). Pages are looked up as a person finds them: by role,
 * label and visible text. Screenshots go to test-artifacts/screenshots/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../setup/browser-prerequisites';
import { startGateway, type TestGateway } from './gateway';
import trustedDocuments from '../../src/generated/operations/persisted-documents.json';

const TRUSTED = trustedDocuments as Record<string, string>;

const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-background-networking'],
  });
}

export interface DashboardPage {
  page: Page;
  /** The operation names of the GraphQL requests the page sent, in order (all trusted documents). */
  operations: string[];
  /** Save a full-page screenshot as a test artefact. */
  screenshot(name: string): Promise<string>;
  /** `forced`: the browser's log lines of failures the test itself made (a 503 or an outage it routed). */
  close(forced?: RegExp): Promise<void>;
}

export interface DashboardOptions {
  /**
   * Playwright's clock in place of the page's timers, from before its scripts run: time flows as
   * ever until the test moves it with `page.clock.fastForward`.
   */
  clock?: boolean;
  /** The browser's time zone (IANA name), where the machine's own would hide a page that shows a moment in UTC. */
  timezone?: string;
}

/** A fresh browser context (no stored token or language) on the gateway's dashboard. */
export async function openDashboard(browser: Browser, gw: TestGateway, language: 'nl' | 'en' = 'en', options: DashboardOptions = {}): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: language === 'nl' ? 'nl-NL' : 'en-GB', timezoneId: options.timezone });
  if (options.clock) await context.clock.install();
  // The language the visitor chose before, as the language switch stores it.
  await context.addInitScript((lang) => window.localStorage.setItem('ketenpoort-dashboard:language', lang), language);
  const page = await context.newPage();
  const operations: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { documentId?: string; query?: string } | null;
    const known = body?.documentId ? TRUSTED[body.documentId] : undefined;
    // The dashboard speaks only the trusted documents of operations/, by id and with their exact text.
    if (!known || body?.query !== known) errors.push(`untrusted GraphQL request: ${request.postData()}`);
    operations.push(/^(?:query|mutation)\s+(\w+)/.exec(known ?? '')?.[1] ?? '(untrusted)');
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(`${gw.url}/dashboard/`);
  return {
    page,
    operations,
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close(forced) {
      await context.close();
      // A script error or a CSP violation on any page fails the test that caused it.
      const unexpected = errors.filter((e) => !/status of 40[0-4]/.test(e) && !forced?.test(e));
      if (unexpected.length > 0) throw new Error(`the dashboard logged errors:\n${unexpected.join('\n')}`);
    },
  };
}

/** Signs in with the persona picker, as a visitor would, and waits for the first page. */
export async function signInAs(dashboard: DashboardPage, email: string): Promise<void> {
  const { page } = dashboard;
  await page.getByLabel(/^(Choose a persona|Kies een persona)$/).selectOption(email);
  await page.getByRole('button', { name: /^(Sign in as this persona|Aanmelden als deze persona)$/ }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/**
 * The page's controls and links that a screen reader could not name (no label, no text, no
 * aria-label), and images without a text alternative. Empty means every one of them has a name.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nameOf = (el: Element): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) return labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      const aria = el.getAttribute('aria-label');
      if (aria) return aria.trim();
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0) return Array.from(labels).map((l) => l.textContent ?? '').join(' ').trim();
      return (el.textContent ?? '').trim();
    };
    return Array.from(document.querySelectorAll('input, select, textarea, button, a[href], [role="img"], img'))
      .filter((el) => nameOf(el) === '' && !(el instanceof HTMLImageElement && el.alt))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/**
 * The text fields of the page the browser may remember for whoever comes next (autocomplete), or
 * send to a spelling service (spellcheck): what is typed about a client or a colleague is not to go
 * further than the gateway.
 */
export async function fieldsTheBrowserKeeps(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('textarea, input:not([type]), input[type="text"], input[type="email"], input[type="search"]'))
      .filter((el) => el.getAttribute('spellcheck') !== 'false' || (el.getAttribute('autocomplete') ?? (el as HTMLInputElement).form?.getAttribute('autocomplete')) !== 'off')
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/** A gateway and a browser for the whole test file, started before its tests and stopped after. */
export function browserSuite(): { readonly gw: TestGateway; readonly browser: Browser } {
  let gw: TestGateway | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });
  return {
    get gw() {
      return gw!;
    },
    get browser() {
      return browser!;
    },
  };
}

/** `browserSuite()` whose `open()` is a fresh dashboard on its gateway. */
export function dashboardSuite(): { readonly gw: TestGateway; open(language?: 'nl' | 'en', options?: DashboardOptions): Promise<DashboardPage> } {
  const suite = browserSuite();
  return {
    get gw() {
      return suite.gw;
    },
    open: (language, options) => openDashboard(suite.browser, suite.gw, language, options),
  };
}

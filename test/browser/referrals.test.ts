/**
 * The referrals page in a real browser: a partner refers someone new to a team, the team's case
 * manager accepts her into its caseload, the referrer withdraws another; each reason shown only
 * where the woman shares its category with the reader, and never asked for where she does not.
 */
import { entriesDuring, sql } from '../helpers/audit';
import { dashboardSuite, fieldsTheBrowserKeeps, signInAs, unnamedControls } from '../helpers/browser';

const suite = dashboardSuite();

async function referralsPage(email: string, language: 'nl' | 'en' = 'en') {
  const dashboard = await suite.open(language);
  await signInAs(dashboard, email);
  await dashboard.page.getByRole('link', { name: language === 'nl' ? 'Aanmeldingen' : 'Referrals' }).click();
  return dashboard;
}

it('procesregie refers someone new; the team’s case manager accepts her into the caseload', async () => {
  const zvh = await referralsPage('procesregie@zvh.example');
  const made = zvh.page.getByRole('region', { name: 'Referred by your organisation' });
  const form = made.getByRole('form', { name: 'Refer someone new' });
  await form.getByLabel('Her name').fill('Anouk V.');
  await form.getByLabel('Team').locator('option').first().waitFor({ state: 'attached' });
  await form.getByLabel('Team').selectOption({ label: 'Stapteam 2.0' });
  await form.getByLabel('The reason is about').selectOption({ label: 'Housing' });
  await form.getByLabel('Reason', { exact: true }).fill('Sleeps in a tent by the river since the night shelter closed');
  // Her name and the reason stay out of the browser's memory and its spelling services.
  await expect(fieldsTheBrowserKeeps(zvh.page)).resolves.toEqual([]);
  await form.getByRole('button', { name: 'Refer' }).click();
  await zvh.page.getByRole('status').getByText('She is referred to Stapteam 2.0, under a new code.').waitFor();
  const [her] = await sql<{ code: string; status: string; idempotency_key: string | null }[]>(
    suite.gw,
    `select c.code, r.status, r.idempotency_key from referral r join client c on c.id = r.client_id where r.reason like 'Sleeps in a tent%'`,
  );
  expect(her).toMatchObject({ status: 'OPEN', idempotency_key: expect.stringMatching(/^[0-9a-f]{32}$/) });
  // Procesregie may see no housing of a woman who has consented to nothing yet: its own reason is withheld from it too.
  const card = made.getByRole('listitem').filter({ hasText: her.code });
  await card.getByText('not shared with you (Housing)').waitFor();
  await expect(unnamedControls(zvh.page)).resolves.toEqual([]);
  await zvh.screenshot('referrals-procesregie');
  await zvh.close();

  const iriszorg = await referralsPage('casemanager@iriszorg.example');
  const toDecide = iriszorg.page.getByRole('region', { name: 'To your team, to decide' });
  const { entries } = await entriesDuring(suite.gw, async () => {
    await toDecide.getByRole('listitem').filter({ hasText: her.code }).getByText('not shared with you (Housing)').waitFor();
  });
  expect(iriszorg.operations).not.toContain('ReferralReasons');
  expect(entries.filter((e) => e.outcome !== 'GRANTED')).toEqual([]);
  await toDecide.getByRole('button', { name: `Accept the referral of ${her.code}` }).click();
  await iriszorg.page.getByRole('status').getByText(`The referral of ${her.code} is accepted: she is in the team’s caseload now.`).waitFor();
  await iriszorg.page.getByRole('region', { name: 'Earlier' }).getByRole('row').filter({ hasText: her.code }).getByText('accepted').waitFor();
  await iriszorg.close();

  const [after] = await sql<{ status: string; client: string }[]>(
    suite.gw,
    `select r.status, c.status as client from referral r join client c on c.id = r.client_id where c.code = ?`,
    [her.code],
  );
  expect(after).toEqual({ status: 'ACCEPTED', client: 'ACTIVE' });
});

it('the referring organisation withdraws its referral (Dutch); roles that refer nobody get no form', async () => {
  const zvh = await referralsPage('procesregie@zvh.example', 'nl');
  const made = zvh.page.getByRole('region', { name: 'Door uw organisatie aangemeld' });
  await made.getByRole('button', { name: 'Aanmelding van KP-020 intrekken' }).click();
  await zvh.page.getByRole('status').getByText('De aanmelding van KP-020 is ingetrokken.').waitFor();
  await zvh.close();
  const [kp020] = await sql<{ status: string }[]>(suite.gw, `select r.status from referral r join client c on c.id = r.client_id where c.code = 'KP-020'`);
  expect(kp020.status).toBe('WITHDRAWN');

  const expert = await referralsPage('expert@iriszorg.example');
  await expert.page.getByRole('region', { name: 'Earlier' }).waitFor();
  expect(await expert.page.getByRole('form').count()).toBe(0);
  expect(await expert.page.getByRole('button', { name: /^(Accept|Decline|Withdraw) / }).count()).toBe(0);
  await expert.close();
});

it('shows a reason the woman shares with the reader, asked for by itself', async () => {
  const wijkteam = await referralsPage('casemanager@wijkteam.example');
  const made = wijkteam.page.getByRole('region', { name: 'Referred by your organisation' });
  const form = made.getByRole('form', { name: 'Refer someone new' });
  await form.getByLabel('Her name').fill('Xandra Y.');
  await form.getByLabel('Team').locator('option').first().waitFor({ state: 'attached' });
  await form.getByLabel('Reason', { exact: true }).fill('Asked us for help on the zone');
  await form.getByRole('button', { name: 'Refer' }).click();
  await wijkteam.page.getByRole('status').getByText(/^She is referred to .*, under a new code\.$/).waitFor();
  // Basic details need no consent: the wijkteam reads back its own reason.
  await made.getByText('Asked us for help on the zone').waitFor();
  expect(wijkteam.operations).toContain('ReferralReasons');
  await wijkteam.close();
});

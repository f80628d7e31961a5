/**
 * The directory page in a real browser, as the chain's administrator uses it: she finds everyone
 * she keeps under their organisation, adds a professional (told next to the field which input the
 * gateway refused), finds her in the list, puts her in Stapteam 2.0 and deactivates her — and the
 * gateway then turns the newcomer away. A change another made meanwhile is said, not overwritten.
 * Each change, and each refused attempt, is then the first of the directory's recent changes.
 * From a professional's row she changes her roles or e-mail address, told next to the input the
 * gateway refused, and a change another made meanwhile is said there too.
 */
import type { Page, Route } from 'playwright-core';
import { demoSubject } from '../../src/db/demo/personas';
import { DEMO } from '../../src/db/demo/seed';
import { entriesDuring, sql } from '../helpers/audit';
import { dashboardSuite, signInAs, unnamedControls } from '../helpers/browser';
import { operation } from '../helpers/workflow-operations';

const suite = dashboardSuite();
const ADMIN = 'admin@nijmegen.example';
const ADMIN_NAME = 'Peter van Dam';

/** The element that has the keyboard focus, by role and text. */
async function focused(page: Page): Promise<{ role: string | null; text: string }> {
  return page.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName ?? null, text: document.activeElement?.textContent?.trim() ?? '' }));
}

/** What a screen reader reads with the focused field besides its label (aria-describedby). */
async function focusedDescription(page: Page): Promise<string> {
  return page.evaluate(() =>
    (document.activeElement?.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/** The label of the focused input: where she is typing or choosing. */
async function focusedField(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? null);
}

const changeRows = (page: Page) => page.getByRole('region', { name: /^(Recent changes|Recente wijzigingen)$/ }).getByRole('row');

/** The recent changes as she reads them, newest first: [when, by, what] per line. */
async function recentChanges(page: Page): Promise<string[][]> {
  return (await changeRows(page).evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent?.trim() ?? '')))).slice(1);
}

/** Waits until the newest of the recent changes says `what`. */
async function newestChange(page: Page, what: string): Promise<void> {
  await changeRows(page).nth(1).getByRole('cell', { name: what, exact: true }).waitFor();
}

async function professional(email: string) {
  return sql<{ id: string; name: string; organisation_id: string; roles: string[]; active: boolean; version: number; teams: string[] }[]>(
    suite.gw,
    `select p.id, p.name, p.organisation_id, p.roles, p.active, p.version, array(select team_id::text from team_member where professional_id = p.id) as teams
       from professional p where p.email = ?`,
    [email],
  );
}

it('lets the administrator add a professional, put her in Stapteam 2.0 and deactivate her, and says which input the gateway refused', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  const iriszorg = page.getByRole('region', { name: 'Iriszorg', exact: true });
  const sanne = iriszorg.getByRole('row').filter({ hasText: 'Sanne Hofstede' });
  await sanne.getByText('active', { exact: true }).waitFor();
  await sanne.getByRole('button', { name: 'Remove Sanne Hofstede from Stapteam 2.0' }).waitFor();
  // Those in no team are listed too, with why they join none; her own record is another administrator's to change.
  const municipality = page.getByRole('region', { name: 'Gemeente Nijmegen', exact: true });
  const permits = municipality.getByRole('row').filter({ hasText: 'Ellen Peeters' });
  await permits.getByRole('button', { name: 'Deactivate Ellen Peeters' }).waitFor();
  await expect(permits.textContent()).resolves.toContain('Her roles do not work in a care team.');
  const herself = municipality.getByRole('row').filter({ hasText: 'Peter van Dam' });
  await herself.getByText('You: another administrator changes your own record.').waitFor();
  await expect(herself.getByRole('button').count()).resolves.toBe(0);
  await dashboard.screenshot('directory-admin-nijmegen');
  await expect(unnamedControls(page)).resolves.toEqual([]);

  // Sanne Hofstede's address in other capitals: the gateway compares addresses without regard to case.
  const form = page.getByRole('form', { name: 'Add a professional' });
  await form.getByLabel('Organisation').selectOption({ label: 'Iriszorg' });
  await form.getByLabel('Name', { exact: true }).fill('Femke de Wit');
  await form.getByLabel('E-mail address').fill('CaseManager@Iriszorg.example');
  await form.getByLabel('Identity provider subject').fill(demoSubject('femke@iriszorg.example'));
  await form.getByRole('checkbox', { name: 'case manager' }).check();
  const { entries: refusal } = await entriesDuring(suite.gw, async () => {
    await form.getByRole('button', { name: 'Add professional' }).click();
    await form.getByText('Not accepted: this is no e-mail address, or it is already in use.').waitFor();
  });
  // The refused field has the focus, and what was not accepted is read out with it; nothing was added.
  await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).resolves.toBe('CaseManager@Iriszorg.example');
  await expect(focusedDescription(page)).resolves.toBe('Not accepted: this is no e-mail address, or it is already in use.');
  expect(await form.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
  await expect(form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBeNull();
  expect(refusal.map((e) => [e.event_type, e.outcome])).toEqual([['mutation.addProfessional', 'ERROR']]);
  await expect(sql(suite.gw, `select 1 from professional where name = 'Femke de Wit'`)).resolves.toEqual([]);
  await dashboard.screenshot('directory-refused-email');

  await form.getByLabel('E-mail address').fill('femke@iriszorg.example');
  await form.getByRole('button', { name: 'Add professional' }).click();
  await page.getByRole('status').getByText('Femke de Wit is added and may sign in now.').waitFor();
  await expect(form.getByText('Not accepted', { exact: false }).count()).resolves.toBe(0);
  const [added] = await professional('femke@iriszorg.example');
  expect(added).toMatchObject({ name: 'Femke de Wit', organisation_id: DEMO.org.iriszorg, roles: ['CASE_MANAGER'], active: true, teams: [] });

  // She is listed where she works, as she was stored, in no team yet.
  const row = iriszorg.getByRole('row').filter({ hasText: 'Femke de Wit' });
  await row.getByText('femke@iriszorg.example', { exact: true }).waitFor();
  await expect(page.getByRole('region', { name: 'Professionals', exact: true }).getByRole('row').filter({ hasText: 'Femke de Wit' }).count()).resolves.toBe(1);
  await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(expect.arrayContaining(['case manager', 'active', 'none']));

  // Into a team, from her row.
  await row.getByRole('combobox', { name: 'Team for Femke de Wit' }).selectOption({ label: 'Stapteam 2.0' });
  await row.getByRole('button', { name: 'Add Femke de Wit to Stapteam 2.0' }).click();
  await page.getByRole('status').getByText('Femke de Wit is now in Stapteam 2.0.').waitFor();
  await row.getByRole('listitem').filter({ hasText: 'Stapteam 2.0' }).getByRole('button', { name: 'Remove Femke de Wit from Stapteam 2.0' }).waitFor();
  // The chain has no other team for her to join.
  await expect(row.getByRole('combobox').count()).resolves.toBe(0);
  await expect(professional('femke@iriszorg.example')).resolves.toEqual([expect.objectContaining({ teams: [DEMO.stapteam] })]);

  // From the keyboard: the focus goes to what became of it.
  await row.getByRole('button', { name: 'Deactivate Femke de Wit' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Femke de Wit is deactivated: she can no longer sign in.').waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'status', text: 'Femke de Wit is deactivated: she can no longer sign in.' });
  await row.getByText('inactive', { exact: true }).waitFor();
  await row.getByRole('button', { name: 'Reactivate Femke de Wit' }).waitFor();
  await expect(row.textContent()).resolves.toContain('Stapteam 2.0');
  await dashboard.screenshot('directory-deactivated');

  await expect(professional('femke@iriszorg.example')).resolves.toEqual([expect.objectContaining({ active: false, version: 2, teams: [DEMO.stapteam] })]);

  // What she did, newest first, under her name: the refused address too.
  await newestChange(page, 'deactivated Femke de Wit');
  const recent = await recentChanges(page);
  expect(recent.slice(0, 4).map(([, by, what]) => [by, what])).toEqual([
    [ADMIN_NAME, 'deactivated Femke de Wit'],
    [ADMIN_NAME, 'added Femke de Wit to Stapteam 2.0'],
    [ADMIN_NAME, 'added Femke de Wit'],
    [ADMIN_NAME, 'did not go through: add a professional (BAD_USER_INPUT)'],
  ]);
  expect(recent[0][0]).toMatch(/^\d{1,2} \S+ \d{4}, \d{2}:\d{2}$/);
  // These are all there are.
  await expect(page.getByRole('button', { name: 'Show more changes' }).count()).resolves.toBe(0);
  const her = await (await suite.gw.as('femke@iriszorg.example')).query('{ me { id } }');
  expect([her.status, her.body.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  expect(dashboard.operations.filter((o) => !['Me', 'MyMunicipality', 'Professionals', 'Teams', 'Organisations', 'DirectoryChanges'].includes(o))).toEqual([
    'AddProfessional',
    'AddProfessional',
    'AddTeamMember',
    'DeactivateProfessional',
  ]);
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await dashboard.close();
});

it('says so when someone else changed her meanwhile, and shows her as she now is', async () => {
  const dashboard = await suite.open('nl');
  const { page } = dashboard;
  await signInAs(dashboard, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
  const row = page.getByRole('region', { name: 'Iriszorg', exact: true }).getByRole('row').filter({ hasText: 'Joke Lammers' });
  await row.getByRole('button', { name: 'Joke Lammers deactiveren' }).waitFor();
  // Another administrator deactivates her after the page loaded.
  await sql(suite.gw, `update professional set active = false, version = version + 1 where email = 'expert@iriszorg.example'`);

  await row.getByRole('button', { name: 'Joke Lammers deactiveren' }).click();
  await page.getByRole('status').getByText('‘Joke Lammers deactiveren’ is niet gelukt. Dit is intussen door iemand anders gewijzigd.', { exact: false }).waitFor();
  await row.getByText('inactief', { exact: true }).waitFor();
  await row.getByRole('button', { name: 'Joke Lammers heractiveren' }).waitFor();
  await expect(professional('expert@iriszorg.example')).resolves.toEqual([expect.objectContaining({ active: false, version: 2 })]);
  // Her attempt is the newest change, refused.
  await newestChange(page, 'niet gelukt: een professional deactiveren (CONFLICT)');
  await expect(recentChanges(page).then(([newest]) => newest.slice(1))).resolves.toEqual([ADMIN_NAME, 'niet gelukt: een professional deactiveren (CONFLICT)']);
  await dashboard.close();
});

it('shows older changes when she asks for them, and her next change first again', async () => {
  // Bram Oldenhof added, then deactivated and reactivated twelve times: his addition is the 25th change, past the first page of 20.
  const admin = await suite.gw.as(ADMIN);
  const send = async (op: string, input: Record<string, unknown>) => {
    const res = await admin.query(operation(op), { input });
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as Record<string, { id: string; version: number }>)[op[0].toLowerCase() + op.slice(1)];
  };
  const email = 'bram@iriszorg.example';
  let bram = await send('AddProfessional', { organisationId: DEMO.org.iriszorg, name: 'Bram Oldenhof', email, subject: demoSubject(email), roles: ['CASE_MANAGER'] });
  for (let i = 0; i < 12; i++) {
    bram = await send('DeactivateProfessional', { id: bram.id, version: bram.version });
    bram = await send('ReactivateProfessional', { id: bram.id, version: bram.version });
  }
  const churn = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 'reactivated Bram Oldenhof' : 'deactivated Bram Oldenhof'));

  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, ADMIN);
  await newestChange(page, 'reactivated Bram Oldenhof');
  const first = await recentChanges(page);
  expect(first.map(([, , what]) => what)).toEqual(churn.slice(0, first.length));
  expect(first.map(([, , what]) => what)).not.toContain('added Bram Oldenhof');

  await page.getByRole('button', { name: 'Show more changes' }).click();
  await changeRows(page).getByRole('cell', { name: 'added Bram Oldenhof', exact: true }).waitFor();
  // The older ones come after those she saw, none twice and none left out.
  const more = await recentChanges(page);
  expect(more.slice(0, first.length)).toEqual(first);
  // The button went while they came: the focus is on the first of them.
  await expect(focused(page)).resolves.toEqual({ role: 'TH', text: more[first.length][0] });
  expect(more.slice(0, 25).map(([, by, what]) => [by, what])).toEqual([...churn, 'added Bram Oldenhof'].map((what) => [ADMIN_NAME, what]));
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await dashboard.screenshot('directory-recent-changes');

  const row = page.getByRole('region', { name: 'Iriszorg', exact: true }).getByRole('row').filter({ hasText: 'Bram Oldenhof' });
  await row.getByRole('button', { name: 'Deactivate Bram Oldenhof' }).click();
  await page.getByRole('status').getByText('Bram Oldenhof is deactivated: she can no longer sign in.').waitFor();
  await newestChange(page, 'deactivated Bram Oldenhof');
  await expect(recentChanges(page).then((lines) => lines.slice(0, 3).map(([, , what]) => what))).resolves.toEqual([
    'deactivated Bram Oldenhof',
    'reactivated Bram Oldenhof',
    'deactivated Bram Oldenhof',
  ]);
  await dashboard.close();
});

/** The Directory page as the administrator opens it, with `name`'s row of `organisation` and the form its button `edit` opens. */
async function editing(organisation: string, name: string, edit: string, language?: 'nl') {
  const dashboard = await suite.open(language);
  const { page } = dashboard;
  await signInAs(dashboard, ADMIN);
  const row = page.getByRole('region', { name: organisation, exact: true }).getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: edit }).click();
  return { dashboard, page, row, form: page.getByRole('form', { name: edit }) };
}

it('lets the administrator give an expert by experience the case manager role from her row', async () => {
  const [before] = await professional('expert@iriszorg.example');
  const { dashboard, page, row, form } = await editing('Iriszorg', 'Joke Lammers', 'Edit Joke Lammers');
  // The form shows her as she is, and she starts in it.
  await expect(form.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Joke Lammers');
  await expect(form.getByLabel('E-mail address').inputValue()).resolves.toBe('expert@iriszorg.example');
  await expect(form.getByRole('checkbox', { name: 'expert by experience', exact: true }).isChecked()).resolves.toBe(true);
  await expect(focusedField(page)).resolves.toBe('Name');
  await expect(row.getByRole('button', { name: 'Edit Joke Lammers' }).getAttribute('aria-expanded')).resolves.toBe('true');
  await expect(unnamedControls(page)).resolves.toEqual([]);

  await form.getByRole('checkbox', { name: 'case manager', exact: true }).check();
  await dashboard.screenshot('directory-edit-roles');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('The details of Joke Lammers are changed.').waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'status', text: 'The details of Joke Lammers are changed.' });
  await expect(form.count()).resolves.toBe(0);
  await row.getByRole('cell', { name: 'case manager, expert by experience', exact: true }).waitFor();
  await expect(professional('expert@iriszorg.example')).resolves.toEqual([
    { ...before, roles: ['CASE_MANAGER', 'EXPERT_BY_EXPERIENCE'], version: before.version + 1 },
  ]);
  // Her roles alone were changed, under the administrator's name.
  await newestChange(page, 'changed roles of Joke Lammers');
  await expect(recentChanges(page).then(([newest]) => newest.slice(1))).resolves.toEqual([ADMIN_NAME, 'changed roles of Joke Lammers']);
  await dashboard.close();
});

it('refuses to take the roles of a care team from someone still in one, and says so next to her roles', async () => {
  const [before] = await professional('casemanager2@iriszorg.example');
  expect(before).toMatchObject({ roles: ['CASE_MANAGER'], teams: [DEMO.stapteam] });
  const { dashboard, page, row, form } = await editing('Iriszorg', 'Fleur Arends', 'Edit Fleur Arends');
  await form.getByRole('checkbox', { name: 'case manager', exact: true }).uncheck();
  await form.getByRole('checkbox', { name: 'policy officer', exact: true }).check();
  await form.getByRole('button', { name: 'Save changes' }).click();

  const refusal =
    'Not accepted: while she is in Stapteam 2.0 she keeps one of the roles case manager, expert by experience, clinician (take her out first); administrator is held alone; policy officer and analyst see figures only: at a municipality, and not beside a role that reads clients; process director at a safety house or a municipality.';
  await form.getByRole('group', { name: 'Roles' }).getByText(refusal).waitFor();
  // The roles take the focus; the form keeps what she chose, for her to mend.
  await expect(focusedField(page)).resolves.toBe('case manager');
  await expect(form.getByRole('checkbox', { name: 'policy officer', exact: true }).isChecked()).resolves.toBe(true);
  await expect(form.getByRole('checkbox', { name: 'case manager', exact: true }).isChecked()).resolves.toBe(false);
  await dashboard.screenshot('directory-refused-team-roles');

  await expect(professional('casemanager2@iriszorg.example')).resolves.toEqual([before]);
  await row.getByRole('cell', { name: 'case manager', exact: true }).waitFor();
  await newestChange(page, 'did not go through: change a professional (BAD_USER_INPUT)');
  await dashboard.close();
});

it('refuses an e-mail address already in use next to the e-mail field, and goes back to her row when she cancels', async () => {
  const [before] = await professional('casemanager3@iriszorg.example');
  const { dashboard, page, row, form } = await editing('Iriszorg', 'Lotte Brouwer', 'Edit Lotte Brouwer');
  // Sanne Hofstede's address, in other capitals.
  await form.getByLabel('E-mail address').fill('CaseManager@Iriszorg.example');
  await form.getByRole('button', { name: 'Save changes' }).click();

  await form.getByText('Not accepted: this is no e-mail address, or it is already in use.').waitFor();
  await expect(focusedField(page)).resolves.toBe('E-mail address');
  await expect(focusedDescription(page)).resolves.toBe('Not accepted: this is no e-mail address, or it is already in use.');
  await expect(form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBeNull();
  await expect(form.getByRole('group', { name: 'Roles' }).getByText('Not accepted', { exact: false }).count()).resolves.toBe(0);
  await expect(professional('casemanager3@iriszorg.example')).resolves.toEqual([before]);

  // She thinks better of it: the form goes, and she is back where she opened it.
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.count()).resolves.toBe(0);
  await expect(focused(page)).resolves.toEqual({ role: 'BUTTON', text: 'Edit' });
  await expect(row.getByRole('button', { name: 'Edit Lotte Brouwer' }).getAttribute('aria-expanded')).resolves.toBe('false');
  await row.getByRole('cell', { name: 'casemanager3@iriszorg.example', exact: true }).waitFor();
  await dashboard.close();
});

it('says so in the form when someone else changed her after it opened, keeps what she typed, and saves it onto her record as it now is', async () => {
  const { dashboard, page, row } = await editing('Gemeente Nijmegen', 'Noor Bakker', 'Noor Bakker wijzigen', 'nl');
  const form = page.getByRole('form', { name: /^Noor Bakker(-Smit)? wijzigen$/ });
  await form.getByLabel('E-mailadres').fill('noor.bakker@nijmegen.example');
  // Another administrator changes her name meanwhile.
  await sql(suite.gw, `update professional set name = 'Noor Bakker-Smit', version = version + 1 where email = 'analyst@nijmegen.example'`);

  await form.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  const told = 'Iemand heeft haar gegevens gewijzigd terwijl u ze bewerkte; haar rij toont ze zoals ze nu zijn. Wat u wijzigde staat hier nog: controleer het en sla het opnieuw op.';
  await form.getByRole('alert').getByText(told).waitFor();
  await expect(focused(page)).resolves.toEqual({ role: 'alert', text: told });
  await row.getByRole('rowheader', { name: 'Noor Bakker-Smit', exact: true }).waitFor();
  await row.getByRole('cell', { name: 'analyst@nijmegen.example', exact: true }).waitFor();
  // What she typed is there still; the name she left alone is the one given meanwhile, not sent back as it was.
  await expect(form.getByLabel('E-mailadres').inputValue()).resolves.toBe('noor.bakker@nijmegen.example');
  await expect(form.getByLabel('Naam', { exact: true }).inputValue()).resolves.toBe('Noor Bakker-Smit');
  await expect(professional('analyst@nijmegen.example')).resolves.toEqual([expect.objectContaining({ name: 'Noor Bakker-Smit', version: 2 })]);
  await newestChange(page, 'niet gelukt: een professional wijzigen (CONFLICT)');

  await form.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.getByRole('status').getByText('De gegevens van Noor Bakker-Smit zijn gewijzigd.').waitFor();
  await expect(form.count()).resolves.toBe(0);
  await row.getByRole('cell', { name: 'noor.bakker@nijmegen.example', exact: true }).waitFor();
  await expect(professional('noor.bakker@nijmegen.example')).resolves.toEqual([expect.objectContaining({ name: 'Noor Bakker-Smit', version: 3 })]);
  await dashboard.close();
});

it('offers no Edit for a professional while a change of hers is on its way', async () => {
  const dashboard = await suite.open();
  const { page } = dashboard;
  await signInAs(dashboard, ADMIN);
  const row = page.getByRole('region', { name: 'Iriszorg', exact: true }).getByRole('row').filter({ hasText: 'Lotte Brouwer' });
  const edit = row.getByRole('button', { name: 'Edit Lotte Brouwer' });
  await edit.waitFor();
  // The deactivation is held up on the way, then answered here, so her record stays as it is.
  let held: Route | undefined;
  await page.route('**/graphql', async (route) => {
    const operation = /^(?:query|mutation)\s+(\w+)/.exec((route.request().postDataJSON() as { query: string }).query)![1];
    if (operation === 'DeactivateProfessional') held = route;
    else await route.continue();
  });
  await row.getByRole('button', { name: 'Deactivate Lotte Brouwer' }).click();
  while (!held) await page.waitForTimeout(50);
  // A form opened now would carry the version the deactivation replaces: her own save would then be refused.
  await expect(edit.isDisabled()).resolves.toBe(true);
  await held.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { deactivateProfessional: { id: 'held' } } }) });
  await page.getByRole('status').getByText('Lotte Brouwer is deactivated: she can no longer sign in.').waitFor();
  await page.unroute('**/graphql');
  await page.waitForFunction(() => document.querySelector('button[aria-label="Edit Lotte Brouwer"]')?.hasAttribute('disabled') === false);
  await dashboard.close();
});

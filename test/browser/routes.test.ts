/**
 * The dashboard's addresses (web/src/routes.ts) are whatever a link or a typed address makes them:
 * one that is no valid percent-encoding must open a page, not end the dashboard with an exception.
 */
import tables from '../../src/policy/policy-tables.json';
import { answersHandovers, dividesCaseload, menu, parseRoute } from '../../web/src/routes';

it('opens home for a client address that is no valid percent-encoding, instead of throwing', () => {
  expect(parseRoute('#/clients/%E0%A4%A')).toEqual({ page: 'home' });
  expect(parseRoute('#/%')).toEqual({ page: 'home' });
});

it('still decodes a valid client address', () => {
  expect(parseRoute('#/clients/a%2Fb')).toEqual({ page: 'client', id: 'a/b' });
  expect(parseRoute('#/inbox')).toEqual({ page: 'inbox' });
  expect(parseRoute('#/directory')).toEqual({ page: 'directory' });
  expect(parseRoute('#/review')).toEqual({ page: 'review' });
});

it('offers the answer to a handover to every role the gateway lets answer it, a clinician among them', () => {
  expect(['CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR'].map((r) => answersHandovers([r]))).toEqual([true, true, true]);
  expect(['EXPERT_BY_EXPERIENCE', 'PERMIT_OFFICER', 'POLICY_OFFICER', 'ANALYST', 'ADMIN'].some((r) => answersHandovers([r]))).toBe(false);
});

it('gives the administrator the directory alone, and the directory to nobody else', () => {
  const pages = (roles: string[]) => menu(roles).map((i) => i.page);
  expect(pages(['ADMIN'])).toEqual(['directory']);
  for (const role of tables.roles.filter((r) => r !== 'ADMIN')) expect({ role, pages: pages([role]) }).toEqual({ role, pages: expect.not.arrayContaining(['directory']) });
});

it('offers passing a client to a colleague to case managers alone, as the gateway lets only them', () => {
  expect(tables.roles.filter((r) => dividesCaseload([r]))).toEqual(['CASE_MANAGER']);
});

it('gives the review of emergency access to procesregie alone, as the gateway lets only it review', () => {
  const pages = (roles: string[]) => menu(roles).map((i) => i.page);
  expect(tables.roles.filter((r) => pages([r]).includes('review'))).toEqual(['PROCESS_DIRECTOR']);
});

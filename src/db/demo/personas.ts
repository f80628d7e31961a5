import type { Role } from '../../policy/tables';

export type DemoOrganisation = 'iriszorg' | 'legerDesHeils' | 'nijmegen' | 'zvh' | 'proPersona' | 'arnhem' | 'wijkteam';

/** [email, name, organisation, roles, in Stapteam 2.0] — the personas of the API contract first. */
export const PROFESSIONALS: [string, string, DemoOrganisation, Role[], boolean][] = [
  ['casemanager@iriszorg.example', 'Sanne Hofstede', 'iriszorg', ['CASE_MANAGER'], true],
  ['casemanager@legerdesheils.example', 'Marloes Verbeek', 'legerDesHeils', ['CASE_MANAGER'], true],
  ['expert@iriszorg.example', 'Joke Lammers', 'iriszorg', ['EXPERT_BY_EXPERIENCE'], true],
  ['psychiatrist@propersona.example', 'dr. Ravi Doornbos', 'proPersona', ['CLINICIAN'], false],
  ['procesregie@zvh.example', 'Karin Smeets', 'zvh', ['PROCESS_DIRECTOR'], false],
  ['procesregie@arnhem.example', 'Thijs Wolters', 'arnhem', ['PROCESS_DIRECTOR'], false],
  ['permits@nijmegen.example', 'Ellen Peeters', 'nijmegen', ['PERMIT_OFFICER'], false],
  ['policy@nijmegen.example', 'Bram Janssen', 'nijmegen', ['POLICY_OFFICER'], false],
  ['analyst@nijmegen.example', 'Noor Bakker', 'nijmegen', ['ANALYST'], false],
  ['admin@nijmegen.example', 'Peter van Dam', 'nijmegen', ['ADMIN'], false],
  ['casemanager2@iriszorg.example', 'Fleur Arends', 'iriszorg', ['CASE_MANAGER'], true],
  ['casemanager3@iriszorg.example', 'Lotte Brouwer', 'iriszorg', ['CASE_MANAGER'], true],
  ['casemanager2@legerdesheils.example', 'Ingrid Mulder', 'legerDesHeils', ['CASE_MANAGER'], true],
  ['casemanager3@legerdesheils.example', 'Yvonne Kuipers', 'legerDesHeils', ['CASE_MANAGER'], true],
  ['casemanager4@legerdesheils.example', 'Hanneke Willems', 'legerDesHeils', ['CASE_MANAGER'], true],
  ['casemanager@wijkteam.example', 'Ahmed El Idrissi', 'wijkteam', ['CASE_MANAGER'], false],
];

export const DEMO_EMAILS = PROFESSIONALS.map(([email]) => email);

/** The identity subject of a demo professional, as the development token names her. */
export function demoSubject(email: string): string {
  return `demo|${email}`;
}

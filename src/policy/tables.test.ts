/**
 * The role caps as policy.md §2 writes them. Everything else (the shield rules, the generated
 * policy matrix) reads policy-tables.json, so only a copy of the policy's own table, written out
 * here, notices when the JSON widens or narrows a role.
 */
import { CATEGORIES, ROLES, ROLE_CAPS, roleMaySee, type Role } from './tables';

/** policy.md §2, "Role cap: the caller's role may see that category at all", verbatim. */
const POLICY_MD_ROLE_CAPS = `
| role | BASIC | IDENTITY | CONTACT | HEALTH | ADDICTION | HOUSING | JUSTICE | FINANCE | SEX_WORK |
|---|---|---|---|---|---|---|---|---|---|
| CASE_MANAGER | yes | yes | yes | yes | yes | yes | yes | yes | yes |
| EXPERT_BY_EXPERIENCE | yes | yes | yes | — | — | yes | — | — | yes |
| CLINICIAN | yes | yes | yes | yes | yes | — | — | — | — |
| PROCESS_DIRECTOR | yes | yes | yes | — | — | yes | yes | — | yes |
| PERMIT_OFFICER | yes | yes | — | — | — | — | — | — | yes |
| POLICY_OFFICER | — | — | — | — | — | — | — | — | — |
| ANALYST | — | — | — | — | — | — | — | — | — |
| ADMIN | — | — | — | — | — | — | — | — | — |
`;

const [header, , ...rows] = POLICY_MD_ROLE_CAPS.trim()
  .split('\n')
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

describe('the role caps (policy.md §2)', () => {
  it('name every role and every category of the code', () => {
    expect(header.slice(1)).toEqual([...CATEGORIES]);
    expect(rows.map(([role]) => role)).toEqual([...ROLES]);
  });

  it.each(rows.map(([role, ...cells]) => [role as Role, cells] as const))('let %s see exactly the categories policy.md marks yes', (role, cells) => {
    expect(cells.every((cell) => cell === 'yes' || cell === '—')).toBe(true);
    const allowed = CATEGORIES.filter((_, i) => cells[i] === 'yes');
    expect(ROLE_CAPS[role]).toEqual(allowed);
    for (const category of CATEGORIES) expect(roleMaySee([role], category)).toBe(allowed.includes(category));
  });
});

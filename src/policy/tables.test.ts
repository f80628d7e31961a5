/**
 * policy-tables.json against the specification it claims to be. Everything else (the shield rules,
 * the generated policy matrix in src/policy/decide.test.ts and test/policy/matrix.e2e.test.ts)
 * reads the JSON, so only this file notices when the JSON widens or narrows what a role may:
 * it reads docs/design/policy.md and docs/privacy.md themselves, as they stand in this repository.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tables from './policy-tables.json';
import { CATEGORIES, PURPOSES, ROLES, ROLE_CAPS, roleMaySee, type Purpose, type Role } from './tables';

const DOCS = path.join(__dirname, '..', '..', 'docs');
const POLICY_MD = readFileSync(path.join(DOCS, 'design', 'policy.md'), 'utf8');
const PRIVACY_MD = readFileSync(path.join(DOCS, 'privacy.md'), 'utf8');

/** The text of `## n.` up to the next `## ` heading. */
function section(doc: string, n: number): string {
  const start = doc.search(new RegExp(`^## ${n}\\. `, 'm'));
  if (start < 0) throw new Error(`policy.md has no section ${n}`);
  const rest = doc.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The rows of the markdown table whose header row starts with `| first |`, cells trimmed, the separator row left out. */
function table(text: string, first: string): string[][] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  if (at < 0) throw new Error(`no table headed "${first}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(at)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows.filter((_, i) => i !== 1);
}

describe('the role caps: policy-tables.json against policy.md §2', () => {
  const [header, ...rows] = table(section(POLICY_MD, 2), 'role');

  it('is read from the table of policy.md itself', () => {
    // Eight roles of nine categories: a parser that found some other table, or none, fails here.
    expect(header).toEqual(['role', 'BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK']);
    expect(rows).toHaveLength(8);
    for (const [, ...cells] of rows) expect(cells.filter((c) => c !== 'yes' && c !== '—')).toEqual([]);
  });

  it('names every role and every category policy.md names, and no other', () => {
    expect(tables.categories).toEqual(header.slice(1));
    expect(tables.roles).toEqual(rows.map(([role]) => role));
    expect([...CATEGORIES]).toEqual(header.slice(1));
    expect([...ROLES]).toEqual(rows.map(([role]) => role));
  });

  it.each(rows.map(([role, ...cells]) => [role as Role, cells] as const))('lets %s see exactly the categories policy.md marks yes', (role, cells) => {
    const allowed = header.slice(1).filter((_, i) => cells[i] === 'yes');
    expect((tables.roleCaps as Record<string, string[]>)[role]).toEqual(allowed);
    for (const category of CATEGORIES) expect([category, roleMaySee([role], category)]).toEqual([category, allowed.includes(category)]);
    expect(ROLE_CAPS[role]).toEqual(allowed);
  });
});

/**
 * docs/privacy.md has no table of the purposes each role serves: it says them in one sentence of
 * "What a professional may see" ("Consent ... for a purpose the caller's role serves: case managers
 * serve *care* and *care coordination*; the expert by experience and clinicians *care*; the process
 * director *care coordination*; the permit officer *permitting*"); policy.md §2 only says "for a
 * purpose the caller's role serves". The sentence, written out as a table; roles it does not name
 * serve none (policy officer and analyst see aggregates only, the administrator no client data).
 */
const PRIVACY_MD_ROLE_PURPOSES: Record<Role, Purpose[]> = {
  CASE_MANAGER: ['CARE', 'CARE_COORDINATION'],
  EXPERT_BY_EXPERIENCE: ['CARE'],
  CLINICIAN: ['CARE'],
  PROCESS_DIRECTOR: ['CARE_COORDINATION'],
  PERMIT_OFFICER: ['PERMITTING'],
  POLICY_OFFICER: [],
  ANALYST: [],
  ADMIN: [],
};

describe('the purposes each role serves: policy-tables.json against privacy.md', () => {
  it('is the table privacy.md’s sentence says', () => {
    const sentence = /a purpose the caller's role serves:\s*([^]*?)\.\n/.exec(PRIVACY_MD);
    expect(sentence).not.toBeNull();
    const said: Record<string, Purpose[]> = Object.fromEntries(ROLES.map((r) => [r, [] as Purpose[]]));
    for (const clause of sentence![1].replace(/\s+/g, ' ').split(';')) {
      const [who] = clause.split('*');
      const purposes = [...clause.matchAll(/\*([^*]+)\*/g)].map(([, p]) => p.toUpperCase().replace(/ /g, '_') as Purpose);
      const roles = ROLES.filter((r) => new RegExp(`\\b${r.toLowerCase().replace(/_/g, ' ')}s?\\b`).test(who));
      expect({ clause, roles: roles.length > 0, purposes: purposes.every((p) => PURPOSES.includes(p)) }).toEqual({ clause, roles: true, purposes: true });
      for (const r of roles) said[r].push(...purposes);
    }
    expect(said).toEqual(PRIVACY_MD_ROLE_PURPOSES);
  });

  it('serves each role exactly the purposes privacy.md gives it', () => {
    expect(tables.purposes).toEqual([...PURPOSES]);
    expect(tables.rolePurposes).toEqual(PRIVACY_MD_ROLE_PURPOSES);
  });
});

describe('who may break the glass: policy-tables.json against policy.md §4', () => {
  it('lets exactly the roles §4 names open emergency access', () => {
    const said = /^A (.+?) may open emergency access/m.exec(section(POLICY_MD, 4));
    expect(said).not.toBeNull();
    const named = said![1].split(/,\s*|\s+or\s+/);
    expect(named).toEqual(['CASE_MANAGER', 'CLINICIAN']);
    expect([...tables.breakGlassRoles].sort()).toEqual([...named].sort());
  });
});

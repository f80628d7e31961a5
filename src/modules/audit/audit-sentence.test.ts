import { CATEGORIES, ROLES, roleMaySee, type Category, type Role } from '../../policy/tables';
import { LANGUAGES, basisOf, dataInWords, sentence, type Language, type TellableEvent } from './audit-sentence';

const at = new Date('2026-11-23T13:05:00Z');
const event = (e: Partial<TellableEvent>): TellableEvent => ({
  occurredAt: at,
  eventType: 'client.read',
  action: 'R',
  outcome: 'GRANTED',
  roles: ['CASE_MANAGER'],
  categories: ['BASIC'],
  breakGlassUsed: false,
  consentId: null,
  careRelationshipChecked: true,
  ...e,
});

describe('the audit log told to the client', () => {
  it('says when (Dutch time), who, which data, which action and on which basis', () => {
    expect(sentence(event({ categories: ['IDENTITY', 'HEALTH'], consentId: 'c1' }), 'Iriszorg', 'EN')).toBe(
      'On 23 November 2026 at 14:05 a case manager of Iriszorg looked at your data (name, date of birth, citizen service number and health), with your consent.',
    );
    expect(sentence(event({ categories: ['HEALTH'], consentId: 'c1' }), 'Iriszorg', 'NL')).toBe(
      'Op 23 november 2026 om 14:05 heeft een casemanager van Iriszorg uw gegevens ingezien (gezondheid), met uw toestemming.',
    );
  });

  it('says plainly when break-glass was used, and when something was refused or failed', () => {
    expect(sentence(event({ roles: ['CLINICIAN'], categories: ['HEALTH'], breakGlassUsed: true }), 'Pro Persona', 'EN')).toMatch(
      /a clinician of Pro Persona looked at your data \(health\), using emergency access \(break-glass\) without your consent\.$/,
    );
    expect(sentence(event({ eventType: 'consent.revoke', action: 'U', outcome: 'DENIED', categories: [] }), 'Leger des Heils', 'NL')).toBe(
      'Op 23 november 2026 om 14:05 probeerde een casemanager van Leger des Heils: "heeft uw toestemming ingetrokken"; dat werd geweigerd.',
    );
    expect(sentence(event({ eventType: 'mutation.logActivity', action: 'C', outcome: 'ERROR', categories: [] }), null, 'EN')).toBe(
      'On 23 November 2026 at 14:05 a case manager tried to do this: "added information about you"; this did not go through.',
    );
  });

  it('says that procesregie read why the glass was broken, on its review and not on her consent', () => {
    const review = event({ eventType: 'break-glass.review', roles: ['PROCESS_DIRECTOR'], categories: [], careRelationshipChecked: false });
    expect(basisOf(review)).toBe('BREAK_GLASS_REVIEW');
    expect(sentence(review, 'ZVH', 'EN')).toBe('On 23 November 2026 at 14:05 a process director of ZVH looked at why emergency access to your data was opened, to review it.');
    expect(sentence(review, 'ZVH', 'NL')).toBe('Op 23 november 2026 om 14:05 heeft een procesregisseur van ZVH bekeken waarom noodtoegang tot uw gegevens werd genomen, om die te controleren.');
  });

  it('tells a change of her consents by the consent’s effect, on the care relationship it was made on', () => {
    const objection = event({ eventType: 'objection.record', action: 'C', categories: ['HEALTH'] });
    expect(basisOf(objection)).toBe('CARE_RELATIONSHIP');
    expect(sentence(objection, 'Leger des Heils', 'EN')).toBe(
      'On 23 November 2026 at 14:05 a case manager of Leger des Heils recorded your objection (health), because that organisation is involved in your care.',
    );
    expect(sentence(event({ eventType: 'objection.revoke', action: 'U', categories: ['HEALTH'] }), 'Leger des Heils', 'NL')).toBe(
      'Op 23 november 2026 om 14:05 heeft een casemanager van Leger des Heils uw bezwaar ingetrokken (gezondheid), omdat die organisatie bij uw zorg betrokken is.',
    );
  });

  it('gives nothing refused or failed a basis', () => {
    expect(basisOf(event({ eventType: 'client.lookup', outcome: 'DENIED', categories: [] }))).toBe('NONE');
    expect(basisOf(event({ outcome: 'DENIED', categories: ['HEALTH'], consentId: 'objection' }))).toBe('NONE');
    expect(basisOf(event({ eventType: 'mutation.logActivity', action: 'C', outcome: 'ERROR' }))).toBe('NONE');
  });

  it('names the basis: consent over care relationship, break-glass over both', () => {
    expect(basisOf(event({ breakGlassUsed: true, consentId: 'c' }))).toBe('BREAK_GLASS');
    expect(basisOf(event({ consentId: 'c' }))).toBe('CONSENT');
    expect(basisOf(event({}))).toBe('CARE_RELATIONSHIP');
    expect(basisOf(event({ careRelationshipChecked: false }))).toBe('NONE');
    expect(dataInWords(['HOUSING', 'FINANCE', 'SEX_WORK'], 'NL')).toBe('wonen, geld en schulden en zoneregistratie');
  });

  describe('names the roles that could have let her data be seen, not just the first the professional holds', () => {
    /** How she reads each role. */
    const ROLE_NOUNS: Record<Role, Record<Language, string>> = {
      CASE_MANAGER: { NL: 'casemanager', EN: 'case manager' },
      EXPERT_BY_EXPERIENCE: { NL: 'ervaringsdeskundige', EN: 'expert by experience' },
      CLINICIAN: { NL: 'behandelaar', EN: 'clinician' },
      PROCESS_DIRECTOR: { NL: 'procesregisseur', EN: 'process director' },
      PERMIT_OFFICER: { NL: 'vergunningverlener', EN: 'permit officer' },
      POLICY_OFFICER: { NL: 'beleidsmedewerker', EN: 'policy officer' },
      ANALYST: { NL: 'analist', EN: 'analyst' },
      ADMIN: { NL: 'beheerder', EN: 'administrator' },
    };
    const named = (text: string, language: Language) => ROLES.filter((r) => text.includes(ROLE_NOUNS[r][language]));

    it('tells an expert by experience who is also a clinician reading her health as the clinician', () => {
      const both = { roles: ['EXPERT_BY_EXPERIENCE', 'CLINICIAN'], consentId: 'c1' };
      expect(sentence(event({ ...both, categories: ['HEALTH'] }), 'Iriszorg', 'EN')).toBe(
        'On 23 November 2026 at 14:05 a clinician of Iriszorg looked at your data (health), with your consent.',
      );
      expect(sentence(event({ ...both, categories: ['HEALTH'] }), 'Iriszorg', 'NL')).toBe(
        'Op 23 november 2026 om 14:05 heeft een behandelaar van Iriszorg uw gegevens ingezien (gezondheid), met uw toestemming.',
      );
      expect(sentence(event({ ...both, categories: ['HOUSING'] }), 'Iriszorg', 'EN')).toMatch(/ an expert by experience of Iriszorg looked at your data \(housing\)/);
      // Neither role may see both alone: she is told both.
      expect(sentence(event({ ...both, categories: ['HEALTH', 'HOUSING'] }), 'Iriszorg', 'EN')).toMatch(/ an expert by experience and clinician of Iriszorg looked at /);
      expect(sentence(event({ ...both, categories: ['HEALTH', 'HOUSING'] }), 'Iriszorg', 'NL')).toMatch(/ heeft een ervaringsdeskundige en behandelaar van Iriszorg uw gegevens ingezien /);
      expect(sentence(event({ roles: ['CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR'], categories: ['BASIC'] }), null, 'EN')).toMatch(
        / a case manager, clinician and process director looked at /,
      );
    });

    // Every combination of roles, over lines of one category, of several, and of none.
    const subsets = Array.from({ length: 2 ** ROLES.length - 1 }, (_, n) => ROLES.filter((_r, i) => (n + 1) & (1 << i)));
    const lines: Category[][] = [...CATEGORIES.map((c) => [c]), ['HEALTH', 'HOUSING'], ['IDENTITY', 'SEX_WORK'], []];
    it.each(LANGUAGES)('in %s: each role of hers that may see all the line names, or all of them when none may alone', (language) => {
      for (const roles of subsets) {
        for (const categories of lines) {
          const mayAll = roles.filter((r) => categories.every((c) => roleMaySee([r], c)));
          const text = sentence(event({ roles, categories }), null, language);
          expect({ roles, categories, named: named(text, language) }).toEqual({ roles, categories, named: mayAll.length ? mayAll : roles });
        }
      }
    });
  });
});


/**
 * The audit log told in words a client understands (policy §7: per event when, who, which data,
 * which action, on which basis, and whether break-glass was used), in Dutch or English. Pure: the
 * organisation's name is handed in.
 */
import { roleMaySee, type Category, type Role } from '../../policy/tables';
import type { AuditAction, AuditOutcome } from './audit-event.entity';

export const LANGUAGES = ['NL', 'EN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const AUDIT_BASES = ['CONSENT', 'BREAK_GLASS', 'CARE_RELATIONSHIP', 'BREAK_GLASS_REVIEW', 'NONE'] as const;
export type AuditBasis = (typeof AUDIT_BASES)[number];

/** What a line of the log needs to be told. */
export interface TellableEvent {
  occurredAt: Date;
  eventType: string;
  action: AuditAction;
  outcome: AuditOutcome;
  roles: string[];
  categories: string[];
  breakGlassUsed: boolean;
  consentId: string | null;
  careRelationshipChecked: boolean;
}

const ROLE_WORDS: Record<Role, [nl: string, en: string]> = {
  CASE_MANAGER: ['casemanager', 'case manager'],
  EXPERT_BY_EXPERIENCE: ['ervaringsdeskundige', 'expert by experience'],
  CLINICIAN: ['behandelaar', 'clinician'],
  PROCESS_DIRECTOR: ['procesregisseur', 'process director'],
  PERMIT_OFFICER: ['vergunningverlener', 'permit officer'],
  POLICY_OFFICER: ['beleidsmedewerker', 'policy officer'],
  ANALYST: ['analist', 'analyst'],
  ADMIN: ['beheerder', 'administrator'],
};

const CATEGORY_WORDS: Record<Category, [nl: string, en: string]> = {
  BASIC: ['basisgegevens (code, status, team)', 'basic details (code, status, team)'],
  IDENTITY: ['naam, geboortedatum, BSN', 'name, date of birth, citizen service number'],
  CONTACT: ['contactgegevens en verblijfplaats', 'contact details and whereabouts'],
  HEALTH: ['gezondheid', 'health'],
  ADDICTION: ['middelengebruik', 'substance use'],
  HOUSING: ['wonen', 'housing'],
  JUSTICE: ['politie en justitie', 'police and justice'],
  FINANCE: ['geld en schulden', 'money and debts'],
  SEX_WORK: ['zoneregistratie', 'zone registration'],
};

/** Changes by name, where "changed your file" would say too little. */
const EVENT_WORDS: Record<string, [nl: string, en: string]> = {
  'consent.record': ['heeft uw toestemming vastgelegd', 'recorded your consent'],
  'consent.revoke': ['heeft uw toestemming ingetrokken', 'revoked your consent'],
  'objection.record': ['heeft uw bezwaar vastgelegd', 'recorded your objection'],
  'objection.revoke': ['heeft uw bezwaar ingetrokken', 'withdrew your objection'],
  'referral.create': ['heeft u aangemeld', 'referred you'],
  'handover.propose': ['heeft voorgesteld uw zorg over te dragen', 'proposed to hand your care over'],
  'handover.accept': ['heeft de overdracht van uw zorg aangenomen', 'took over your care'],
  'handover.reject': ['heeft de overdracht van uw zorg afgewezen', 'declined to take over your care'],
  'trajectory.start': ['heeft een traject voor u gestart', 'started a trajectory for you'],
  'trajectory.end': ['heeft een traject van u afgesloten', 'ended a trajectory of yours'],
  'activity.log': ['heeft tijd voor u geschreven', 'logged time spent on you'],
  'signal.raise': ['heeft een signaal over u gegeven', 'raised a concern about you'],
  'zone-registration.issue': ['heeft een zoneregistratie voor u afgegeven', 'issued a zone registration for you'],
  'zone-registration.revoke': ['heeft uw zoneregistratie ingetrokken', 'revoked your zone registration'],
  'break-glass.open': ['heeft met spoed toegang (noodtoegang) tot uw gegevens genomen', 'opened emergency access (break-glass) to your data'],
  'break-glass.review': ['heeft bekeken waarom noodtoegang tot uw gegevens werd genomen', 'looked at why emergency access to your data was opened'],
  'break-glass.reviewed': ['heeft de noodtoegang tot uw gegevens beoordeeld', 'reviewed the emergency access to your data'],
  'audit-trail.read': ['heeft bekeken wie uw gegevens heeft ingezien', 'looked at who accessed your data'],
  'client.lookup': ['heeft u proberen op te zoeken', 'tried to look you up'],
};

const ACTION_WORDS: Record<AuditAction, [nl: string, en: string]> = {
  C: ['heeft gegevens over u toegevoegd', 'added information about you'],
  R: ['heeft uw gegevens ingezien', 'looked at your data'],
  U: ['heeft gegevens over u gewijzigd', 'changed information about you'],
  D: ['heeft gegevens over u verwijderd', 'deleted information about you'],
  E: ['heeft een handeling in uw dossier gedaan', 'carried out an action on your file'],
};

export function basisOf(e: Pick<TellableEvent, 'eventType' | 'outcome' | 'breakGlassUsed' | 'consentId' | 'careRelationshipChecked'>): AuditBasis {
  // Nothing allowed what did not happen: an objection that refused a read is no basis of it.
  if (e.outcome !== 'GRANTED') return 'NONE';
  if (e.breakGlassUsed) return 'BREAK_GLASS';
  if (e.eventType === 'break-glass.review' || e.eventType === 'break-glass.reviewed') return 'BREAK_GLASS_REVIEW';
  if (e.consentId) return 'CONSENT';
  return e.careRelationshipChecked ? 'CARE_RELATIONSHIP' : 'NONE';
}

/** "a, b and c", as both languages list things. */
function listInWords(words: string[], language: Language): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${language === 'NL' ? 'en' : 'and'} ${words[words.length - 1]}`;
}

export function dataInWords(categories: string[], language: Language): string {
  const i = language === 'NL' ? 0 : 1;
  return listInWords(categories.map((c) => CATEGORY_WORDS[c as Category]?.[i] ?? c), language);
}

/**
 * Who she was told acted, e.g. "an expert by experience and clinician": of the professional's roles,
 * those that may see all the line's data, since one of them let it happen (naming her first role
 * could name one that may not see it at all); when no role of hers may see it all alone, all of them.
 */
export function rolesInWords(roles: string[], categories: string[], language: Language): string {
  const i = language === 'NL' ? 0 : 1;
  const known = roles.filter((r): r is Role => r in ROLE_WORDS);
  const able = known.filter((r) => categories.every((c) => roleMaySee([r], c as Category)));
  const words = (able.length ? able : known).map((r) => ROLE_WORDS[r][i]);
  if (!words.length) return language === 'NL' ? 'iemand' : 'someone';
  // "an" before a vowel: true of every role's English name.
  const article = language === 'NL' ? 'een' : /^[aeiou]/.test(words[0]) ? 'an' : 'a';
  return `${article} ${listInWords(words, language)}`;
}

function when(d: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'NL' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/** e.g. "Op 23 november 2026 om 14:05 heeft een casemanager van Iriszorg uw gegevens ingezien (gezondheid), met uw toestemming." */
export function sentence(e: TellableEvent, organisationName: string | null, language: Language): string {
  const i = language === 'NL' ? 0 : 1;
  const nl = language === 'NL';
  const role = rolesInWords(e.roles, e.categories, language);
  const who = organisationName ? `${role} ${nl ? 'van' : 'of'} ${organisationName}` : role;
  const read = e.action === 'R' && e.eventType === 'client.read';
  const did = (EVENT_WORDS[e.eventType] ?? ACTION_WORDS[e.action])[i];
  const data = dataInWords(e.categories, language);
  const what = data ? ` (${data})` : '';
  const moment = when(e.occurredAt, language);
  if (e.outcome !== 'GRANTED') {
    const attempt = read ? (nl ? 'probeerde uw gegevens in te zien' : 'tried to look at your data') : nl ? `probeerde: "${did}"` : `tried to do this: "${did}"`;
    const refused = e.outcome === 'DENIED' ? (nl ? 'dat werd geweigerd' : 'this was refused') : nl ? 'dat lukte niet' : 'this did not go through';
    return nl ? `Op ${moment} ${attempt.replace(/^probeerde/, `probeerde ${who}`)}${what}; ${refused}.` : `On ${moment} ${who} ${attempt}${what}; ${refused}.`;
  }
  const basis = {
    BREAK_GLASS: nl ? ', met noodtoegang (break-glass) zonder uw toestemming' : ', using emergency access (break-glass) without your consent',
    CONSENT: nl ? ', met uw toestemming' : ', with your consent',
    CARE_RELATIONSHIP: nl ? ', omdat die organisatie bij uw zorg betrokken is' : ', because that organisation is involved in your care',
    BREAK_GLASS_REVIEW: nl ? ', om die te controleren' : ', to review it',
    NONE: '',
  }[basisOf(e)];
  return nl ? `Op ${moment} ${did.replace(/^heeft/, `heeft ${who}`)}${what}${basis}.` : `On ${moment} ${who} ${did}${what}${basis}.`;
}

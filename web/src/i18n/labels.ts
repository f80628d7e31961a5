/** The API's enum values in words, per language. */
const nl = {
  category: {
    BASIC: 'Basis', IDENTITY: 'Identiteit', CONTACT: 'Contact', HEALTH: 'Gezondheid', ADDICTION: 'Verslaving',
    HOUSING: 'Wonen', JUSTICE: 'Justitie', FINANCE: 'Financiën', SEX_WORK: 'Sekswerk',
  },
  clientStatus: { ACTIVE: 'actief', CLOSED: 'afgesloten', HANDED_OVER: 'overgedragen', MONITORING: 'monitoring', REFERRED: 'aangemeld' },
  trajectoryKind: {
    CASE_MANAGEMENT: 'Casemanagement', DIAGNOSTICS: 'Diagnostiek', HOUSING_FIRST: 'Housing First', INFLOW_HOUSING: 'Instroomhuis', TIME_OUT: 'Time-out',
  },
  trajectoryStatus: { ACTIVE: 'lopend', ENDED: 'beëindigd' },
  destination: {
    CLOSED: 'afgesloten', MONITORING: 'monitoring (procesregie)', OTHER_MUNICIPALITY: 'andere gemeente', REGULAR_CARE: 'reguliere zorg', STAPTEAM: 'Stapteam 2.0',
  },
  /** Why the monitoring report withholds its case managers' figures (`caseload.caseManagersWithheld`). */
  caseManagersWithheld: {
    CLIENTS_SUPPRESSED: 'het aantal cliënten met een casemanager is onderdrukt, en elke casemanager heeft er minstens één: het aantal casemanagers zou het verraden.',
    CASELOAD_KNOWN: 'uit het aantal cliënten en de caseloads die wel getoond worden, zou een onderdrukte caseload precies af te leiden zijn.',
  },
  signalStatus: { OPEN: 'open', RESOLVED: 'afgehandeld' },
  referralStatus: { OPEN: 'open', ACCEPTED: 'aangenomen', DECLINED: 'afgewezen', WITHDRAWN: 'ingetrokken' },
  consentEffect: { PERMIT: 'toestemming', DENY: 'bezwaar' },
  /** A consent as a sentence names it. */
  consentEffectThe: { PERMIT: 'de toestemming', DENY: 'het bezwaar' },
  consentState: { ACTIVE: 'geldig', NOT_STARTED: 'nog niet ingegaan', EXPIRED: 'verlopen', REVOKED: 'ingetrokken' },
  purpose: { CARE: 'zorg', CARE_COORDINATION: 'zorgcoördinatie', PERMITTING: 'vergunningverlening' },
  /** A kind of organisation a consent may name, as "alle …". */
  organisationKind: {
    CARE_PROVIDER: 'zorgaanbieders', MENTAL_HEALTH_PROVIDER: 'ggz-aanbieders', SAFETY_HOUSE: 'zorg- en veiligheidshuizen', MUNICIPALITY: 'gemeenten', REGULAR_CARE: 'organisaties voor reguliere zorg',
  },
  handoverStatus: { PROPOSED: 'voorgesteld', ACCEPTED: 'geaccepteerd', REJECTED: 'afgewezen', CANCELLED: 'ingetrokken', COMPLETED: 'afgerond' },
  role: {
    CASE_MANAGER: 'casemanager', EXPERT_BY_EXPERIENCE: 'ervaringsdeskundige', CLINICIAN: 'behandelaar', PROCESS_DIRECTOR: 'procesregisseur',
    PERMIT_OFFICER: 'vergunningverlener', POLICY_OFFICER: 'beleidsmedewerker', ANALYST: 'analist', ADMIN: 'beheerder',
  },
  budgetCategory: {
    CASE_MANAGEMENT: 'Casemanagement', TREATMENT: 'Behandeling', HOUSING: 'Huisvesting', FLEX_BUDGET: 'Doorbraakbudget',
    TIME_OUT_BEDS: 'Time-outbedden', RENOVATION: 'Verbouwing', ACTIVITIES: 'Activiteiten',
  },
  /** A directory change's `fields`, as `professional.change` names them. */
  professionalField: { name: 'naam', email: 'e-mailadres', subject: 'subject bij de identiteitsprovider', roles: 'rollen' },
  /** A refused attempt at the directory, by its mutation (`mutation.<name>`). */
  attempt: {
    addOrganisation: 'een organisatie toevoegen', addTeam: 'een team toevoegen', addProfessional: 'een professional toevoegen',
    changeProfessional: 'een professional wijzigen', deactivateProfessional: 'een professional deactiveren', reactivateProfessional: 'een professional heractiveren',
    addTeamMember: 'iemand aan een team toevoegen', removeTeamMember: 'iemand uit een team halen',
  },
};

export type LabelKind = keyof typeof nl;

const en: { [K in LabelKind]: Record<keyof (typeof nl)[K], string> } = {
  category: {
    BASIC: 'Basic', IDENTITY: 'Identity', CONTACT: 'Contact', HEALTH: 'Health', ADDICTION: 'Addiction',
    HOUSING: 'Housing', JUSTICE: 'Justice', FINANCE: 'Finance', SEX_WORK: 'Sex work',
  },
  clientStatus: { ACTIVE: 'active', CLOSED: 'closed', HANDED_OVER: 'handed over', MONITORING: 'monitoring', REFERRED: 'referred' },
  trajectoryKind: {
    CASE_MANAGEMENT: 'Case management', DIAGNOSTICS: 'Diagnostics', HOUSING_FIRST: 'Housing First', INFLOW_HOUSING: 'Inflow housing', TIME_OUT: 'Time-out',
  },
  trajectoryStatus: { ACTIVE: 'active', ENDED: 'ended' },
  destination: {
    CLOSED: 'closed', MONITORING: 'monitoring (procesregie)', OTHER_MUNICIPALITY: 'other municipality', REGULAR_CARE: 'regular care', STAPTEAM: 'Stapteam 2.0',
  },
  caseManagersWithheld: {
    CLIENTS_SUPPRESSED: 'the number of clients with a case manager is suppressed, and every case manager has at least one: the number of case managers would give it away.',
    CASELOAD_KNOWN: 'the number of clients and the caseloads shown would give a suppressed caseload away exactly.',
  },
  signalStatus: { OPEN: 'open', RESOLVED: 'resolved' },
  referralStatus: { OPEN: 'open', ACCEPTED: 'accepted', DECLINED: 'declined', WITHDRAWN: 'withdrawn' },
  consentEffect: { PERMIT: 'consent', DENY: 'objection' },
  consentEffectThe: { PERMIT: 'the consent', DENY: 'the objection' },
  consentState: { ACTIVE: 'in force', NOT_STARTED: 'not started yet', EXPIRED: 'expired', REVOKED: 'revoked' },
  purpose: { CARE: 'care', CARE_COORDINATION: 'care coordination', PERMITTING: 'permitting' },
  organisationKind: {
    CARE_PROVIDER: 'care providers', MENTAL_HEALTH_PROVIDER: 'mental health providers', SAFETY_HOUSE: 'safety houses', MUNICIPALITY: 'municipalities', REGULAR_CARE: 'regular care organisations',
  },
  handoverStatus: { PROPOSED: 'proposed', ACCEPTED: 'accepted', REJECTED: 'rejected', CANCELLED: 'cancelled', COMPLETED: 'completed' },
  role: {
    CASE_MANAGER: 'case manager', EXPERT_BY_EXPERIENCE: 'expert by experience', CLINICIAN: 'clinician', PROCESS_DIRECTOR: 'process director',
    PERMIT_OFFICER: 'permit officer', POLICY_OFFICER: 'policy officer', ANALYST: 'analyst', ADMIN: 'administrator',
  },
  budgetCategory: {
    CASE_MANAGEMENT: 'Case management', TREATMENT: 'Treatment', HOUSING: 'Housing', FLEX_BUDGET: 'Breakthrough budget',
    TIME_OUT_BEDS: 'Time-out beds', RENOVATION: 'Renovation', ACTIVITIES: 'Activities',
  },
  professionalField: { name: 'name', email: 'e-mail address', subject: 'identity provider subject', roles: 'roles' },
  attempt: {
    addOrganisation: 'add an organisation', addTeam: 'add a team', addProfessional: 'add a professional',
    changeProfessional: 'change a professional', deactivateProfessional: 'deactivate a professional', reactivateProfessional: 'reactivate a professional',
    addTeamMember: 'add someone to a team', removeTeamMember: 'remove someone from a team',
  },
};

export { nl as nlLabels, en as enLabels };

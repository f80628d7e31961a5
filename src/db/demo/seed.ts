/**
 * The demo chain of Nijmegen, deterministic and made up, reproducing the closing report's figures
 * for the project period 2021-08-01 .. 2023-07-31 (see docs/design/domain.md):
 * 19 zone registrations (1 revoked on request), 11 women active on the zone, 2 inflow-housing and
 * 5 time-out trajectories, handover outcomes 2 closed / 2 regular care / 2 Arnhem / 5 monitoring /
 * 7 Stapteam, 7 case managers (4 Leger des Heils, 3 Iriszorg) at 4 hours per case, and the budget
 * of € 653,503 with € 97,074 remaining. Consents differ per client and organisation so that what
 * each persona sees differs too.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { dayOf } from '../../common/chain-calendar';
import { addDays } from '../../common/scalars';
import type { Category, Purpose } from '../../policy/tables';
import { ActivityLog } from '../../modules/activity/activity-log.entity';
import { BreakGlassGrant } from '../../modules/break-glass/break-glass-grant.entity';
import { CaseAssignment } from '../../modules/clients/case-assignment.entity';
import { ClientRecord } from '../../modules/clients/client-record.entity';
import { Client, type ClientStatus } from '../../modules/clients/client.entity';
import { Consent } from '../../modules/consents/consent.entity';
import { BudgetLine, Expenditure, Programme, Subsidy, type BudgetCategory } from '../../modules/funding/funding.entities';
import { Handover, type HandoverDestination } from '../../modules/handovers/handover.entity';
import { Organisation, type OrganisationKind } from '../../modules/organisations/organisation.entity';
import { Professional } from '../../modules/organisations/professional.entity';
import { Team } from '../../modules/organisations/team.entity';
import { Referral } from '../../modules/referrals/referral.entity';
import { Signal } from '../../modules/signals/signal.entity';
import { Trajectory, type TrajectoryKind } from '../../modules/trajectories/trajectory.entity';
import { ZoneObservation, ZoneRegistration } from '../../modules/zone-registrations/zone-registration.entity';
import { PROFESSIONALS, demoSubject } from './personas';

/** Stable ids, so that tests, docs and the playground's examples can name demo records. */
export function demoId(group: number, n: number): string {
  return `00000000-0000-4000-8${group.toString(16).padStart(3, '0')}-${n.toString().padStart(12, '0')}`;
}

export const DEMO = {
  org: {
    iriszorg: demoId(0, 1),
    legerDesHeils: demoId(0, 2),
    nijmegen: demoId(0, 3),
    zvh: demoId(0, 4),
    proPersona: demoId(0, 5),
    arnhem: demoId(0, 6),
    wijkteam: demoId(0, 7),
  },
  programme: demoId(0, 101),
  stapteam: demoId(2, 1),
  client: (n: number) => demoId(4, n),
  projectPeriod: { from: '2021-08-01', to: '2023-07-31' },
};

/** The demo chain's organisations: key, name, kind, the municipality whose chain it is in. */
export const ORGANISATIONS: [keyof typeof DEMO.org, string, OrganisationKind, keyof typeof DEMO.org][] = [
  ['iriszorg', 'Iriszorg', 'CARE_PROVIDER', 'nijmegen'],
  ['legerDesHeils', 'Leger des Heils', 'CARE_PROVIDER', 'nijmegen'],
  ['nijmegen', 'Gemeente Nijmegen', 'MUNICIPALITY', 'nijmegen'],
  ['zvh', 'Zorg- en Veiligheidshuis Gelderland-Zuid', 'SAFETY_HOUSE', 'nijmegen'],
  ['proPersona', 'Pro Persona', 'MENTAL_HEALTH_PROVIDER', 'nijmegen'],
  ['arnhem', 'Gemeente Arnhem', 'MUNICIPALITY', 'arnhem'],
  ['wijkteam', 'Wijkteam Nijmegen', 'REGULAR_CARE', 'nijmegen'],
];

/** The seven Stapteam case managers, by index into PROFESSIONALS. */
const CASE_MANAGERS = [0, 1, 10, 11, 12, 13, 14];

const NAMES = [
  'Annemiek V.', 'Bianca K.', 'Chantal D.', 'Debby R.', 'Esther M.', 'Femke L.', 'Gina P.', 'Hilde S.', 'Iris T.', 'Jolanda B.',
  'Kim W.', 'Linda H.', 'Monique A.', 'Nadia E.', 'Olga F.', 'Petra G.', 'Roos J.', 'Sandra N.', 'Tamara O.', 'Ursula Q.',
];

interface Fate {
  destination: HandoverDestination;
  completedOn: string;
  /** Client status after the handover. */
  status: ClientStatus;
  to?: keyof typeof DEMO.org;
}

/** Where each of the 18 registered women went at the close (clients 1..18); client 19 revoked her registration. */
function fateOf(n: number): Fate {
  if (n <= 2) return { destination: 'CLOSED', completedOn: `2023-01-${10 + n}`, status: 'CLOSED' };
  if (n <= 4) return { destination: 'REGULAR_CARE', completedOn: '2023-07-31', status: 'HANDED_OVER', to: 'wijkteam' };
  if (n <= 6) return { destination: 'OTHER_MUNICIPALITY', completedOn: `2023-0${n - 1}-15`, status: 'HANDED_OVER', to: 'arnhem' };
  if (n <= 11) return { destination: 'MONITORING', completedOn: `2023-07-${10 + n}`, status: 'MONITORING', to: 'zvh' };
  return { destination: 'STAPTEAM', completedOn: '2023-07-31', status: 'ACTIVE' };
}

function mondayOnOrAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, (8 - d.getUTCDay()) % 7);
}

const at = (day: string) => new Date(`${day}T09:00:00Z`);

/** Loads the demo chain into an empty database; returns false (and changes nothing) otherwise. */
export async function seedDemo(em: EntityManager, now = new Date()): Promise<boolean> {
  if ((await em.count(Organisation, {})) > 0) return false;
  await em.transactional(async (tx) => {
    const org = {} as Record<keyof typeof DEMO.org, Organisation>;
    for (const [key, name, kind] of ORGANISATIONS) org[key] = tx.create(Organisation, { id: DEMO.org[key], name, kind });
    for (const [key, , , municipality] of ORGANISATIONS) org[key].municipality = org[municipality];

    const stapteam = tx.create(Team, { id: DEMO.stapteam, name: 'Stapteam 2.0', municipality: org.nijmegen });
    const pros = PROFESSIONALS.map(([email, name, o, roles, inTeam], i) => {
      const p = tx.create(Professional, { id: demoId(3, i + 1), email, name, subject: demoSubject(email), organisation: org[o], roles });
      if (inTeam) stapteam.members.add(p);
      return p;
    });
    const cm = (i: number) => pros[CASE_MANAGERS[i % CASE_MANAGERS.length]];

    const clients: Client[] = [];
    const seq = { consent: 0, trajectory: 0, handover: 0, assignment: 0, observation: 0 };
    const next = (k: keyof typeof seq) => ++seq[k];
    const consent = (c: Client, o: keyof typeof DEMO.org | null, categories: Category[] | null, purpose: Purpose | null, extra: Partial<Consent> = {}) =>
      tx.create(Consent, {
        id: demoId(5, next('consent')),
        client: c,
        effect: 'PERMIT',
        organisation: o ? org[o] : null,
        categories,
        purpose,
        legalBasis: 'CONSENT',
        validFrom: at('2023-08-01'),
        recordedBy: pros[0],
        ...extra,
      });
    const trajectory = (c: Client, kind: TrajectoryKind, provider: keyof typeof DEMO.org, startedOn: string, endedOn: string | null, outcome: string | null, notes: string | null) =>
      tx.create(Trajectory, { id: demoId(6, next('trajectory')), client: c, kind, provider: org[provider], startedOn, endedOn, status: endedOn ? 'ENDED' : 'ACTIVE', outcome, notes });
    const caseloads: CaseAssignment[] = [];
    const assignment = (c: Client, o: Organisation, professional: Professional | null, startedOn: string, endedOn: string | null) => {
      const a = tx.create(CaseAssignment, { id: demoId(9, next('assignment')), client: c, organisation: o, professional, startedOn, endedOn });
      if (professional) caseloads.push(a);
    };

    for (let n = 1; n <= 20; n++) {
      const registered = n <= 19;
      const issuedOn = registered ? addDays('2021-08-02', (n - 1) * 37) : null; // spread over the project period
      const fate = n <= 18 ? fateOf(n) : null;
      const status: ClientStatus = n === 19 ? 'CLOSED' : n === 20 ? 'REFERRED' : fate!.status;
      const c = tx.create(Client, {
        id: DEMO.client(n),
        code: `KP-${String(n).padStart(3, '0')}`,
        status,
        municipality: org.nijmegen,
        team: n >= 12 && n <= 18 ? stapteam : n === 20 ? stapteam : null,
      });
      clients.push(c);
      tx.create(ClientRecord, {
        client: c,
        name: NAMES[n - 1],
        dateOfBirth: `19${80 + (n % 19)}-0${1 + (n % 9)}-1${n % 10}`,
        bsn: `99999${String(1000 + n * 7).padStart(4, '0')}`,
        phone: `06-${String(10000000 + n * 1234567).slice(0, 8)}`,
        whereabouts: n % 3 === 0 ? 'Sleeps at the night shelter' : 'Room in Nijmegen-Oost',
        healthSummary: n % 2 ? 'Chronic hepatitis C, under treatment' : 'Depressive episodes; no current treatment',
        substanceUse: n % 2 ? 'Crack cocaine, daily' : 'Heroin, methadone programme',
        housingSituation: n % 4 === 0 ? 'Homeless' : 'Supported room, temporary',
        justiceInvolvement: n % 5 === 0 ? 'Probation until 2024' : 'None known',
        income: 'Social assistance (Participatiewet)',
        debts: n % 2 ? '€ 12.000, in debt counselling' : 'Unknown',
      });

      if (issuedOn) {
        tx.create(ZoneRegistration, {
          id: demoId(8, n),
          client: c,
          municipality: org.nijmegen,
          number: `TZ-${issuedOn.slice(0, 4)}-${String(n).padStart(3, '0')}`,
          issuedOn,
          revokedOn: n === 19 ? '2023-06-20' : null,
          revokedOnRequest: n === 19,
          issuedBy: pros[6],
        });
        // Permission for the permit officer; client 19 withdrew it with her registration.
        consent(c, 'nijmegen', ['IDENTITY', 'SEX_WORK'], 'PERMITTING', {
          validFrom: at(issuedOn),
          ...(n === 19 ? { revokedAt: at('2023-06-20'), revocationReasonCategory: 'SEX_WORK', revocationReason: 'Stopped working on the zone; asked to end her registration' } : {}),
        });
      }
      // Eleven women (8..18) were seen working on the zone during the project.
      if (n >= 8 && n <= 18) {
        for (let k = 0; k < 3; k++) {
          tx.create(ZoneObservation, { id: demoId(13, next('observation')), client: c, observedBy: org.legerDesHeils, observedOn: addDays(issuedOn!, 20 + k * 45) });
        }
      }
      if (!fate) continue;

      // During the project: case management by one of the seven case managers.
      const manager = cm(n - 1);
      const projectEnd = fate.destination === 'STAPTEAM' ? '2023-07-31' : fate.completedOn;
      assignment(c, manager.organisation, manager, issuedOn!, projectEnd);
      trajectory(c, 'CASE_MANAGEMENT', manager.organisation === org.iriszorg ? 'iriszorg' : 'legerDesHeils', issuedOn!, fate.destination === 'STAPTEAM' ? null : fate.completedOn, null, 'Weekly contact on and off the zone');
      tx.create(Handover, {
        id: demoId(7, next('handover')),
        client: c,
        fromOrganisation: manager.organisation,
        toOrganisation: fate.to ? org[fate.to] : fate.destination === 'STAPTEAM' ? cm(n).organisation : null,
        destination: fate.destination,
        status: 'COMPLETED',
        notes: `Handover at the close of the project (${fate.destination.toLowerCase().replace('_', ' ')})`,
        notesCategory: 'BASIC',
        proposedBy: manager,
        decidedBy: manager,
        proposedAt: at(addDays(fate.completedOn, -14)),
        decidedAt: at(addDays(fate.completedOn, -7)),
        completedAt: at(fate.completedOn),
      });
      if (fate.destination === 'STAPTEAM') assignment(c, cm(n).organisation, cm(n), '2023-08-01', null);
      else if (fate.to) assignment(c, org[fate.to], null, addDays(fate.completedOn, 1), null);
    }

    // Trajectories of the report: 5 time-out stays, 2 inflow-housing (one continued by Stapteam 2.0),
    // and the outreach diagnostics pilot of Pro Persona.
    const c = (n: number) => clients[n - 1];
    [8, 9, 12, 13, 14].forEach((n, i) =>
      trajectory(c(n), 'TIME_OUT', 'iriszorg', addDays('2022-02-01', i * 90), addDays('2022-02-01', i * 90 + 21), 'Rested three weeks in Beekbergen; returned to Nijmegen', 'Time-out facility Hoogeland, Beekbergen'),
    );
    trajectory(c(15), 'INFLOW_HOUSING', 'legerDesHeils', '2022-09-01', '2023-05-31', 'Moved on to her own tenancy', 'Inflow house Nijmegen-West');
    trajectory(c(16), 'INFLOW_HOUSING', 'legerDesHeils', '2023-03-01', null, null, 'Inflow house Nijmegen-West; continued by Stapteam 2.0');
    [12, 14, 17].forEach((n, i) =>
      trajectory(c(n), 'DIAGNOSTICS', 'proPersona', addDays('2023-02-01', i * 30), addDays('2023-02-01', i * 30 + 14), 'PTSS and a mild intellectual disability; treatment advice given', 'Outreach diagnostics on the zone'),
    );

    // Consents of the Stapteam caseload differ, so that each persona sees a different picture.
    const CARE_ALL: Category[] = ['IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK'];
    consent(c(12), 'iriszorg', null, 'CARE');
    consent(c(12), 'legerDesHeils', null, 'CARE');
    consent(c(12), 'arnhem', ['IDENTITY', 'CONTACT', 'HOUSING'], 'CARE_COORDINATION', { validFrom: at('2026-10-01') });
    consent(c(13), 'legerDesHeils', CARE_ALL, 'CARE');
    consent(c(13), 'iriszorg', ['IDENTITY', 'CONTACT', 'HOUSING'], 'CARE');
    consent(c(14), 'iriszorg', ['IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION'], 'CARE');
    consent(c(14), 'legerDesHeils', ['IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION'], 'CARE');
    consent(c(14), null, null, null, { effect: 'DENY', organisationKind: 'MUNICIPALITY', legalBasis: 'CONSENT' });
    consent(c(15), 'iriszorg', CARE_ALL.filter((x) => x !== 'JUSTICE'), 'CARE');
    consent(c(15), 'legerDesHeils', null, 'CARE');
    consent(c(15), 'legerDesHeils', ['HEALTH'], null, { effect: 'DENY' });
    consent(c(16), 'legerDesHeils', ['IDENTITY', 'CONTACT', 'HEALTH'], 'CARE', { revokedAt: at('2025-06-01'), revocationReasonCategory: 'HEALTH', revocationReason: 'Wants to discuss her health only with Iriszorg' });
    consent(c(16), 'iriszorg', CARE_ALL, 'CARE');
    consent(c(17), 'iriszorg', CARE_ALL, 'CARE', { validFrom: at('2023-08-01'), validUntil: at('2025-01-01') });
    consent(c(17), 'proPersona', ['IDENTITY', 'HEALTH', 'ADDICTION'], 'CARE');
    consent(c(12), 'proPersona', ['IDENTITY', 'HEALTH', 'ADDICTION'], 'CARE');
    consent(c(14), 'proPersona', ['IDENTITY', 'HEALTH'], 'CARE');
    // Client 18 gave no consent at all: her team sees only BASIC.
    for (const n of [12, 13, 15, 16, 17]) consent(c(n), 'zvh', ['IDENTITY', 'CONTACT', 'HOUSING', 'JUSTICE'], 'CARE_COORDINATION');
    for (const n of [7, 8, 9, 10, 11]) consent(c(n), 'zvh', ['IDENTITY', 'CONTACT', 'HOUSING'], 'CARE_COORDINATION', { validFrom: at('2023-07-01') });
    for (const n of [5, 6]) consent(c(n), 'arnhem', ['IDENTITY', 'CONTACT', 'HOUSING'], 'CARE_COORDINATION', { validFrom: at('2023-03-01') });
    for (const n of [3, 4]) consent(c(n), 'wijkteam', null, 'CARE', { validFrom: at('2023-07-15') });

    // Open work for the dashboards: a move to Arnhem (consented) and one to regular care (not yet).
    tx.create(Handover, {
      id: demoId(7, next('handover')), client: c(12), fromOrganisation: org.iriszorg, toOrganisation: org.arnhem, destination: 'OTHER_MUNICIPALITY',
      notes: 'Moves in with her sister in Arnhem next month', notesCategory: 'HOUSING', proposedBy: pros[0], proposedAt: at('2026-11-02'),
    });
    tx.create(Handover, {
      id: demoId(7, next('handover')), client: c(13), fromOrganisation: org.legerDesHeils, toOrganisation: org.wijkteam, destination: 'REGULAR_CARE',
      notes: 'Stable for six months; ready for the wijkteam', notesCategory: 'BASIC', proposedBy: pros[1], proposedAt: at('2026-11-05'),
    });
    tx.create(Referral, {
      id: demoId(12, 1), client: c(20), referredBy: org.zvh, referredByProfessional: pros[4], team: stapteam, reasonCategory: 'HOUSING',
      reason: 'Seen on the zone for three weeks; sleeps in a car', createdAt: at('2026-11-01'),
    });
    tx.create(Signal, {
      id: demoId(11, 1), client: c(14), raisedBy: pros[0], raisedByOrganisation: org.iriszorg, category: 'HEALTH',
      text: 'Seems to have stopped her medication; missed two appointments', raisedAt: at('2026-10-20'),
    });
    tx.create(Signal, {
      id: demoId(11, 2), client: c(16), raisedBy: pros[1], raisedByOrganisation: org.legerDesHeils, category: 'HOUSING',
      text: 'Sleeping rough near the station again', raisedAt: at('2024-03-04'), status: 'RESOLVED', resolvedAt: at('2024-03-20'), resolvedBy: pros[4],
    });
    tx.create(BreakGlassGrant, {
      id: demoId(14, 1), client: c(18), professional: pros[1], organisation: org.legerDesHeils,
      reason: 'Found unconscious at the zone; ambulance asked about medication and allergies', startedAt: at('2025-02-14'), expiresAt: new Date(at('2025-02-14').getTime() + 4 * 3600_000),
    });

    // Four hours a week per case: one 240-minute log per client and week of case management.
    const today = dayOf(now);
    let logs = 0;
    for (const a of caseloads) {
      const last = a.endedOn && a.endedOn < today ? a.endedOn : today;
      for (let day = mondayOnOrAfter(a.startedOn); day <= last; day = addDays(day, 7)) {
        tx.create(ActivityLog, { id: demoId(10, ++logs), client: a.client, professional: a.professional!, day, minutes: 240 });
      }
    }

    // The budget of the project: € 653,503, of which € 97,074 remained on 31 July 2023.
    const programme = tx.create(Programme, { id: DEMO.programme, name: 'Zorgaanpak Straatsekswerkers Nijmegen 2021–2023', municipality: org.nijmegen, startsOn: '2021-08-01', endsOn: '2023-07-31' });
    tx.create(Subsidy, { id: demoId(15, 1), programme, organisation: org.iriszorg, amountCents: 360_000_00 });
    tx.create(Subsidy, { id: demoId(15, 2), programme, organisation: org.legerDesHeils, amountCents: 293_503_00 });
    const BUDGET: [BudgetCategory, number, [keyof typeof DEMO.org, number, string, number | null][]][] = [
      ['CASE_MANAGEMENT', 520_000, [['iriszorg', 249_000, 'Case management 2021–2023', null], ['legerDesHeils', 249_000, 'Case management 2021–2023', null]]],
      ['TREATMENT', 40_000, []],
      ['HOUSING', 30_000, []],
      ['FLEX_BUDGET', 25_000, [['iriszorg', 6_429, 'Breakthrough: rent arrears paid', 12], ['iriszorg', 5_000, 'Breakthrough: furniture for her room', 15], ['legerDesHeils', 4_000, 'Breakthrough: identity papers and fines', 13], ['legerDesHeils', 6_000, 'Breakthrough: detox travel and stay', 16]]],
      ['TIME_OUT_BEDS', 20_000, [['iriszorg', 20_000, 'Starting the time-out beds at Hoogeland', null]]],
      ['RENOVATION', 12_503, [['legerDesHeils', 12_000, 'Renovating "de Loods"', null]]],
      ['ACTIVITIES', 6_000, [['legerDesHeils', 5_000, 'Activities for the women', null]]],
    ];
    let e = 0;
    BUDGET.forEach(([category, euros, spending], i) => {
      const line = tx.create(BudgetLine, { id: demoId(16, i + 1), programme, category, budgetedCents: euros * 100 });
      for (const [o, amount, description, client] of spending) {
        tx.create(Expenditure, { id: demoId(17, ++e), budgetLine: line, organisation: org[o], amountCents: amount * 100, spentOn: addDays('2022-01-15', e * 29), description, client: client ? c(client) : null });
      }
    });
  });
  return true;
}

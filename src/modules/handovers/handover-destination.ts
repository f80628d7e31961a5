import type { ClientStatus } from '../clients/client.entity';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisations/organisation.entity';
import type { HandoverDestination } from './handover.entity';
import RECEIVERS from './handover-receivers.json';

export interface DestinationRule {
  /** The kinds of organisation that may receive her; null when nobody does (her trajectory closes). */
  receivers: readonly OrganisationKind[] | null;
  /** Where she stands once the handover is completed. */
  clientStatus: ClientStatus;
  /** Whether she stays in a team's caseload (Stapteam 2.0) or leaves the team. */
  inTeam: boolean;
  /** Whether the receiver must be an organisation of her own chain (a team's is checked as its team). */
  ofHerChain: boolean;
  /** How her trajectories ended, when she leaves the team. */
  outcome: string;
}

/** Who receives a handover there, from the file the dashboard reads too; a kind nobody has stops the start. */
function receivers(destination: HandoverDestination): readonly OrganisationKind[] | null {
  const kinds: readonly string[] | null = RECEIVERS[destination];
  const unknown = kinds?.find((k) => !(ORGANISATION_KINDS as readonly string[]).includes(k));
  if (unknown) throw new Error(`handover-receivers.json names an organisation kind that does not exist: ${unknown}`);
  return kinds as readonly OrganisationKind[] | null;
}

/** What each destination of a handover means, as data. */
export const DESTINATIONS: Readonly<Record<HandoverDestination, DestinationRule>> = {
  CLOSED: { receivers: receivers('CLOSED'), clientStatus: 'CLOSED', inTeam: false, ofHerChain: false, outcome: 'Trajectory closed' },
  REGULAR_CARE: { receivers: receivers('REGULAR_CARE'), clientStatus: 'HANDED_OVER', inTeam: false, ofHerChain: false, outcome: 'Handed over to regular care' },
  // The receiving municipality's procesregie takes her on; it must be another municipality than hers.
  OTHER_MUNICIPALITY: { receivers: receivers('OTHER_MUNICIPALITY'), clientStatus: 'HANDED_OVER', inTeam: false, ofHerChain: false, outcome: 'Handed over to another municipality' },
  // Procesregie of her chain's safety house keeps an eye on a woman without active care: it directs her process.
  MONITORING: { receivers: receivers('MONITORING'), clientStatus: 'MONITORING', inTeam: false, ofHerChain: true, outcome: 'Handed over to monitoring by procesregie' },
  STAPTEAM: { receivers: receivers('STAPTEAM'), clientStatus: 'ACTIVE', inTeam: true, ofHerChain: false, outcome: 'Continued in the Stapteam caseload' },
};

import type { ClientStatus } from '../clients/client.entity';
import type { OrganisationKind } from '../organisations/organisation.entity';
import type { HandoverDestination } from './handover.entity';

export interface DestinationRule {
  /** The kinds of organisation that may receive her; null when nobody does (her trajectory closes). */
  receivers: readonly OrganisationKind[] | null;
  /** Where she stands once the handover is completed. */
  clientStatus: ClientStatus;
  /** Whether she stays in a team's caseload (Stapteam 2.0) or leaves the team. */
  inTeam: boolean;
  /** Whether the receiver must be an organisation of her own chain (a team's is checked as its team). */
  ofHerChain: boolean;
  /** How her case management ended, when she leaves the team. */
  outcome: string;
}

/** What each destination of a handover means, as data. */
export const DESTINATIONS: Readonly<Record<HandoverDestination, DestinationRule>> = {
  CLOSED: { receivers: null, clientStatus: 'CLOSED', inTeam: false, ofHerChain: false, outcome: 'Trajectory closed' },
  REGULAR_CARE: { receivers: ['REGULAR_CARE', 'MENTAL_HEALTH_PROVIDER'], clientStatus: 'HANDED_OVER', inTeam: false, ofHerChain: false, outcome: 'Handed over to regular care' },
  // The receiving municipality's procesregie takes her on; it must be another municipality than hers.
  OTHER_MUNICIPALITY: { receivers: ['MUNICIPALITY'], clientStatus: 'HANDED_OVER', inTeam: false, ofHerChain: false, outcome: 'Handed over to another municipality' },
  // Procesregie of her chain's safety house keeps an eye on a woman without active care: it directs her process.
  MONITORING: { receivers: ['SAFETY_HOUSE'], clientStatus: 'MONITORING', inTeam: false, ofHerChain: true, outcome: 'Handed over to monitoring by procesregie' },
  STAPTEAM: { receivers: ['CARE_PROVIDER'], clientStatus: 'ACTIVE', inTeam: true, ofHerChain: false, outcome: 'Continued in the Stapteam caseload' },
};

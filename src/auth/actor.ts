import type { PolicyActor } from '../policy/decide';

/** The caller, as the gateway's own records say: organisation and roles never come from the token. */
export interface Actor extends PolicyActor {
  name: string;
  email: string;
  /** The municipality whose chain the caller's organisation belongs to. */
  municipalityId: string | null;
  teamIds: string[];
}

/**
 * Whether the caller directs the process (procesregie) of the chain a client belongs to: the one
 * who reviews her break-glass grants, reads her audit trail and resolves the signals about her. A
 * process director of another city's chain, involved with her through a handover, does not.
 */
export function directsProcessOf(actor: Actor, clientMunicipalityId: string): boolean {
  return actor.roles.includes('PROCESS_DIRECTOR') && actor.municipalityId === clientMunicipalityId;
}

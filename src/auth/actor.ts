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
 * Whether the caller directs the process (procesregie) of the chain a client is in (`herChainToday`):
 * the one who reviews her break-glass grants, reads her audit trail and resolves the signals about
 * her. A process director of another city's chain, involved with her through an open handover, does
 * not; once the handover has moved her there, she does, and the one of the chain she left no longer.
 */
export function directsProcessOf(actor: Actor, herChain: string | null): boolean {
  return actor.roles.includes('PROCESS_DIRECTOR') && herChain !== null && actor.municipalityId === herChain;
}

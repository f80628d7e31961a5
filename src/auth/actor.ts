import type { PolicyActor } from '../policy/decide';

/** The caller, as the gateway's own records say: organisation and roles never come from the token. */
export interface Actor extends PolicyActor {
  name: string;
  email: string;
  /** The municipality whose chain the caller's organisation belongs to. */
  municipalityId: string | null;
  teamIds: string[];
}

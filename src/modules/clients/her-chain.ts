import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../auth/actor';
import { today } from '../../common/scalars';
import { directsProcess } from '../../policy/tables';

/**
 * The municipality whose chain she is in today: the one that registered her until a completed
 * handover moved her to another, then that one (migration …_her_chain_on_a_day). Its procesregie
 * directs her process; its organisations may break the glass for her; a handover to it is no move.
 */
export async function herChainToday(em: EntityManager, clientId: string, now: Date): Promise<string | null> {
  const [row] = await em.execute<{ chain: string | null }[]>('select client_chain_on(?, ?) as chain', [clientId, today(now)]);
  return row?.chain ?? null;
}

/**
 * Whether the caller directs the process (procesregie) of the chain the client is in: the one who
 * reviews her break-glass grants, reads her audit trail and resolves the signals about her. A
 * process director of another city's chain, involved with her through an open handover, does not;
 * once the handover has moved her there, she does, and the one of the chain she left no longer.
 * Anyone else is answered without asking the database.
 */
export async function directsProcessOf(em: EntityManager, actor: Actor, clientId: string, now: Date): Promise<boolean> {
  if (!directsProcess(actor) || !actor.municipalityId) return false;
  return (await herChainToday(em, clientId, now)) === actor.municipalityId;
}

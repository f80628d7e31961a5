import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../common/scalars';

/**
 * The municipality whose chain she is in today: the one that registered her until a completed
 * handover moved her to another, then that one (migration …_her_chain_on_a_day). Its procesregie
 * directs her process; its organisations may break the glass for her; a handover to it is no move.
 */
export async function herChainToday(em: EntityManager, clientId: string, now: Date): Promise<string | null> {
  const [row] = await em.execute<{ chain: string | null }[]>('select client_chain_on(?, ?) as chain', [clientId, today(now)]);
  return row?.chain ?? null;
}

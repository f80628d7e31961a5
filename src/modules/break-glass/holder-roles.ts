import type { EntityManager } from '@mikro-orm/postgresql';
import { columnsOf } from '../../common/loaders';
import { BreakGlassGrant } from './break-glass-grant.entity';

/**
 * Her roles change, or she is deactivated: her running grants end now. A grant covers what the role
 * she opened it in may see (policy §4), and is decided on the roles she holds when it is used: in
 * another role it would open other categories than its line names. Nor may it outlast her leaving:
 * reactivated within its hours, she would have it back without a reason or a line. She opens a new
 * one, with its own line, in her new role or once back.
 */
export async function endGrantsOf(tx: EntityManager, professionalId: string): Promise<void> {
  const { table, column } = columnsOf(tx, BreakGlassGrant);
  await tx.execute(
    `update ${table} set ${column('expiresAt')} = greatest(now(), ${column('startedAt')} + interval '1 millisecond')
      where ${column('professional')} = ? and ${column('expiresAt')} > now()`,
    [professionalId],
  );
}

import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError } from '../../config';

interface AuditRights {
  role: string;
  superuser: boolean;
  owner: string;
  /** The role owns audit_event, or is a member of the role that does. */
  owns: boolean;
  /** Which of UPDATE, DELETE, TRUNCATE and TRIGGER it holds on audit_event (UPDATE of any column counts). */
  privileges: string[];
}

/**
 * Refuses a production gateway whose database role could alter the audit log: production connects
 * as a role that may only add lines to it and read them (docs/operations.md §2.6). The triggers
 * that keep the log append-only are its owner's to switch off, and a superuser's. A role granted
 * UPDATE, DELETE or TRUNCATE is held back by those triggers alone, which §2.6 does not leave to
 * them: it is a setup gone wrong too. TRIGGER is worse: a row trigger of its own that fires before
 * the chain's (PostgreSQL fires them by name) rewrites a line before it is hashed, and the chain
 * then vouches for the rewritten line. The commands (migrate, audit:verify) are not the gateway
 * and are the owner's to run.
 */
export async function refuseRoleThatCanAlterTheAudit(orm: MikroORM): Promise<void> {
  const [rights] = await orm.em.getConnection().execute<AuditRights[]>(
    `select current_user as role, r.rolsuper as superuser, o.rolname as owner, pg_has_role(c.relowner, 'MEMBER') as owns,
            array_remove(array[
              case when has_any_column_privilege(c.oid, 'UPDATE') then 'UPDATE' end,
              case when has_table_privilege(c.oid, 'DELETE') then 'DELETE' end,
              case when has_table_privilege(c.oid, 'TRUNCATE') then 'TRUNCATE' end,
              case when has_table_privilege(c.oid, 'TRIGGER') then 'TRIGGER' end
            ], null) as privileges
       from pg_class c join pg_roles o on o.oid = c.relowner join pg_roles r on r.rolname = current_user
      where c.oid = 'audit_event'::regclass`,
  );
  const why = whatLetsItAlter(rights);
  if (why) {
    throw new ConfigError(`DATABASE_URL connects as ${rights.role}, which ${why}: the audit log is append-only, and in production the gateway's role may only insert into it and read it (docs/operations.md §2.6)`);
  }
}

function whatLetsItAlter({ role, superuser, owner, owns, privileges }: AuditRights): string | undefined {
  if (superuser) return 'is a superuser';
  if (owns) return owner === role ? 'owns audit_event' : `is a member of ${owner}, which owns audit_event`;
  if (privileges.length) return `may ${privileges.join(', ')} audit_event`;
  return undefined;
}

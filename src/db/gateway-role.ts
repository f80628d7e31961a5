import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError } from '../config';

interface RoleRights {
  role: string;
  superuser: boolean;
  owner: string;
  /** The role owns audit_event, or is a member of the role that does. */
  owns: boolean;
  /** Which of UPDATE, DELETE, TRUNCATE and TRIGGER it holds on audit_event (UPDATE of any column counts). */
  alters: string[];
  /** What the gateway needs and the role lacks, as GRANT names it: `SELECT, INSERT on table consent`. */
  lacks: string[];
}

/**
 * Refuses a production gateway whose database role could alter the audit log, or lacks what the
 * gateway needs to serve (docs/operations.md §2.6).
 *
 * Production connects as a role that may only add lines to the audit log and read them. The
 * triggers that keep the log append-only are its owner's to switch off, and a superuser's. A role
 * granted UPDATE, DELETE or TRUNCATE is held back by those triggers alone, which §2.6 does not
 * leave to them: it is a setup gone wrong too. TRIGGER is worse: a row trigger of its own that
 * fires before the chain's (PostgreSQL fires them by name) rewrites a line before it is hashed, and
 * the chain then vouches for the rewritten line.
 *
 * A role short of a grant starts, reports ready, and then fails every request that reaches what it
 * lacks. What it needs is read from the schema, not listed here, so a migration that adds a table,
 * a sequence or a function is checked without anyone remembering to: every table and view of the
 * public schema to read, every table to write as §2.6 grants (the audit log only to insert into,
 * the migrations table only to read), the sequences behind the tables' defaults, and every
 * function but the triggers' — a trigger function needs no EXECUTE to fire, while what it and the
 * views call runs as the gateway's role. An extension's objects are not the gateway's, and some
 * (pg_stat_statements') are withheld from PUBLIC. The commands (migrate, audit:verify) are not the
 * gateway and are the owner's to run.
 *
 * It runs first at a production start (prepareToServe, database.ts), where the gateway migrates
 * nothing, on the schema as the migration step left it: one that has not made the audit log yet is
 * refused as well. It reads the
 * catalogue by name, so a role without USAGE on the schema is checked too.
 */
export async function refuseUnfitGatewayRole(orm: MikroORM): Promise<void> {
  const [rights] = await orm.em.getConnection().execute<RoleRights[]>(
    `with migrations as (select oid from pg_class where relnamespace = 'public'::regnamespace and relname = ?),
          audit as (select * from pg_class where relnamespace = 'public'::regnamespace and relname = 'audit_event'),
          extension_member as (select classid, objid from pg_depend where deptype = 'e'),
          object(rank, kind, name, oid, needs) as (
            select 1, 'schema', 'public', 'public'::regnamespace::oid, array['USAGE']
            union all
            select 2, 'table', quote_ident(c.relname), c.oid,
                   case when c.oid in (select oid from migrations) then array['SELECT']
                        when c.oid in (select oid from audit) then array['SELECT', 'INSERT']
                        when c.relkind in ('r', 'p') then array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                        else array['SELECT'] end
              from pg_class c
             where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition
               and (c.tableoid, c.oid) not in (select * from extension_member)
            union all
            -- An identity column's sequence needs no grant; a serial's does.
            select 3, 'sequence', quote_ident(s.relname), s.oid, array['USAGE']
              from pg_class s
             where s.relnamespace = 'public'::regnamespace and s.relkind = 'S'
               and not exists (select from pg_depend d where d.classid = s.tableoid and d.objid = s.oid
                                  and (d.deptype in ('i', 'e') or d.refobjid in (select oid from migrations)))
            union all
            select 4, 'function', p.oid::regprocedure::text, p.oid, array['EXECUTE']
              from pg_proc p
             where p.pronamespace = 'public'::regnamespace and p.prorettype <> 'trigger'::regtype
               and (p.tableoid, p.oid) not in (select * from extension_member)
          ),
          lacking as (
            select o.rank, o.kind, o.name, string_agg(need.privilege, ', ' order by need.n) as privileges
              from object o cross join unnest(o.needs) with ordinality as need(privilege, n)
             where not case o.kind when 'schema' then has_schema_privilege(o.oid, need.privilege)
                                   when 'table' then has_table_privilege(o.oid, need.privilege)
                                   when 'sequence' then has_sequence_privilege(o.oid, need.privilege)
                                   else has_function_privilege(o.oid, need.privilege) end
             group by o.rank, o.kind, o.name
          )
     select current_user as role, r.rolsuper as superuser, o.rolname as owner, pg_has_role(a.relowner, 'MEMBER') as owns,
            array_remove(array[
              case when has_any_column_privilege(a.oid, 'UPDATE') then 'UPDATE' end,
              case when has_table_privilege(a.oid, 'DELETE') then 'DELETE' end,
              case when has_table_privilege(a.oid, 'TRUNCATE') then 'TRUNCATE' end,
              case when has_table_privilege(a.oid, 'TRIGGER') then 'TRIGGER' end
            ], null) as alters,
            array(select format('%s on %s %s', privileges, kind, name) from lacking order by rank, name) as lacks
       from audit a join pg_roles o on o.oid = a.relowner join pg_roles r on r.rolname = current_user`,
    [orm.config.get('migrations').tableName],
  );
  // audit_event anchors the query: without it, it answers no row.
  if (!rights) throw new ConfigError('the database at DATABASE_URL has no audit log: run the migration step as the owner first (docs/operations.md §2.6)');
  const why = whatLetsItAlter(rights);
  if (why) {
    throw new ConfigError(`DATABASE_URL connects as ${rights.role}, which ${why}: the audit log is append-only, and in production the gateway's role may only insert into it and read it (docs/operations.md §2.6)`);
  }
  if (rights.lacks.length) {
    throw new ConfigError(`DATABASE_URL connects as ${rights.role}, which may not ${named(rights.lacks)}: the gateway cannot serve without them; grant what docs/operations.md §2.6 grants`);
  }
}

/** A role given none of the grants lacks something on every table and view, dozens of them: the first few say what is wrong. */
const NAMED = 5;

function named(lacks: string[]): string {
  const more = lacks.length - NAMED;
  return more > 0 ? `${lacks.slice(0, NAMED).join('; ')}; and ${more} more` : lacks.join('; ');
}

function whatLetsItAlter({ role, superuser, owner, owns, alters }: RoleRights): string | undefined {
  if (superuser) return 'is a superuser';
  if (owns) return owner === role ? 'owns audit_event' : `is a member of ${owner}, which owns audit_event`;
  if (alters.length) return `may ${alters.join(', ')} audit_event`;
  return undefined;
}

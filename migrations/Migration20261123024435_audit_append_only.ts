import { Migration } from '@mikro-orm/migrations';

/**
 * The NEN 7513 log becomes append-only and tamper-evident in PostgreSQL itself, not only in the
 * application:
 * - each entry carries `prev_hash` and `hash = sha256(prev_hash || canonical entry)`, computed by a
 *   BEFORE INSERT trigger under one transaction-scoped advisory lock, so concurrent writers queue
 *   for the chain's head and no application path can skip or fork it;
 * - UPDATE, DELETE (row triggers) and TRUNCATE (statement trigger) are refused for everyone,
 *   the table's owner included; the triggers are ENABLE ALWAYS so `session_replication_role =
 *   replica` does not skip them;
 * - UPDATE, DELETE and TRUNCATE are revoked from PUBLIC. Production connects as a role that does not
 *   own the table and was granted only INSERT and SELECT on it (docs/privacy.md).
 * The canonical serialisation is recomputed independently by `npm run audit:verify`
 * (src/modules/audit/audit-chain.ts): every column as PostgreSQL renders it as text, each as
 * `<octets>:<text>` (or `-` for null) joined by `|`, the moment as microseconds since the epoch.
 */
export class Migration20261123024435_audit_append_only extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "parent_span_id" text null, add column "chain_position" bigint null, add column "prev_hash" text null, add column "hash" text null;`);
    this.addSql(`create function audit_event_canonical(e audit_event) returns text language sql immutable as $$
      select string_agg(coalesce(octet_length(v)::text || ':' || v, '-'), '|' order by n)
      from unnest(array[
        e.chain_position::text, e.id::text, ((extract(epoch from e.occurred_at) * 1000000)::bigint)::text,
        e.event_type, e.action, e.outcome, e.professional_id::text, e.responsible_professional_id::text,
        e.organisation_id::text, e.roles::text, e.application, e.network_address, e.client_id::text,
        e.categories::text, e.fields::text, e.authorisation_checked::text, e.care_relationship_checked::text,
        e.consent_checked::text, e.break_glass_used::text, e.consent_id::text, e.grant_id::text, e.reason,
        e.operation_name, e.request_id, e.trace_id, e.span_id, e.parent_span_id
      ]) with ordinality as t(v, n)
    $$;`);
    // Entries written before this migration are chained in the order they were written.
    this.addSql(`do $$
      declare r record; prev text := repeat('0', 64); pos bigint := 0;
      begin
        for r in select id from audit_event order by id loop
          pos := pos + 1;
          update audit_event set chain_position = pos, prev_hash = prev where id = r.id;
          update audit_event e set hash = encode(sha256(convert_to(prev || audit_event_canonical(e), 'UTF8')), 'hex') where id = r.id returning e.hash into prev;
        end loop;
      end $$;`);
    this.addSql(`alter table "audit_event" alter column "chain_position" set not null, alter column "prev_hash" set not null, alter column "hash" set not null;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_chain_position_unique" unique ("chain_position");`);

    this.addSql(`create function audit_event_chain() returns trigger language plpgsql volatile as $$
      declare head record;
      begin
        -- 7513: one lock for the chain's head, held until the inserting transaction ends.
        perform pg_advisory_xact_lock(7513);
        select chain_position, hash into head from audit_event order by chain_position desc limit 1;
        new.chain_position := coalesce(head.chain_position, 0) + 1;
        new.prev_hash := coalesce(head.hash, repeat('0', 64));
        new.hash := encode(sha256(convert_to(new.prev_hash || audit_event_canonical(new), 'UTF8')), 'hex');
        return new;
      end $$;`);
    this.addSql(`create function audit_event_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger audit_event_chain before insert on audit_event for each row execute function audit_event_chain();`);
    this.addSql(`create trigger audit_event_append_only before update or delete on audit_event for each row execute function audit_event_refuse_change();`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_refuse_change();`);
    this.addSql(`alter table audit_event enable always trigger audit_event_chain, enable always trigger audit_event_append_only, enable always trigger audit_event_no_truncate;`);
    this.addSql(`revoke update, delete, truncate on audit_event from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger audit_event_no_truncate on audit_event;`);
    this.addSql(`drop trigger audit_event_append_only on audit_event;`);
    this.addSql(`drop trigger audit_event_chain on audit_event;`);
    this.addSql(`drop function audit_event_refuse_change();`);
    this.addSql(`drop function audit_event_chain();`);
    this.addSql(`alter table "audit_event" drop constraint "audit_event_chain_position_unique";`);
    this.addSql(`alter table "audit_event" drop column "parent_span_id", drop column "chain_position", drop column "prev_hash", drop column "hash";`);
    this.addSql(`drop function audit_event_canonical(audit_event);`);
  }

}

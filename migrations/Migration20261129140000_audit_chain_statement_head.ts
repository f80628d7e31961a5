import { Migration } from '@mikro-orm/migrations';

/**
 * The audit chain's head is found once per INSERT statement, not once per line. The chain's lock
 * is held from a request's first line until it commits, so every writer queues behind the lines
 * before it: a page of clients writes a hundred, and finding the head and taking the (already held)
 * lock again for each of them was most of the trigger's time (bench/RESULTS.md).
 *
 * A statement-level trigger takes the lock and reads the head into a transaction-local setting,
 * tagged with the transaction's id; each line's trigger chains from it and moves it on. A line
 * whose statement did not set it (no statement trigger ran, as when a subscriber applies rows)
 * takes the lock and reads the head itself, as before. A rolled-back savepoint restores the
 * setting with the rows, so it never runs ahead of the table. The hashes are computed exactly as
 * before: `npm run audit:verify` is unchanged.
 */
export class Migration20261129140000_audit_chain_statement_head extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function audit_event_chain_head() returns trigger language plpgsql volatile as $$
      declare head record;
      begin
        -- 7513: one lock for the chain's head, held until the inserting transaction ends.
        perform pg_advisory_xact_lock(7513);
        select chain_position, hash into head from audit_event order by chain_position desc limit 1;
        perform set_config('ketenpoort.audit_chain_head',
          concat_ws(' ', pg_current_xact_id(), coalesce(head.chain_position, 0), coalesce(head.hash, repeat('0', 64))), true);
        return null;
      end $$;`);
    this.addSql(`create or replace function audit_event_chain() returns trigger language plpgsql volatile as $$
      declare head text[] := string_to_array(current_setting('ketenpoort.audit_chain_head', true), ' ');
      begin
        if head is null or head[1] is distinct from pg_current_xact_id()::text then
          perform pg_advisory_xact_lock(7513);
          select array[pg_current_xact_id()::text, chain_position::text, hash] into head from audit_event order by chain_position desc limit 1;
          head := coalesce(head, array[pg_current_xact_id()::text, '0', repeat('0', 64)]);
        end if;
        new.chain_position := head[2]::bigint + 1;
        new.prev_hash := head[3];
        new.hash := encode(sha256(convert_to(new.prev_hash || audit_event_canonical(new), 'UTF8')), 'hex');
        perform set_config('ketenpoort.audit_chain_head', concat_ws(' ', head[1], new.chain_position, new.hash), true);
        return new;
      end $$;`);
    this.addSql(`create trigger audit_event_chain_head before insert on audit_event for each statement execute function audit_event_chain_head();`);
    this.addSql(`alter table audit_event enable always trigger audit_event_chain_head;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger audit_event_chain_head on audit_event;`);
    this.addSql(`drop function audit_event_chain_head();`);
    this.addSql(`create or replace function audit_event_chain() returns trigger language plpgsql volatile as $$
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
  }
}

import { Migration } from '@mikro-orm/migrations';

const COLUMNS = [
  'e.chain_position::text', 'e.id::text', '((extract(epoch from e.occurred_at) * 1000000)::bigint)::text',
  'e.event_type', 'e.action', 'e.outcome', 'e.professional_id::text', 'e.responsible_professional_id::text',
  'e.organisation_id::text', 'e.roles::text', 'e.application', 'e.network_address', 'e.client_id::text',
  'e.categories::text', 'e.fields::text', 'e.authorisation_checked::text', 'e.care_relationship_checked::text',
  'e.consent_checked::text', 'e.break_glass_used::text', 'e.consent_id::text', 'e.grant_id::text', 'e.reason',
  'e.operation_name', 'e.request_id', 'e.trace_id', 'e.span_id', 'e.parent_span_id',
];

/**
 * The audit chain's canonical serialisation, unchanged in what it produces (so every hash written
 * before still verifies), written as one expression instead of unnest + string_agg. PostgreSQL
 * can inline an expression into the chain trigger; the query form ran as a nested statement for
 * every line — about a third of the trigger's time, and a page of clients writes a hundred lines.
 * STABLE, not IMMUTABLE, because casting arrays and timestamps to text is stable, and the planner
 * inlines only a function whose body is no more volatile than it says.
 */
export class Migration20261129130000_audit_canonical_inline extends Migration {
  override async up(): Promise<void> {
    const fields = COLUMNS.map((v) => `coalesce(octet_length(${v})::text || ':' || ${v}, '-')`).join(`\n        || '|' || `);
    this.addSql(`create or replace function audit_event_canonical(e audit_event) returns text language sql stable as $$
      select ${fields}
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function audit_event_canonical(e audit_event) returns text language sql immutable as $$
      select string_agg(coalesce(octet_length(v)::text || ':' || v, '-'), '|' order by n)
      from unnest(array[${COLUMNS.join(', ')}]) with ordinality as t(v, n)
    $$;`);
  }
}

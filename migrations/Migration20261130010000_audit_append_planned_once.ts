import { Migration } from '@mikro-orm/migrations';

/**
 * The gateway's audit insert as the PL/pgSQL function `audit_append`, whose plan each connection
 * keeps, as `policy_facts` and `is_involved` do. Sent as text, the insert was planned anew on every
 * request: ~0.15 of its ~0.4 ms of PostgreSQL CPU for a line, whatever else the request read.
 *
 * `lines` holds the lines of one or more requests, `whos` what each request's lines share (who acted,
 * how the request came), and `owners` the request each line belongs to, by position in `whos`
 * (modules/audit/audit-buffer.ts). The chain's triggers number and hash the lines as before.
 */
export class Migration20261130010000_audit_append_planned_once extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function audit_append(lines json, whos json, owners int[])
      returns void
      language plpgsql volatile set plan_cache_mode = force_generic_plan as $$
      begin
        insert into audit_event (event_type, action, outcome, client_id, categories, fields, care_relationship_checked, consent_checked,
                                 break_glass_used, consent_id, grant_id, reason, professional_id, responsible_professional_id,
                                 organisation_id, roles, application, network_address, operation_name, request_id, trace_id, span_id,
                                 parent_span_id)
        select l.event_type, l.action, l.outcome, l.client_id, l.categories, l.fields, l.care_relationship_checked, l.consent_checked,
               l.break_glass_used, l.consent_id, l.grant_id, l.reason, w.professional_id, w.responsible_professional_id,
               w.organisation_id, w.roles, w.application, w.network_address, w.operation_name, w.request_id, w.trace_id, w.span_id,
               w.parent_span_id
          from rows from (json_populate_recordset(null::audit_event, lines), unnest(owners)) l
          join json_populate_recordset(null::audit_event, whos) with ordinality w on w.ordinality = l.unnest;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function audit_append(json, json, int[]);');
  }
}

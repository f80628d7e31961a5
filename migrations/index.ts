/** Every migration in order; listed explicitly so the compiled server and ts-jest load the same ones. Written by `npm run migration:create`. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000721_initial } from './Migration20261123000721_initial';
import { Migration20261123010628_handover_receiving_case_manager } from './Migration20261123010628_handover_receiving_case_manager';
import { Migration20261123024435_audit_append_only } from './Migration20261123024435_audit_append_only';
import { Migration20261129090000_activity_summaries } from './Migration20261129090000_activity_summaries';
import { Migration20261129100000_monitoring_spans } from './Migration20261129100000_monitoring_spans';
import { Migration20261129120000_zone_and_handover_spans } from './Migration20261129120000_zone_and_handover_spans';
import { Migration20261129130000_audit_canonical_inline } from './Migration20261129130000_audit_canonical_inline';
import { Migration20261129140000_audit_chain_statement_head } from './Migration20261129140000_audit_chain_statement_head';
import { Migration20261129150000_planned_once_per_connection } from './Migration20261129150000_planned_once_per_connection';
import { Migration20261129160000_involvement_of_one_client } from './Migration20261129160000_involvement_of_one_client';
import { Migration20261130010000_audit_append_planned_once } from './Migration20261130010000_audit_append_planned_once';
import { Migration20261130120000_chain_day } from './Migration20261130120000_chain_day';
import { Migration20261130200000_involvement_beyond_break_glass } from './Migration20261130200000_involvement_beyond_break_glass';
import { Migration20261130210000_involvement_of_active_team_members } from './Migration20261130210000_involvement_of_active_team_members';
import { Migration20261130220000_referral_and_consent_idempotency_keys } from './Migration20261130220000_referral_and_consent_idempotency_keys';
import { Migration20261130230000_grants_of_those_who_may_break_glass } from './Migration20261130230000_grants_of_those_who_may_break_glass';
import { Migration20261201090000_chain_at_the_time } from './Migration20261201090000_chain_at_the_time';
import { Migration20261202090000_zone_registration_number_per_municipality } from './Migration20261202090000_zone_registration_number_per_municipality';
import { Migration20261203090000_break_glass_review_newest_first } from './Migration20261203090000_break_glass_review_newest_first';
import { Migration20261204090000_activity_refresh_of_women_who_never_moved } from './Migration20261204090000_activity_refresh_of_women_who_never_moved';
import { Migration20261205090000_open_referrals_and_proposed_handovers_by_client } from './Migration20261205090000_open_referrals_and_proposed_handovers_by_client';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000721_initial', class: Migration20261123000721_initial },
  { name: 'Migration20261123010628_handover_receiving_case_manager', class: Migration20261123010628_handover_receiving_case_manager },
  { name: 'Migration20261123024435_audit_append_only', class: Migration20261123024435_audit_append_only },
  { name: 'Migration20261129090000_activity_summaries', class: Migration20261129090000_activity_summaries },
  { name: 'Migration20261129100000_monitoring_spans', class: Migration20261129100000_monitoring_spans },
  { name: 'Migration20261129120000_zone_and_handover_spans', class: Migration20261129120000_zone_and_handover_spans },
  { name: 'Migration20261129130000_audit_canonical_inline', class: Migration20261129130000_audit_canonical_inline },
  { name: 'Migration20261129140000_audit_chain_statement_head', class: Migration20261129140000_audit_chain_statement_head },
  { name: 'Migration20261129150000_planned_once_per_connection', class: Migration20261129150000_planned_once_per_connection },
  { name: 'Migration20261129160000_involvement_of_one_client', class: Migration20261129160000_involvement_of_one_client },
  { name: 'Migration20261130010000_audit_append_planned_once', class: Migration20261130010000_audit_append_planned_once },
  { name: 'Migration20261130120000_chain_day', class: Migration20261130120000_chain_day },
  { name: 'Migration20261130200000_involvement_beyond_break_glass', class: Migration20261130200000_involvement_beyond_break_glass },
  { name: 'Migration20261130210000_involvement_of_active_team_members', class: Migration20261130210000_involvement_of_active_team_members },
  { name: 'Migration20261130220000_referral_and_consent_idempotency_keys', class: Migration20261130220000_referral_and_consent_idempotency_keys },
  { name: 'Migration20261130230000_grants_of_those_who_may_break_glass', class: Migration20261130230000_grants_of_those_who_may_break_glass },
  { name: 'Migration20261201090000_chain_at_the_time', class: Migration20261201090000_chain_at_the_time },
  { name: 'Migration20261202090000_zone_registration_number_per_municipality', class: Migration20261202090000_zone_registration_number_per_municipality },
  { name: 'Migration20261203090000_break_glass_review_newest_first', class: Migration20261203090000_break_glass_review_newest_first },
  { name: 'Migration20261204090000_activity_refresh_of_women_who_never_moved', class: Migration20261204090000_activity_refresh_of_women_who_never_moved },
  { name: 'Migration20261205090000_open_referrals_and_proposed_handovers_by_client', class: Migration20261205090000_open_referrals_and_proposed_handovers_by_client },
];

import { Migration } from '@mikro-orm/migrations';

/**
 * Who knows of a client (policy.md §1) on the day `today` (an SQL expression), as the
 * `client_involvement` view selects it; migration …_chain_day asks it on the chain's day.
 */
export const involvementOn = (today: string) => `
      select a.client_id, a.organisation_id, 'CARE_TEAM'::text as basis
        from case_assignment a
       where a.started_on <= ${today} and (a.ended_on is null or a.ended_on >= ${today})
      union all
      select c.id, p.organisation_id, 'CARE_TEAM'
        from client c
        join team_member tm on tm.team_id = c.team_id
        join professional p on p.id = tm.professional_id
      union all
      select k.client_id, k.organisation_id, 'CONSENT'
        from consent k
       where k.effect = 'PERMIT' and k.organisation_id is not null and k.revoked_at is null
         and k.valid_from <= now() and (k.valid_until is null or k.valid_until > now())
      union all
      select h.client_id, h.to_organisation_id, 'HANDOVER'
        from handover h
       where h.status = 'PROPOSED' and h.to_organisation_id is not null
      union all
      select r.client_id, r.referred_by_id, 'REFERRAL'
        from referral r
       where r.status = 'OPEN'
      union all
      select g.client_id, g.organisation_id, 'BREAK_GLASS'
        from break_glass_grant g
       where g.started_at <= now() and g.expires_at > now()`;

export class Migration20261123000721_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "occurred_at" timestamptz not null default clock_timestamp(), "event_type" text not null, "action" text check ("action" in ('C', 'R', 'U', 'D', 'E')) not null, "outcome" text check ("outcome" in ('GRANTED', 'DENIED', 'ERROR')) not null, "professional_id" uuid null, "responsible_professional_id" uuid null, "organisation_id" uuid null, "roles" text[] not null, "application" text null, "network_address" text null, "client_id" uuid null, "categories" text[] not null, "fields" text[] not null, "authorisation_checked" boolean not null default true, "care_relationship_checked" boolean not null default false, "consent_checked" boolean not null default false, "break_glass_used" boolean not null default false, "consent_id" uuid null, "grant_id" uuid null, "reason" text null, "operation_name" text null, "request_id" text null, "trace_id" text null, "span_id" text null);`);
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_client_id_occurred_at_index" on "audit_event" ("client_id", "occurred_at");`);

    this.addSql(`create table "organisation" ("id" uuid not null default gen_random_uuid(), "name" text not null, "kind" text check ("kind" in ('CARE_PROVIDER', 'MENTAL_HEALTH_PROVIDER', 'SAFETY_HOUSE', 'MUNICIPALITY', 'REGULAR_CARE')) not null, "municipality_id" uuid null, "version" int not null default 1, constraint "organisation_pkey" primary key ("id"));`);
    this.addSql(`alter table "organisation" add constraint "organisation_name_unique" unique ("name");`);
    this.addSql(`create index "organisation_municipality_id_index" on "organisation" ("municipality_id");`);

    this.addSql(`create table "professional" ("id" uuid not null default gen_random_uuid(), "name" text not null, "email" text not null, "subject" text not null, "organisation_id" uuid not null, "roles" text[] not null, "active" boolean not null default true, "version" int not null default 1, constraint "professional_pkey" primary key ("id"), constraint professional_roles_known check (roles <@ array['CASE_MANAGER', 'EXPERT_BY_EXPERIENCE', 'CLINICIAN', 'PROCESS_DIRECTOR', 'PERMIT_OFFICER', 'POLICY_OFFICER', 'ANALYST', 'ADMIN']::text[] and cardinality(roles) > 0));`);
    this.addSql(`alter table "professional" add constraint "professional_email_unique" unique ("email");`);
    this.addSql(`alter table "professional" add constraint "professional_subject_unique" unique ("subject");`);
    this.addSql(`create index "professional_organisation_id_index" on "professional" ("organisation_id");`);

    this.addSql(`create table "programme" ("id" uuid not null default gen_random_uuid(), "name" text not null, "municipality_id" uuid not null, "starts_on" date not null, "ends_on" date not null, "version" int not null default 1, constraint "programme_pkey" primary key ("id"), constraint programme_period check (ends_on >= starts_on));`);
    this.addSql(`alter table "programme" add constraint "programme_name_unique" unique ("name");`);
    this.addSql(`create index "programme_municipality_id_index" on "programme" ("municipality_id");`);

    this.addSql(`create table "budget_line" ("id" uuid not null default gen_random_uuid(), "programme_id" uuid not null, "category" text check ("category" in ('CASE_MANAGEMENT', 'TREATMENT', 'HOUSING', 'FLEX_BUDGET', 'TIME_OUT_BEDS', 'RENOVATION', 'ACTIVITIES')) not null, "budgeted_cents" bigint not null, constraint "budget_line_pkey" primary key ("id"), constraint budget_line_amount check (budgeted_cents >= 0));`);
    this.addSql(`alter table "budget_line" add constraint "budget_line_programme_id_category_unique" unique ("programme_id", "category");`);

    this.addSql(`create table "subsidy" ("id" uuid not null default gen_random_uuid(), "programme_id" uuid not null, "organisation_id" uuid not null, "amount_cents" bigint not null, constraint "subsidy_pkey" primary key ("id"), constraint subsidy_amount check (amount_cents >= 0));`);
    this.addSql(`create index "subsidy_organisation_id_index" on "subsidy" ("organisation_id");`);
    this.addSql(`alter table "subsidy" add constraint "subsidy_programme_id_organisation_id_unique" unique ("programme_id", "organisation_id");`);

    this.addSql(`create table "team" ("id" uuid not null default gen_random_uuid(), "name" text not null, "municipality_id" uuid not null, "version" int not null default 1, constraint "team_pkey" primary key ("id"));`);
    this.addSql(`alter table "team" add constraint "team_name_unique" unique ("name");`);
    this.addSql(`create index "team_municipality_id_index" on "team" ("municipality_id");`);

    this.addSql(`create table "client" ("id" uuid not null default gen_random_uuid(), "code" text not null, "status" text check ("status" in ('REFERRED', 'ACTIVE', 'MONITORING', 'HANDED_OVER', 'CLOSED')) not null default 'REFERRED', "municipality_id" uuid not null, "team_id" uuid null, "created_at" timestamptz not null default now(), "version" int not null default 1, constraint "client_pkey" primary key ("id"));`);
    this.addSql(`alter table "client" add constraint "client_code_unique" unique ("code");`);
    this.addSql(`create index "client_status_index" on "client" ("status");`);
    this.addSql(`create index "client_municipality_id_index" on "client" ("municipality_id");`);
    this.addSql(`create index "client_team_id_index" on "client" ("team_id");`);

    this.addSql(`create table "signal" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "raised_by_id" uuid not null, "raised_by_organisation_id" uuid not null, "category" text check ("category" in ('BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK')) not null, "text" text not null, "status" text check ("status" in ('OPEN', 'RESOLVED')) not null default 'OPEN', "raised_at" timestamptz not null default now(), "resolved_at" timestamptz null, "resolved_by_id" uuid null, "idempotency_key" text null, "version" int not null default 1, constraint "signal_pkey" primary key ("id"), constraint signal_resolved check ((status = 'RESOLVED') = (resolved_at is not null)));`);
    this.addSql(`create index "signal_raised_by_organisation_id_index" on "signal" ("raised_by_organisation_id");`);
    this.addSql(`create index "signal_raised_at_index" on "signal" ("raised_at");`);
    this.addSql(`create index "signal_client_id_status_index" on "signal" ("client_id", "status");`);
    this.addSql(`alter table "signal" add constraint "signal_raised_by_id_idempotency_key_unique" unique ("raised_by_id", "idempotency_key");`);

    this.addSql(`create table "referral" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "referred_by_id" uuid not null, "referred_by_professional_id" uuid not null, "team_id" uuid not null, "status" text check ("status" in ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')) not null default 'OPEN', "reason_category" text check ("reason_category" in ('BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK')) not null, "reason" text not null, "created_at" timestamptz not null default now(), "decided_at" timestamptz null, "version" int not null default 1, constraint "referral_pkey" primary key ("id"), constraint referral_decided check ((status = 'OPEN') = (decided_at is null)));`);
    this.addSql(`create index "referral_client_id_index" on "referral" ("client_id");`);
    this.addSql(`create index "referral_team_id_index" on "referral" ("team_id");`);
    this.addSql(`create index "referral_referred_by_id_status_index" on "referral" ("referred_by_id", "status");`);

    this.addSql(`create table "handover" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "from_organisation_id" uuid not null, "to_organisation_id" uuid null, "destination" text check ("destination" in ('CLOSED', 'REGULAR_CARE', 'OTHER_MUNICIPALITY', 'MONITORING', 'STAPTEAM')) not null, "status" text check ("status" in ('PROPOSED', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'COMPLETED')) not null default 'PROPOSED', "notes_category" text check ("notes_category" in ('BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK')) not null default 'BASIC', "notes" text null, "proposed_by_id" uuid not null, "decided_by_id" uuid null, "proposed_at" timestamptz not null default now(), "decided_at" timestamptz null, "completed_at" timestamptz null, "version" int not null default 1, constraint "handover_pkey" primary key ("id"), constraint handover_completed check ((status = 'COMPLETED') = (completed_at is not null)), constraint handover_not_to_self check (to_organisation_id is null or to_organisation_id <> from_organisation_id or destination = 'STAPTEAM'), constraint handover_target check ((destination = 'CLOSED') = (to_organisation_id is null)));`);
    this.addSql(`create index "handover_client_id_index" on "handover" ("client_id");`);
    this.addSql(`create index "handover_status_completed_at_index" on "handover" ("status", "completed_at");`);
    this.addSql(`create index "handover_from_organisation_id_status_index" on "handover" ("from_organisation_id", "status");`);
    this.addSql(`create index "handover_to_organisation_id_status_index" on "handover" ("to_organisation_id", "status");`);

    this.addSql(`create table "expenditure" ("id" uuid not null default gen_random_uuid(), "budget_line_id" uuid not null, "organisation_id" uuid not null, "client_id" uuid null, "amount_cents" bigint not null, "spent_on" date not null, "description" text not null, constraint "expenditure_pkey" primary key ("id"), constraint expenditure_amount check (amount_cents > 0));`);
    this.addSql(`create index "expenditure_organisation_id_index" on "expenditure" ("organisation_id");`);
    this.addSql(`create index "expenditure_client_id_index" on "expenditure" ("client_id");`);
    this.addSql(`create index "expenditure_budget_line_id_spent_on_index" on "expenditure" ("budget_line_id", "spent_on");`);

    this.addSql(`create table "consent" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "effect" text check ("effect" in ('PERMIT', 'DENY')) not null, "organisation_id" uuid null, "organisation_kind" text check ("organisation_kind" in ('CARE_PROVIDER', 'MENTAL_HEALTH_PROVIDER', 'SAFETY_HOUSE', 'MUNICIPALITY', 'REGULAR_CARE')) null, "categories" text[] null, "purpose" text check ("purpose" in ('CARE', 'CARE_COORDINATION', 'PERMITTING')) null, "legal_basis" text check ("legal_basis" in ('CONSENT', 'VITAL_INTEREST', 'LEGAL_OBLIGATION', 'PUBLIC_TASK')) not null default 'CONSENT', "valid_from" timestamptz not null, "valid_until" timestamptz null, "revoked_at" timestamptz null, "revocation_reason" text null, "recorded_by_id" uuid not null, "recorded_at" timestamptz not null default now(), "version" int not null default 1, constraint "consent_pkey" primary key ("id"), constraint consent_revocation check ((revoked_at is null) = (revocation_reason is null)), constraint consent_purpose check ((effect = 'DENY' or purpose is not null)), constraint consent_categories_known check (categories is null or (categories <@ array['IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK']::text[] and cardinality(categories) > 0)), constraint consent_period check (valid_until is null or valid_until > valid_from), constraint consent_grantee check ((organisation_id is null) <> (organisation_kind is null)));`);
    this.addSql(`create index "consent_organisation_id_client_id_index" on "consent" ("organisation_id", "client_id");`);
    this.addSql(`create index "consent_client_id_organisation_id_index" on "consent" ("client_id", "organisation_id");`);

    this.addSql(`create table "client_record" ("client_id" uuid not null, "name" text not null, "date_of_birth" date null, "bsn" text null, "phone" text null, "whereabouts" text null, "health_summary" text null, "substance_use" text null, "housing_situation" text null, "justice_involvement" text null, "income" text null, "debts" text null, "version" int not null default 1, constraint "client_record_pkey" primary key ("client_id"));`);
    this.addSql(`alter table "client_record" add constraint "client_record_bsn_unique" unique ("bsn");`);

    this.addSql(`create table "case_assignment" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "organisation_id" uuid not null, "professional_id" uuid null, "started_on" date not null, "ended_on" date null, "minutes_per_week" int not null default 240, "version" int not null default 1, constraint "case_assignment_pkey" primary key ("id"), constraint case_assignment_minutes check (minutes_per_week > 0 and minutes_per_week <= 2400), constraint case_assignment_period check (ended_on is null or ended_on >= started_on));`);
    this.addSql(`create index "case_assignment_professional_id_index" on "case_assignment" ("professional_id");`);
    this.addSql(`create index "case_assignment_organisation_id_ended_on_index" on "case_assignment" ("organisation_id", "ended_on");`);
    this.addSql(`create index "case_assignment_client_id_ended_on_index" on "case_assignment" ("client_id", "ended_on");`);

    this.addSql(`create table "break_glass_grant" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "professional_id" uuid not null, "organisation_id" uuid not null, "reason" text not null, "started_at" timestamptz not null, "expires_at" timestamptz not null, "reviewed_at" timestamptz null, constraint "break_glass_grant_pkey" primary key ("id"), constraint break_glass_reason check (length(btrim(reason)) >= 10), constraint break_glass_period check (expires_at > started_at));`);
    this.addSql(`create index "break_glass_grant_professional_id_index" on "break_glass_grant" ("professional_id");`);
    this.addSql(`create index "break_glass_grant_organisation_id_expires_at_index" on "break_glass_grant" ("organisation_id", "expires_at");`);
    this.addSql(`create index "break_glass_grant_client_id_expires_at_index" on "break_glass_grant" ("client_id", "expires_at");`);

    this.addSql(`create table "activity_log" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "professional_id" uuid not null, "day" date not null, "minutes" int not null, "idempotency_key" text null, "recorded_at" timestamptz not null default now(), constraint "activity_log_pkey" primary key ("id"), constraint activity_minutes check (minutes >= 1 and minutes <= 1440));`);
    this.addSql(`create index "activity_log_professional_id_index" on "activity_log" ("professional_id");`);
    this.addSql(`create index "activity_log_day_index" on "activity_log" ("day");`);
    this.addSql(`create index "activity_log_client_id_day_index" on "activity_log" ("client_id", "day");`);
    this.addSql(`alter table "activity_log" add constraint "activity_log_professional_id_idempotency_key_unique" unique ("professional_id", "idempotency_key");`);

    this.addSql(`create table "team_member" ("team_id" uuid not null, "professional_id" uuid not null, constraint "team_member_pkey" primary key ("team_id", "professional_id"));`);

    this.addSql(`create table "trajectory" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "kind" text check ("kind" in ('CASE_MANAGEMENT', 'TIME_OUT', 'INFLOW_HOUSING', 'DIAGNOSTICS', 'HOUSING_FIRST')) not null, "provider_id" uuid not null, "status" text check ("status" in ('ACTIVE', 'ENDED')) not null default 'ACTIVE', "started_on" date not null, "ended_on" date null, "outcome" text null, "notes" text null, "version" int not null default 1, constraint "trajectory_pkey" primary key ("id"), constraint trajectory_ended check ((status = 'ENDED') = (ended_on is not null)), constraint trajectory_period check (ended_on is null or ended_on >= started_on));`);
    this.addSql(`create index "trajectory_client_id_index" on "trajectory" ("client_id");`);
    this.addSql(`create index "trajectory_provider_id_index" on "trajectory" ("provider_id");`);
    this.addSql(`create index "trajectory_kind_started_on_index" on "trajectory" ("kind", "started_on");`);

    this.addSql(`create table "zone_observation" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "observed_by_id" uuid not null, "observed_on" date not null, constraint "zone_observation_pkey" primary key ("id"));`);
    this.addSql(`create index "zone_observation_observed_by_id_index" on "zone_observation" ("observed_by_id");`);
    this.addSql(`create index "zone_observation_client_id_observed_on_index" on "zone_observation" ("client_id", "observed_on");`);
    this.addSql(`create index "zone_observation_observed_on_index" on "zone_observation" ("observed_on");`);

    this.addSql(`create table "zone_registration" ("id" uuid not null default gen_random_uuid(), "client_id" uuid not null, "municipality_id" uuid not null, "number" text not null, "issued_on" date not null, "revoked_on" date null, "revoked_on_request" boolean not null default false, "issued_by_id" uuid not null, "version" int not null default 1, constraint "zone_registration_pkey" primary key ("id"), constraint zone_registration_on_request check (revoked_on is not null or not revoked_on_request), constraint zone_registration_revocation check (revoked_on is null or revoked_on >= issued_on));`);
    this.addSql(`create index "zone_registration_client_id_index" on "zone_registration" ("client_id");`);
    this.addSql(`alter table "zone_registration" add constraint "zone_registration_number_unique" unique ("number");`);
    this.addSql(`create index "zone_registration_municipality_id_issued_on_index" on "zone_registration" ("municipality_id", "issued_on");`);

    this.addSql(`alter table "organisation" add constraint "organisation_municipality_id_foreign" foreign key ("municipality_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "professional" add constraint "professional_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "programme" add constraint "programme_municipality_id_foreign" foreign key ("municipality_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "budget_line" add constraint "budget_line_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "subsidy" add constraint "subsidy_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "subsidy" add constraint "subsidy_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "team" add constraint "team_municipality_id_foreign" foreign key ("municipality_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "client" add constraint "client_municipality_id_foreign" foreign key ("municipality_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "client" add constraint "client_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "signal" add constraint "signal_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "signal" add constraint "signal_raised_by_id_foreign" foreign key ("raised_by_id") references "professional" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "signal" add constraint "signal_raised_by_organisation_id_foreign" foreign key ("raised_by_organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "signal" add constraint "signal_resolved_by_id_foreign" foreign key ("resolved_by_id") references "professional" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "referral" add constraint "referral_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "referral" add constraint "referral_referred_by_id_foreign" foreign key ("referred_by_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "referral" add constraint "referral_referred_by_professional_id_foreign" foreign key ("referred_by_professional_id") references "professional" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "referral" add constraint "referral_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "handover" add constraint "handover_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "handover" add constraint "handover_from_organisation_id_foreign" foreign key ("from_organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "handover" add constraint "handover_to_organisation_id_foreign" foreign key ("to_organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "handover" add constraint "handover_proposed_by_id_foreign" foreign key ("proposed_by_id") references "professional" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "handover" add constraint "handover_decided_by_id_foreign" foreign key ("decided_by_id") references "professional" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "expenditure" add constraint "expenditure_budget_line_id_foreign" foreign key ("budget_line_id") references "budget_line" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "expenditure" add constraint "expenditure_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "consent" add constraint "consent_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "consent" add constraint "consent_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "consent" add constraint "consent_recorded_by_id_foreign" foreign key ("recorded_by_id") references "professional" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "client_record" add constraint "client_record_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "case_assignment" add constraint "case_assignment_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "case_assignment" add constraint "case_assignment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "case_assignment" add constraint "case_assignment_professional_id_foreign" foreign key ("professional_id") references "professional" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "break_glass_grant" add constraint "break_glass_grant_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "break_glass_grant" add constraint "break_glass_grant_professional_id_foreign" foreign key ("professional_id") references "professional" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "break_glass_grant" add constraint "break_glass_grant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "activity_log" add constraint "activity_log_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "activity_log" add constraint "activity_log_professional_id_foreign" foreign key ("professional_id") references "professional" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "team_member" add constraint "team_member_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "team_member" add constraint "team_member_professional_id_foreign" foreign key ("professional_id") references "professional" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "trajectory" add constraint "trajectory_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "trajectory" add constraint "trajectory_provider_id_foreign" foreign key ("provider_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "zone_observation" add constraint "zone_observation_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_observation" add constraint "zone_observation_observed_by_id_foreign" foreign key ("observed_by_id") references "organisation" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "zone_registration" add constraint "zone_registration_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "zone_registration" add constraint "zone_registration_municipality_id_foreign" foreign key ("municipality_id") references "organisation" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "zone_registration" add constraint "zone_registration_issued_by_id_foreign" foreign key ("issued_by_id") references "professional" ("id") on update cascade on delete restrict;`);

    // Who knows of a client (policy.md §1), in one place for every query that lists or finds clients.
    // src/policy/decide.ts `involvementOf` states the same rule over plain facts; the policy tests
    // hold the two together.
    this.addSql(`create index "team_member_professional_id_index" on "team_member" ("professional_id");`);
    this.addSql(`create view "client_involvement" as ${involvementOn('current_date')};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "client_involvement";`);
    this.addSql(`alter table "organisation" drop constraint "organisation_municipality_id_foreign";`);

    this.addSql(`alter table "professional" drop constraint "professional_organisation_id_foreign";`);

    this.addSql(`alter table "programme" drop constraint "programme_municipality_id_foreign";`);

    this.addSql(`alter table "subsidy" drop constraint "subsidy_organisation_id_foreign";`);

    this.addSql(`alter table "team" drop constraint "team_municipality_id_foreign";`);

    this.addSql(`alter table "client" drop constraint "client_municipality_id_foreign";`);

    this.addSql(`alter table "signal" drop constraint "signal_raised_by_organisation_id_foreign";`);

    this.addSql(`alter table "referral" drop constraint "referral_referred_by_id_foreign";`);

    this.addSql(`alter table "handover" drop constraint "handover_from_organisation_id_foreign";`);

    this.addSql(`alter table "handover" drop constraint "handover_to_organisation_id_foreign";`);

    this.addSql(`alter table "expenditure" drop constraint "expenditure_organisation_id_foreign";`);

    this.addSql(`alter table "consent" drop constraint "consent_organisation_id_foreign";`);

    this.addSql(`alter table "case_assignment" drop constraint "case_assignment_organisation_id_foreign";`);

    this.addSql(`alter table "break_glass_grant" drop constraint "break_glass_grant_organisation_id_foreign";`);

    this.addSql(`alter table "trajectory" drop constraint "trajectory_provider_id_foreign";`);

    this.addSql(`alter table "zone_observation" drop constraint "zone_observation_observed_by_id_foreign";`);

    this.addSql(`alter table "zone_registration" drop constraint "zone_registration_municipality_id_foreign";`);

    this.addSql(`alter table "signal" drop constraint "signal_raised_by_id_foreign";`);

    this.addSql(`alter table "signal" drop constraint "signal_resolved_by_id_foreign";`);

    this.addSql(`alter table "referral" drop constraint "referral_referred_by_professional_id_foreign";`);

    this.addSql(`alter table "handover" drop constraint "handover_proposed_by_id_foreign";`);

    this.addSql(`alter table "handover" drop constraint "handover_decided_by_id_foreign";`);

    this.addSql(`alter table "consent" drop constraint "consent_recorded_by_id_foreign";`);

    this.addSql(`alter table "case_assignment" drop constraint "case_assignment_professional_id_foreign";`);

    this.addSql(`alter table "break_glass_grant" drop constraint "break_glass_grant_professional_id_foreign";`);

    this.addSql(`alter table "activity_log" drop constraint "activity_log_professional_id_foreign";`);

    this.addSql(`alter table "team_member" drop constraint "team_member_professional_id_foreign";`);

    this.addSql(`alter table "zone_registration" drop constraint "zone_registration_issued_by_id_foreign";`);

    this.addSql(`alter table "budget_line" drop constraint "budget_line_programme_id_foreign";`);

    this.addSql(`alter table "subsidy" drop constraint "subsidy_programme_id_foreign";`);

    this.addSql(`alter table "expenditure" drop constraint "expenditure_budget_line_id_foreign";`);

    this.addSql(`alter table "client" drop constraint "client_team_id_foreign";`);

    this.addSql(`alter table "referral" drop constraint "referral_team_id_foreign";`);

    this.addSql(`alter table "team_member" drop constraint "team_member_team_id_foreign";`);

    this.addSql(`alter table "signal" drop constraint "signal_client_id_foreign";`);

    this.addSql(`alter table "referral" drop constraint "referral_client_id_foreign";`);

    this.addSql(`alter table "handover" drop constraint "handover_client_id_foreign";`);

    this.addSql(`alter table "expenditure" drop constraint "expenditure_client_id_foreign";`);

    this.addSql(`alter table "consent" drop constraint "consent_client_id_foreign";`);

    this.addSql(`alter table "client_record" drop constraint "client_record_client_id_foreign";`);

    this.addSql(`alter table "case_assignment" drop constraint "case_assignment_client_id_foreign";`);

    this.addSql(`alter table "break_glass_grant" drop constraint "break_glass_grant_client_id_foreign";`);

    this.addSql(`alter table "activity_log" drop constraint "activity_log_client_id_foreign";`);

    this.addSql(`alter table "trajectory" drop constraint "trajectory_client_id_foreign";`);

    this.addSql(`alter table "zone_observation" drop constraint "zone_observation_client_id_foreign";`);

    this.addSql(`alter table "zone_registration" drop constraint "zone_registration_client_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "organisation" cascade;`);

    this.addSql(`drop table if exists "professional" cascade;`);

    this.addSql(`drop table if exists "programme" cascade;`);

    this.addSql(`drop table if exists "budget_line" cascade;`);

    this.addSql(`drop table if exists "subsidy" cascade;`);

    this.addSql(`drop table if exists "team" cascade;`);

    this.addSql(`drop table if exists "client" cascade;`);

    this.addSql(`drop table if exists "signal" cascade;`);

    this.addSql(`drop table if exists "referral" cascade;`);

    this.addSql(`drop table if exists "handover" cascade;`);

    this.addSql(`drop table if exists "expenditure" cascade;`);

    this.addSql(`drop table if exists "consent" cascade;`);

    this.addSql(`drop table if exists "client_record" cascade;`);

    this.addSql(`drop table if exists "case_assignment" cascade;`);

    this.addSql(`drop table if exists "break_glass_grant" cascade;`);

    this.addSql(`drop table if exists "activity_log" cascade;`);

    this.addSql(`drop table if exists "team_member" cascade;`);

    this.addSql(`drop table if exists "trajectory" cascade;`);

    this.addSql(`drop table if exists "zone_observation" cascade;`);

    this.addSql(`drop table if exists "zone_registration" cascade;`);
  }

}

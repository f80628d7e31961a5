/**
 * Tables of summaries that the monitoring report reads (migrations activity_summaries and
 * monitoring_spans). Triggers own them, not the ORM: no entity declares them, so MikroORM's schema
 * diff is told to leave them alone (db/orm.config.ts), or `migration:create` would write a migration
 * that drops them.
 */
export const MONITORING_SUMMARY_TABLES = [
  'activity_municipality_day',
  'activity_municipality_week',
  'activity_client_week',
  'activity_client',
  'activity_span_count',
  'activity_client_gap',
  'monitoring_span',
  'monitoring_span_count',
  'monitoring_gap',
] as const;

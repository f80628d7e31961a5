/**
 * Tables of activity_log summaries that the monitoring report reads (migration
 * Migration20261129090000_activity_summaries). Triggers own them, not the ORM: no entity declares them,
 * so MikroORM's schema diff is told to leave them alone (db/orm.config.ts), or `migration:create`
 * would write a migration that drops them.
 */
export const ACTIVITY_SUMMARY_TABLES = [
  'activity_municipality_day',
  'activity_municipality_week',
  'activity_client_week',
  'activity_client',
  'activity_client_gap',
] as const;

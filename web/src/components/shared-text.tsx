/**
 * A free text under a category of her data (handover notes, signal text, referral reason), asked
 * for by id in a query of its own only where she shares that category with the reader: `hidden`
 * when not shared, or withheld when asked (a consent revoked in between); loading or failed while
 * it has not come, never "none".
 */
import type { ReactNode } from 'react';
import { isForbiddenAt } from '../api';
import { useI18n } from '../i18n/i18n';
import type { QueryState } from '../use-query';

export function SharedText({ id, shared, query, list, field, hidden }: {
  id: string;
  shared: boolean;
  /** The query that asked for the texts: `list` holds rows with `id` and `field`. */
  query: QueryState<Record<string, readonly { id: string }[]>>;
  list: string;
  field: string;
  hidden: ReactNode;
}) {
  const { t } = useI18n();
  const rows = query.result?.data?.[list] ?? [];
  const i = rows.findIndex((row) => row.id === id);
  if (!shared || (i >= 0 && isForbiddenAt(query.result!.errors, [list, i, field]))) return <span className="muted">{hidden}</span>;
  if (i >= 0) return <>{((rows[i] as Record<string, unknown>)[field] as string | null) ?? '—'}</>;
  return <span className="muted">{query.error ? t('error.loadFailed') : t('app.loading')}</span>;
}

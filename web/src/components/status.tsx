import type { ReactNode } from 'react';
import { describeError } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import type { QueryState } from '../use-query';

/** Loading and failure of a page's query, announced to screen readers; `failed` says what could not be loaded, when not "this". */
export function QueryStatus({ loading, error, onRetry, failed }: { loading: boolean; error: Error | null; onRetry(): void; failed?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (error) {
    return (
      <div role="alert" className="notice notice-error">
        <p>
          {failed ?? t('error.loadFailed')} {describeError(i18n, error)}
        </p>
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (loading) return <p role="status" className="muted">{t('app.loading')}</p>;
  return null;
}

/** What shows a query's answer, once it has come; until then, or when it failed, it says so — never "none". */
export function Loaded({ query, children }: { query: QueryState<unknown>; children: ReactNode }) {
  return query.result ? <>{children}</> : <QueryStatus loading={query.loading} error={query.error} onRetry={query.reload} />;
}

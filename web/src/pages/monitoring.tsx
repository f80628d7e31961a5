/** Monitoring: the figures of the caller's own municipality for a period, as charts. */
import { useId, useState, type FormEvent } from 'react';
import { MonitoringReportDocument, MyMunicipalityDocument } from '../../../src/generated/operations/graphql';
import { MonitoringView } from '../components/monitoring-view';
import { PageHeading } from '../components/page-heading';
import { QueryStatus } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../use-query';

/** The last five calendar years up to today (the reader's calendar day, not UTC's): long enough to hold a programme's whole run. */
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return { from: `${Number(today.slice(0, 4)) - 5}-01-01`, to: today };
}

export function MonitoringPage() {
  const { t, date } = useI18n();
  const [period, setPeriod] = useState(defaultPeriod);
  const [draft, setDraft] = useState(period);
  const fromId = useId();
  const toId = useId();
  const mine = useQuery(MyMunicipalityDocument, {});
  const municipality = mine.result?.data?.me.organisation.municipality ?? null;
  const report = useQuery(MonitoringReportDocument, { municipalityId: municipality?.id ?? '', ...period }, !municipality);
  // While another period loads, the figures on screen answer a question no longer asked: hidden.
  const answer = report.loading ? null : report.result?.data?.monitoring;
  const answered = answer && { from: date(answer.from), to: date(answer.to) };
  const edited = draft.from !== period.from || draft.to !== period.to;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPeriod(draft);
  }

  return (
    <>
      <PageHeading>{t('monitoring.title')}</PageHeading>
      <p>
        {municipality ? `${municipality.name} — ` : ''}
        {t('monitoring.intro')}
      </p>
      <form className="filters" onSubmit={onSubmit} aria-label={t('monitoring.period')}>
        <div>
          <label htmlFor={fromId}>{t('monitoring.from')}</label>
          <input id={fromId} type="date" required value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div>
          <label htmlFor={toId}>{t('monitoring.to')}</label>
          <input id={toId} type="date" required value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit">{t('monitoring.show')}</button>
      </form>
      <QueryStatus loading={mine.loading} error={mine.error} onRetry={mine.reload} />
      <QueryStatus loading={report.loading} error={report.error} onRetry={report.reload} />
      {answer && answered && (
        <section aria-labelledby="figures-heading">
          <h2 id="figures-heading">{t('monitoring.figuresFor', answered)}</h2>
          {edited && <p className="notice notice-stale">{t('monitoring.notApplied', answered)}</p>}
          <MonitoringView report={answer} />
        </section>
      )}
    </>
  );
}

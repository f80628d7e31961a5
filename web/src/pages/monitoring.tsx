/** Monitoring: the figures of the caller's own municipality for a period, as charts. */
import { useId, useState, type FormEvent } from 'react';
import { MonitoringReportDocument, MyMunicipalityDocument } from '../../../src/generated/operations/graphql';
import { todayHere } from '../calendar';
import { MonitoringView } from '../components/monitoring-view';
import { PageHeading } from '../components/page-heading';
import { QueryStatus } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../use-query';

interface Period {
  from: string;
  to: string;
}

/**
 * The months the dates fall in, whole: from the first of `from`'s to the last of `to`'s. The
 * gateway gives suppressed figures for whole months only (a period of any days let differences
 * between periods pin a small count to the day).
 */
function wholeMonths({ from, to }: Period): Period {
  const [year, month] = to.split('-').map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${from.slice(0, 7)}-01`, to: `${to.slice(0, 7)}-${String(last).padStart(2, '0')}` };
}

/** The last five calendar years up to this month (the chain's calendar): long enough to hold a programme's whole run. */
function defaultPeriod(): Period {
  const today = todayHere();
  return wholeMonths({ from: `${Number(today.slice(0, 4)) - 5}-01-01`, to: today });
}

export function MonitoringPage() {
  const { t, date } = useI18n();
  const [period, setPeriod] = useState(defaultPeriod);
  const [draft, setDraft] = useState(period);
  const fromId = useId();
  const toId = useId();
  const monthsHelp = useId();
  const mine = useQuery(MyMunicipalityDocument, {});
  const municipality = mine.result?.data?.me.organisation.municipality ?? null;
  const report = useQuery(MonitoringReportDocument, { municipalityId: municipality?.id ?? '', ...period }, !municipality);
  // While another period loads, the figures on screen answer a question no longer asked: hidden.
  const answer = report.loading ? null : report.result?.data?.monitoring;
  const answered = answer && { from: date(answer.from), to: date(answer.to) };
  const edited = draft.from !== period.from || draft.to !== period.to;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const asked = wholeMonths(draft);
    setDraft(asked);
    setPeriod(asked);
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
          <input id={fromId} type="date" required value={draft.from} max={draft.to} aria-describedby={monthsHelp} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div>
          <label htmlFor={toId}>{t('monitoring.to')}</label>
          <input id={toId} type="date" required value={draft.to} min={draft.from} aria-describedby={monthsHelp} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit">{t('monitoring.show')}</button>
      </form>
      <p id={monthsHelp} className="help">
        {t('monitoring.wholeMonths')}
      </p>
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

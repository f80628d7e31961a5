/**
 * The monitoring report as charts, each with its table. Suppressed counts stay suppressed all the
 * way to the screen (CountChart); an average resting on too few women likewise; case managers'
 * figures the report withholds read as withheld, with why.
 */
import { useId, useMemo } from 'react';
import type { MonitoringReportQuery } from '../../../src/generated/operations/graphql';
import { useI18n } from '../i18n/i18n';
import { CountChart, type CountRow } from './count-chart';

type Report = MonitoringReportQuery['monitoring'];

export function MonitoringView({ report }: { report: Report }) {
  const { t, label, number } = useI18n();
  const charts = useMemo(() => {
    const rows = (list: [string, Report['activeOnZone']][]): CountRow[] => list.map(([l, count]) => ({ label: l, count }));
    return {
      handoverOutcomes: rows(report.handoverOutcomes.map((h) => [label('destination', h.outcome), h.count])),
      trajectories: rows(report.trajectories.map((tr) => [label('trajectoryKind', tr.kind), tr.count])),
      caseload: report.caseload.perCaseManager && rows(report.caseload.perCaseManager.map((c, i) => [t('monitoring.caseManager', { n: i + 1 }), c])),
      caseManagers: report.caseManagers && rows(report.caseManagers.map((c) => [c.organisation.name, c.count])),
      zoneRegistrations: rows([
        [t('monitoring.issued'), report.zoneRegistrations.issued],
        [t('monitoring.revoked'), report.zoneRegistrations.revoked],
        [t('monitoring.active'), report.zoneRegistrations.active],
      ]),
      chain: rows([
        [t('monitoring.activeOnZone'), report.activeOnZone],
        [t('monitoring.clients'), report.caseload.clients],
        [t('monitoring.referrals'), report.referrals],
        [t('monitoring.signals'), report.signals],
      ]),
    };
  }, [report, t, label]);
  const hours = report.hoursPerCase;
  const k = report.threshold;
  const withheld = report.caseload.caseManagersWithheld;

  return (
    <>
      <p className="notice" data-threshold={k}>
        {t('monitoring.threshold', { k, kMinus1: k - 1, b: report.roundingBase })} {t('monitoring.legend')}
      </p>
      <div className="figures">
        <div className="figure">
          {t('monitoring.hoursPerCase')}
          {hours.suppressed ? (
            <strong className="suppressed" data-suppressed="true">
              <span aria-hidden="true">▨ </span>
              {t('monitoring.suppressed')}
            </strong>
          ) : (
            <strong>{hours.value == null ? '—' : number(hours.value, { maximumFractionDigits: 1 })}</strong>
          )}
        </div>
      </div>
      <div className="charts">
        <CountChart title={t('monitoring.handoverOutcomes')} rows={charts.handoverOutcomes} threshold={k} />
        <CountChart title={t('monitoring.trajectories')} rows={charts.trajectories} threshold={k} />
        {charts.caseload ? <CountChart title={t('monitoring.caseload')} rows={charts.caseload} threshold={k} /> : <WithheldFigure title={t('monitoring.caseload')} reason={withheld} />}
        {charts.caseManagers ? (
          <CountChart title={t('monitoring.caseManagers')} rows={charts.caseManagers} threshold={k} note={t('monitoring.exact')} />
        ) : (
          <WithheldFigure title={t('monitoring.caseManagers')} reason={withheld} />
        )}
        <CountChart title={t('monitoring.zoneRegistrations')} rows={charts.zoneRegistrations} threshold={k} />
        <CountChart title={t('monitoring.chain')} rows={charts.chain} threshold={k} />
      </div>
    </>
  );
}

/** Where a chart is withheld, its title and why: an empty chart would read as "none". */
function WithheldFigure({ title, reason }: { title: string; reason: Report['caseload']['caseManagersWithheld'] }) {
  const { t, label } = useI18n();
  const headingId = useId();
  return (
    <figure className="chart" aria-labelledby={headingId}>
      <figcaption id={headingId}>
        <h3>{title}</h3>
      </figcaption>
      <p className="withheld" data-withheld={reason}>
        {t('monitoring.withheld', { reason: label('caseManagersWithheld', String(reason)) })}
      </p>
    </figure>
  );
}

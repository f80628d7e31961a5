/**
 * The monitoring figures as charts, each with its table: what the page shows once the gateway's
 * answer is mapped to labelled counts. Suppressed counts stay suppressed all the way (CountChart).
 */
import { useI18n } from '../i18n/i18n';
import { CountChart, type Count, type CountRow } from './count-chart';

export interface MonitoringFigures {
  threshold: number;
  zoneRegistrations: CountRow[];
  activeOnZone: Count;
  handoverOutcomes: CountRow[];
  trajectories: CountRow[];
  caseload: CountRow[];
  caseManagers: CountRow[];
  hoursPerCase?: number | null;
}

export function MonitoringView({ figures }: { figures: MonitoringFigures }) {
  const { t, number } = useI18n();
  const show = (c: Count) => (c.suppressed || c.value == null ? t('monitoring.suppressed') : number(c.value));
  return (
    <>
      <p className="notice" data-threshold={figures.threshold}>
        {t('monitoring.threshold', { k: figures.threshold - 1, k1: figures.threshold })} {t('monitoring.legend')}
      </p>
      <div className="figures">
        <div className="figure">
          {t('monitoring.activeOnZone')}
          <strong className={figures.activeOnZone.suppressed ? 'suppressed' : undefined}>{show(figures.activeOnZone)}</strong>
        </div>
        {figures.hoursPerCase != null && (
          <div className="figure">
            {t('monitoring.hoursPerCase')}
            <strong>{number(figures.hoursPerCase, { maximumFractionDigits: 1 })}</strong>
          </div>
        )}
      </div>
      <div className="charts">
        <CountChart title={t('monitoring.handoverOutcomes')} rows={figures.handoverOutcomes} />
        <CountChart title={t('monitoring.caseload')} rows={figures.caseload} />
        <CountChart title={t('monitoring.trajectories')} rows={figures.trajectories} />
        <CountChart title={t('monitoring.caseManagers')} rows={figures.caseManagers} />
        <CountChart title={t('monitoring.zoneRegistrations')} rows={figures.zoneRegistrations} />
      </div>
    </>
  );
}

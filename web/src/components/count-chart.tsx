/**
 * A bar chart of counts under disclosure control, with the same figures as a table beside it.
 *
 * A suppressed count (policy §5: 1 to k−1, or hidden so that such a cell cannot be worked out) has
 * no value, so it gets no bar: a bar of height zero would read as "nobody", and any other height
 * as a number. Its column carries the word instead — "▨ suppressed", written upwards when the
 * column is too narrow for it — in the chart, in the table and in the canvas's text alternative,
 * and its tooltip says what suppressed means rather than giving a range.
 */
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { useI18n } from '../i18n/i18n';
import { ChartFigure } from './chart-figure';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Count {
  value?: number | null;
  suppressed: boolean;
}

export interface CountRow {
  label: string;
  count: Count;
}

const BAR = '#1f5fa8';
const INVISIBLE = 'rgba(0, 0, 0, 0)';

const isSuppressed = (c: Count) => c.suppressed || c.value == null;

/** Writes `text` in each suppressed column, from just above the axis. */
function suppressedLabels(text: string, suppressed: boolean[]): Plugin<'bar'> {
  return {
    id: 'suppressedLabels',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales.x;
      const column = x.width / Math.max(1, suppressed.length);
      ctx.save();
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.fillStyle = '#1b1f24';
      ctx.textBaseline = 'middle';
      const upright = ctx.measureText(text).width + 8 > column;
      suppressed.forEach((s, i) => {
        if (!s) return;
        const centre = x.getPixelForValue(i);
        if (upright) {
          ctx.save();
          ctx.translate(centre, chartArea.bottom - 6);
          ctx.rotate(-Math.PI / 2);
          ctx.textAlign = 'left';
          ctx.fillText(text, 0, 0);
          ctx.restore();
        } else {
          ctx.textAlign = 'center';
          ctx.fillText(text, centre, chartArea.bottom - 14);
        }
      });
      ctx.restore();
    },
  };
}

export function CountChart({
  title,
  rows,
  threshold,
  note,
}: {
  title: string;
  rows: CountRow[];
  /** The report's k: a suppressed count is 1 to k−1 (or hidden to protect one). */
  threshold: number;
  /** Said under the title: how these figures differ from the others. */
  note?: string;
}) {
  const { t, number, language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const show = (c: Count) => (isSuppressed(c) ? t('monitoring.suppressed') : number(c.value!));
  const description = `${title}: ${rows.map((r) => `${r.label} ${show(r.count)}`).join('; ')}`;
  const meaning = [t('monitoring.suppressedRange', { kMinus1: threshold - 1 }), t('monitoring.suppressedOr')];

  useEffect(() => {
    if (!canvas.current) return;
    const suppressed = rows.map((r) => isSuppressed(r.count));
    const visible = rows.map((r, i) => (suppressed[i] ? null : r.count.value!));
    const shown = visible.filter((v): v is number => v !== null);
    const top = Math.max(1, ...shown);
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { label: t('monitoring.count'), data: visible, backgroundColor: BAR, grouped: false },
          {
            label: t('monitoring.suppressed'),
            // Drawn in no colour: only there so that pointing at a suppressed column shows its tooltip.
            data: suppressed.map((s) => (s ? ([0, top] as [number, number]) : null)) as unknown as number[],
            backgroundColor: INVISIBLE,
            hoverBackgroundColor: INVISIBLE,
            borderWidth: 0,
            grouped: false,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // With every count suppressed there is no number to measure: an axis would only suggest one.
        scales: { y: { display: shown.length > 0, beginAtZero: true, suggestedMax: top, ticks: { precision: 0 } } },
        plugins: {
          // One series: a legend would name it and nothing else (the notice above explains the hatching).
          legend: { display: false },
          tooltip: {
            displayColors: false,
            callbacks: {
              label: (item) => (item.datasetIndex === 1 ? meaning : `${t('monitoring.count')}: ${show(rows[item.dataIndex].count)}`),
            },
          },
        },
      },
      plugins: [suppressedLabels(`▨ ${t('monitoring.suppressed')}`, suppressed)],
    });
    return () => chart.destroy();
  }, [rows, threshold, t, language]);

  return (
    <ChartFigure title={title} description={description} canvas={canvas} note={note}>
      <table className="chart-table">
        <thead>
          <tr>
            <th scope="col">{t('monitoring.category')}</th>
            <th scope="col">{t('monitoring.count')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {isSuppressed(r.count) ? (
                <td className="suppressed" data-suppressed="true" title={meaning.join(' ')}>
                  <span aria-hidden="true">▨ </span>
                  {t('monitoring.suppressed')}
                </td>
              ) : (
                <td data-suppressed="false">{show(r.count)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFigure>
  );
}

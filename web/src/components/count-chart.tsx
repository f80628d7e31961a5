/**
 * A bar chart of counts under disclosure control, with the same figures as a table beside it.
 *
 * A suppressed count (policy §5: 1 to k−1, or hidden so that such a cell cannot be worked out) has
 * no value: it is never drawn as a bar of height zero, which would read as "nobody". Instead its
 * whole column is hatched and labelled "suppressed", in the chart, in the table and in the canvas's
 * text alternative.
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
const HATCH = '#5b6470';

function hatchPattern(): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return HATCH;
  ctx.strokeStyle = HATCH;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? HATCH;
}

/** Writes "suppressed" over each hatched column. */
function suppressedLabels(text: string): Plugin<'bar'> {
  return {
    id: 'suppressedLabels',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(1);
      const { ctx } = chart;
      ctx.save();
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      meta.data.forEach((bar, i) => {
        if (chart.data.datasets[1].data[i] == null) return;
        const { x } = bar.getProps(['x'], true) as { x: number };
        const y = (chart.chartArea.top + chart.chartArea.bottom) / 2;
        const width = ctx.measureText(text).width + 8;
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(x - width / 2, y - 9, width, 18);
        ctx.fillStyle = '#1b1f24';
        ctx.fillText(text, x, y);
      });
      ctx.restore();
    },
  };
}

export function CountChart({ title, rows, categoryHeading, formatValue }: { title: string; rows: CountRow[]; categoryHeading?: string; formatValue?(n: number): string }) {
  const { t, number, language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const show = (c: Count) => (c.suppressed || c.value == null ? t('monitoring.suppressed') : formatValue ? formatValue(c.value) : number(c.value));
  const description = `${title}: ${rows.map((r) => `${r.label} ${show(r.count)}`).join('; ')}`;

  useEffect(() => {
    if (!canvas.current) return;
    const visible = rows.map((r) => (r.count.suppressed ? null : r.count.value ?? null));
    const top = Math.max(1, ...visible.map((v) => v ?? 0));
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { label: t('monitoring.count'), data: visible, backgroundColor: BAR, grouped: false },
          {
            label: t('monitoring.suppressed'),
            // A floating bar over the column's whole height: "unknown", not a value.
            data: rows.map((r) => (r.count.suppressed ? ([0, top] as [number, number]) : null)) as unknown as number[],
            backgroundColor: hatchPattern(),
            borderColor: HATCH,
            borderWidth: 1,
            grouped: false,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, suggestedMax: top, ticks: { precision: 0 } } },
        plugins: {
          tooltip: { filter: (item) => item.datasetIndex === 0 || rows[item.dataIndex]?.count.suppressed },
        },
      },
      plugins: [suppressedLabels(t('monitoring.suppressed'))],
    });
    return () => chart.destroy();
  }, [rows, t, language]);

  return (
    <ChartFigure title={title} description={description} canvas={canvas}>
      <table className="chart-table">
        <thead>
          <tr>
            <th scope="col">{categoryHeading ?? t('monitoring.category')}</th>
            <th scope="col">{t('monitoring.count')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.count.suppressed || r.count.value == null ? (
                <td className="suppressed" data-suppressed="true" title={t('monitoring.suppressed')}>
                  <span aria-hidden="true">▨ </span>
                  {t('monitoring.suppressed')}
                </td>
              ) : (
                <td data-suppressed="false">{formatValue ? formatValue(r.count.value) : number(r.count.value)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFigure>
  );
}

/** Budget per category: spent and remaining as a stacked bar chart, with the same figures as a table. */
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useI18n } from '../i18n/i18n';
import { ChartFigure } from './chart-figure';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BudgetRow {
  label: string;
  budgeted: number;
  spent: number;
  remaining: number;
}

const SPENT = '#1f5fa8';
const REMAINING = '#9fc3ea';

export function BudgetView({ title, rows, total }: { title: string; rows: BudgetRow[]; total: Omit<BudgetRow, 'label'> }) {
  const { t, number, language } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const euros = (n: number) => number(n, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  const description = `${t('budget.chart')}: ${rows.map((r) => `${r.label} ${t('budget.spent')} ${euros(r.spent)}, ${t('budget.remaining')} ${euros(r.remaining)}`).join('; ')}`;

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { label: t('budget.spent'), data: rows.map((r) => r.spent), backgroundColor: SPENT },
          { label: t('budget.remaining'), data: rows.map((r) => Math.max(0, r.remaining)), backgroundColor: REMAINING },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true, ticks: { callback: (v) => euros(Number(v)) } }, y: { stacked: true } },
        // The tooltip in the dashboard's language and in euros too, not in the browser's locale's bare numbers.
        locale: language,
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${euros(Number(item.raw))}` } } },
      },
    });
    return () => chart.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, language]);

  return (
    <ChartFigure title={title} description={description} canvas={canvas} heading="h2" wide>
      <table className="chart-table">
        <thead>
          <tr>
            <th scope="col">{t('budget.category')}</th>
            <th scope="col">{t('budget.budgeted')}</th>
            <th scope="col">{t('budget.spent')}</th>
            <th scope="col">{t('budget.remaining')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{euros(r.budgeted)}</td>
              <td>{euros(r.spent)}</td>
              <td>{euros(r.remaining)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('budget.total')}</th>
            <td>{euros(total.budgeted)}</td>
            <td>{euros(total.spent)}</td>
            <td>{euros(total.remaining)}</td>
          </tr>
        </tfoot>
      </table>
    </ChartFigure>
  );
}

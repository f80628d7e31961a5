/** Budget: a programme's money, spent against remaining per category, and its subsidies. */
import { useId, useMemo, useState } from 'react';
import { ProgrammeBudgetDocument, ProgrammesDocument } from '../../../src/generated/operations/graphql';
import { BudgetView } from '../components/budget-view';
import { PageHeading } from '../components/page-heading';
import { QueryStatus } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../use-query';

export function BudgetPage() {
  const { t, label, date, number } = useI18n();
  const selectId = useId();
  const programmes = useQuery(ProgrammesDocument, {});
  const list = programmes.result?.data?.programmes;
  // Until she picks one: the latest to start, which the gateway lists first.
  const [chosen, setChosen] = useState<string | null>(null);
  const programmeId = chosen ?? list?.[0]?.id ?? null;
  const budget = useQuery(ProgrammeBudgetDocument, { programmeId: programmeId ?? '' }, !programmeId);
  const data = budget.result?.data?.budget;
  const rows = useMemo(
    () => (data ? data.categories.map((c) => ({ label: label('budgetCategory', c.category), budgeted: c.budgeted, spent: c.spent, remaining: c.remaining })) : []),
    [data, label],
  );
  const euros = (n: number) => number(n, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

  return (
    <>
      <PageHeading>{t('budget.title')}</PageHeading>
      <p>{t('budget.intro')}</p>
      <QueryStatus loading={programmes.loading} error={programmes.error} onRetry={programmes.reload} />
      {list && list.length === 0 && <p>{t('budget.none')}</p>}
      {list && list.length > 0 && (
        <div className="filters">
          <div>
            <label htmlFor={selectId}>{t('budget.programme')}</label>
            <select id={selectId} value={programmeId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {t('budget.choice', { name: p.name, from: date(p.startsOn), to: date(p.endsOn) })}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <QueryStatus loading={budget.loading && !budget.result} error={budget.error} onRetry={budget.reload} />
      {data && (
        <>
          <h2>{data.programme.name}</h2>
          <p>{t('budget.period', { from: date(data.programme.startsOn), to: date(data.programme.endsOn) })}</p>
          <div className="figures">
            <div className="figure">
              {t('budget.total')}
              <strong>{euros(data.total)}</strong>
            </div>
            <div className="figure">
              {t('budget.spent')}
              <strong>{euros(data.spent)}</strong>
            </div>
            <div className="figure">
              {t('budget.remaining')}
              <strong data-testid="budget-remaining">{euros(data.remaining)}</strong>
            </div>
          </div>
          <BudgetView title={t('budget.chart')} rows={rows} total={{ budgeted: data.total, spent: data.spent, remaining: data.remaining }} />
          <h2>{t('budget.subsidies')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('budget.organisation')}</th>
                <th scope="col">{t('budget.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {data.subsidies.map((s) => (
                <tr key={s.organisation.id}>
                  <th scope="row">{s.organisation.name}</th>
                  <td>{euros(s.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

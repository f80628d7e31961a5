/** Budget: a programme's money, spent against remaining per category, and its subsidies. */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ProgrammeBudgetDocument } from '../../../src/generated/operations/graphql';
import { BudgetView } from '../components/budget-view';
import { PageHeading } from '../components/page-heading';
import { QueryStatus } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../use-query';

/**
 * The demo programme (DEMO.programme in src/db/demo/seed.ts). The API has no list of programmes
 * to choose from yet, so the page asks for an id and starts with this one.
 */
const DEMO_PROGRAMME_ID = '00000000-0000-4000-8000-000000000101';

export function BudgetPage() {
  const { t, label, date, number } = useI18n();
  const [programmeId, setProgrammeId] = useState(DEMO_PROGRAMME_ID);
  const [draft, setDraft] = useState(programmeId);
  const inputId = useId();
  const helpId = useId();
  const budget = useQuery(ProgrammeBudgetDocument, { programmeId });
  const data = budget.result?.data?.budget;
  const rows = useMemo(
    () => (data ? data.categories.map((c) => ({ label: label('budgetCategory', c.category), budgeted: c.budgeted, spent: c.spent, remaining: c.remaining })) : []),
    [data, label],
  );
  const euros = (n: number) => number(n, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setProgrammeId(draft.trim());
  }

  return (
    <>
      <PageHeading>{t('budget.title')}</PageHeading>
      <p>{t('budget.intro')}</p>
      <form className="filters" onSubmit={onSubmit} aria-label={t('budget.programme')}>
        <div>
          <label htmlFor={inputId}>{t('budget.programme')}</label>
          <input id={inputId} size={40} required value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby={helpId} spellCheck={false} />
          <span id={helpId} className="help">
            {t('budget.programmeHelp')}
          </span>
        </div>
        <button type="submit">{t('monitoring.show')}</button>
      </form>
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

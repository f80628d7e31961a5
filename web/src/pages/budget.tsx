import { PageHeading } from '../components/page-heading';
import { useI18n } from '../i18n/i18n';

export function BudgetPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading>{t('budget.title')}</PageHeading>
      <p className="notice">{t('monitoring.notAvailable')}</p>
    </>
  );
}

/**
 * Procesregie's review of the emergency access opened in its chain (policy §4): the grants still to
 * review, each with who opened it, for whom and why, and a button that marks it reviewed.
 *
 * Only those still to review are asked for: reading a grant's reason is an access to her data that
 * leaves a line in her trail (`break-glass.review`), so the page does not read again, at every visit,
 * the reasons of grants reviewed long ago. A grant on a client the reviewer's organisation does not
 * know comes without her (`client` withheld as NOT_FOUND): the card says so rather than name her.
 */
import { BreakGlassReviewDocument, ReviewBreakGlassDocument, type BreakGlassReviewQuery } from '../../../src/generated/operations/graphql';
import { OutcomeNotice } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { Loaded } from '../components/status';
import { useI18n, type I18n } from '../i18n/i18n';
import { href } from '../routes';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Grant = BreakGlassReviewQuery['breakGlassReview'][number];

export function BreakGlassReviewPage() {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const grants = useQuery(BreakGlassReviewDocument, { reviewed: false });
  const mutate = useMutation();
  const { busy, notice, send, tell } = useChange(grants.reload);
  // Until the list has come again after a mark, its cards are the ones the mark was made on.
  const idle = !busy && !grants.loading;

  const whom = (g: Grant, { t }: I18n) => g.client?.code ?? t('review.clientUnknown');

  async function mark(g: Grant) {
    const names = (i18n: I18n) => ({ name: g.professional.name, client: whom(g, i18n) });
    const refusal = await send(() => mutate(ReviewBreakGlassDocument, { id: g.id }));
    tell(
      refusal,
      (i18n) => i18n.t('review.marked', names(i18n)),
      (outcome, reason, i18n) => i18n.t(outcome === 'unknown' ? 'review.markUnknown' : 'review.notMarked', { ...names(i18n), reason }),
    );
  }

  const list = grants.result?.data?.breakGlassReview ?? [];
  return (
    <>
      <PageHeading>{t('review.title')}</PageHeading>
      <p>{t('review.intro')}</p>
      <OutcomeNotice notice={notice} />
      <Loaded query={grants}>
        {list.length === 0 ? (
          <p>{t('review.empty')}</p>
        ) : (
          <ul className="handovers">
            {list.map((g) => (
              <li key={g.id} className="card handover" data-grant={g.id} aria-labelledby={`grant-${g.id}`}>
                <h2 id={`grant-${g.id}`}>
                  {g.client ? <a href={href({ page: 'client', id: g.client.id })}>{g.client.code}</a> : t('review.clientUnknownHeading')} — {g.professional.name}, {g.organisation.name}
                </h2>
                <dl className="facts">
                  <dt>{t('field.startedAt')}</dt>
                  <dd>{dateTime(g.startedAt)}</dd>
                  <dt>{t('field.expiresAt')}</dt>
                  <dd>{dateTime(g.expiresAt)}</dd>
                  <dt>{t('field.reason')}</dt>
                  <dd>{g.reason}</dd>
                </dl>
                <div className="actions">
                  <button type="button" onClick={() => mark(g)} disabled={!idle} aria-label={t('review.markLabel', { name: g.professional.name, client: whom(g, i18n) })}>
                    {t('review.mark')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

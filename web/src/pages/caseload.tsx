/** The caseload: each client by code, with per category whether she shares it with the caller. */
import { useEffect, useId, useRef, useState } from 'react';
import { ClientListDocument, type ClientFilter } from '../../../src/generated/operations/graphql';
import { AccessBadge } from '../components/access-badge';
import { PageHeading } from '../components/page-heading';
import { QueryStatus } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { dividesCaseload, href } from '../routes';
import { useSession, type Me } from '../session';
import { useQuery } from '../use-query';

/** The categories that need consent, in the order of policy §2 (BASIC is the row itself). */
export const CONSENT_CATEGORIES = ['IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK'] as const;

const PAGE_SIZE = 50;

/** Which of her organisation's clients the list shows: all, her own caseload, or those no one who works there is named for. */
type Shown = 'all' | 'mine' | 'unnamed';

function filterOf(shown: Shown, me: Me): ClientFilter | null {
  switch (shown) {
    case 'all':
      return null;
    case 'mine':
      return { caseManagerId: me.id };
    case 'unnamed':
      return { withoutCaseManager: true };
  }
}

export function CaseloadPage() {
  const { t } = useI18n();
  const { me } = useSession().session!;
  const [shown, setShown] = useState<Shown>('all');
  const name = useId();
  // Only a case manager is named for a client, so only she has a caseload of her own; and the
  // women left unnamed are for her to take on or pass on, which is dividing the caseload.
  const choices: Shown[] = dividesCaseload(me.roles) ? ['all', 'mine', 'unnamed'] : [];
  return (
    <>
      <PageHeading>{t('caseload.title')}</PageHeading>
      <p>{t('caseload.intro')}</p>
      {choices.length > 0 && (
        <fieldset className="caseload-choice">
          <legend>{t('caseload.show')}</legend>
          {choices.map((choice) => (
            <label key={choice} className="check">
              <input type="radio" name={name} checked={shown === choice} onChange={() => setShown(choice)} />
              {t(`caseload.show.${choice}`)}
            </label>
          ))}
        </fieldset>
      )}
      {/* Each choice has pages of its own: another choice starts again from its first page. */}
      <ClientPages key={shown} shown={shown} filter={filterOf(shown, me)} />
    </>
  );
}

function ClientPages({ shown, filter }: { shown: Shown; filter: ClientFilter | null }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const pages = [undefined, ...cursors];
  return (
    <>
      {pages.map((cursor, i) => (
        <ClientPage
          key={cursor ?? 'first'}
          after={cursor}
          shown={shown}
          filter={filter}
          first={i === 0}
          last={i === pages.length - 1}
          onMore={(next) => setCursors((c) => [...c, next])}
        />
      ))}
    </>
  );
}

function ClientPage({
  after: cursor,
  shown,
  filter,
  first,
  last,
  onMore,
}: {
  after?: string;
  shown: Shown;
  filter: ClientFilter | null;
  first: boolean;
  last: boolean;
  onMore(cursor: string): void;
}) {
  const { t, label } = useI18n();
  const { result, error, loading, reload } = useQuery(ClientListDocument, { first: PAGE_SIZE, after: cursor ?? null, filter });
  const clients = result?.data?.clients;
  const firstLink = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    // A page after the first comes by "Load more", which went while it came: the focus goes to its
    // first client, where she reads on (her link, so Tab goes on from there).
    if (!first && clients) firstLink.current?.focus();
  }, [first, clients]);

  if (!clients) return <QueryStatus loading={loading} error={error} onRetry={reload} />;
  return (
    <>
      {first && <p>{t(clients.totalCount === 1 ? 'caseload.count.one' : 'caseload.count', { count: clients.totalCount })}</p>}
      {clients.edges.length === 0 ? (
        <p>{t(`caseload.empty.${shown}`)}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t('caseload.caption')} tabIndex={0}>
          <table className="caseload">
            <caption className="visually-hidden">{t('caseload.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('caseload.code')}</th>
                <th scope="col">{t('caseload.status')}</th>
                <th scope="col">{t('caseload.team')}</th>
                <th scope="col">{t('caseload.caseManagers')}</th>
                {CONSENT_CATEGORIES.map((c) => (
                  <th scope="col" key={c}>
                    {label('category', c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {clients.edges.map(({ node }, i) => (
                <tr key={node.id} data-client={node.code}>
                  <th scope="row">
                    <a href={href({ page: 'client', id: node.id })} ref={i === 0 ? firstLink : undefined}>
                      {node.code}
                    </a>
                  </th>
                  <td>{label('clientStatus', node.status)}</td>
                  <td>{node.team?.name ?? '—'}</td>
                  <td>{node.caseManagers.map((m) => m.name).join(', ') || '—'}</td>
                  {CONSENT_CATEGORIES.map((c) => {
                    const access = node.access.find((a) => a.category === c);
                    return <td key={c}>{access ? <AccessBadge access={access} /> : '—'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {last && clients.pageInfo.hasNextPage && clients.pageInfo.endCursor && (
        <button type="button" onClick={() => onMore(clients.pageInfo.endCursor!)}>
          {t('caseload.more')}
        </button>
      )}
    </>
  );
}

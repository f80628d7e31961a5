/**
 * The directory's recent changes, refused attempts too, as the audit log holds them: what stands
 * against an administrator giving a sign-in she controls someone's roles is that another
 * administrator reads the change here.
 */
import { useEffect, useRef, useState } from 'react';
import { DirectoryChangesDocument, type DirectoryChangesQuery } from '../../../src/generated/operations/graphql';
import type { Result } from '../api';
import { useI18n, type I18n } from '../i18n/i18n';
import { nl, type MessageKey } from '../i18n/messages.nl';
import { useQuery, type QueryState } from '../use-query';
import { QueryStatus } from './status';

type Change = DirectoryChangesQuery['directoryChanges']['edges'][number]['node'];

const PAGE_SIZE = 20;

/** A change the dashboard tells in words: one its messages have a sentence for. */
const toldAs = (eventType: string): MessageKey | null => {
  const key = `directory.change.${eventType}`;
  return key in nl ? (key as MessageKey) : null;
};

function describeChange({ t, label }: I18n, change: Change): string {
  const attempt = /^mutation\.(\w+)$/.exec(change.eventType)?.[1];
  if (attempt && change.outcome !== 'GRANTED') return t(`directory.change.${change.outcome}`, { attempt: label('attempt', attempt), refusal: change.refusal ?? '—' });
  // A change the dashboard has no words for yet is shown as the log names it, never left out.
  const told = toldAs(change.eventType);
  if (!told) return change.eventType;
  return t(told, {
    name: change.professional?.name ?? '—',
    team: change.team?.name ?? '—',
    organisation: change.organisation?.name ?? '—',
    fields: change.fields.map((f) => label('professionalField', f)).join(', '),
  });
}

export interface DirectoryChanges {
  query: QueryState<DirectoryChangesQuery>;
  /** The pages shown, newest first; the one being loaded is not among them yet. */
  lines: Change[];
  /** Whether the last page asked for has come. */
  loaded: boolean;
  /** Adds the page after those shown, when there is one. */
  more: (() => void) | null;
  reload(): void;
}

/**
 * The changes a page at a time. A reload starts again from the newest: new lines come before the
 * pages shown, and the pages after the first would no longer follow on from it.
 */
export function useDirectoryChanges(): DirectoryChanges {
  const [shown, setShown] = useState<{ earlier: Change[]; after: string | null; superseded: Result<DirectoryChangesQuery> | null }>({ earlier: [], after: null, superseded: null });
  const query = useQuery(DirectoryChangesDocument, { first: PAGE_SIZE, after: shown.after });
  // Until the page asked for comes, the query still answers with the one before it.
  const page = query.result !== shown.superseded ? query.result?.data?.directoryChanges : undefined;
  const lines = page ? [...shown.earlier, ...page.edges.map((e) => e.node)] : shown.earlier;
  const next = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  return {
    query,
    lines,
    loaded: page !== undefined,
    more: next ? () => setShown({ earlier: lines, after: next, superseded: query.result }) : null,
    reload() {
      // The first page shown stays until its newer version comes.
      if (shown.after === null) query.reload();
      else setShown({ earlier: [], after: null, superseded: query.result });
    },
  };
}

/** `idle` is false while a change is made, after which the list starts again from the newest. */
export function RecentChanges({ changes: { query, lines, loaded, more }, idle }: { changes: DirectoryChanges; idle: boolean }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  // The button she pressed goes while the page comes: the focus then goes to its first line.
  const [asked, setAsked] = useState<number | null>(null);
  const firstAsked = useRef<HTMLTableCellElement>(null);

  useEffect(() => {
    if (asked === null || !firstAsked.current) return;
    firstAsked.current.focus();
    setAsked(null);
  }, [asked, lines.length]);

  return (
    <>
      {loaded && lines.length === 0 && <p>{t('directory.noChanges')}</p>}
      {lines.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('directory.changesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('directory.when')}</th>
              <th scope="col">{t('directory.by')}</th>
              <th scope="col">{t('directory.what')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((change, i) => (
              <tr key={change.id}>
                {/* Any line may hold the focus (not in the Tab order), so the one that took it keeps it. */}
                <th scope="row" tabIndex={-1} ref={i === asked ? firstAsked : undefined}>
                  <time dateTime={change.occurredAt}>{dateTime(change.occurredAt)}</time>
                </th>
                <td>{change.by?.name ?? '—'}</td>
                <td>{describeChange(i18n, change)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded ? (
        more && (
          <button
            type="button"
            className="secondary"
            disabled={!idle}
            onClick={() => {
              setAsked(lines.length);
              more();
            }}
          >
            {t('directory.moreChanges')}
          </button>
        )
      ) : (
        <QueryStatus loading={query.loading} error={query.error} onRetry={query.reload} />
      )}
    </>
  );
}

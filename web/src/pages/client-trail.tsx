/**
 * "Who looked at my data?" on her page (domain.md: the client herself, through her case manager):
 * her audit trail, newest first, in the sentences the gateway words in the reader's language, a page
 * at a time. Asked for only when the reader opens it: reading the trail is an access of her data
 * that leaves a line of its own, and a visit to her page should not add one each time. Offered to
 * her own case managers and to procesregie, whom the gateway lets read it (procesregie of her own
 * chain only: another city's is told so).
 */
import { useEffect, useRef, useState } from 'react';
import { AuditTrailDocument } from '../../../src/generated/operations/graphql';
import { ClientSection } from '../components/client-section';
import { Loaded } from '../components/status';
import { forbidden } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../use-query';

/** Lines per page: a screenful of sentences. */
const PAGE = 20;

export function ClientTrail({ clientId, code }: { clientId: string; code: string }) {
  const { t } = useI18n();
  /** The cursor each page shown starts after: null for the first; empty while the trail is closed. */
  const [pages, setPages] = useState<(string | null)[]>([]);
  const open = pages.length > 0;

  return (
    <ClientSection id="trail" title={t('trail.title')}>
      <p>{t('trail.intro', { code })}</p>
      <button type="button" aria-expanded={open} aria-controls="trail-lines" onClick={() => setPages(open ? [] : [null])}>
        {t(open ? 'trail.close' : 'trail.open')}
      </button>
      {open && (
        <div id="trail-lines">
          {pages.map((after, i) => (
            <TrailPage key={after ?? ''} clientId={clientId} after={after} last={i === pages.length - 1} more={(cursor) => setPages([...pages, cursor])} />
          ))}
        </div>
      )}
    </ClientSection>
  );
}

function TrailPage({ clientId, after, last, more }: { clientId: string; after: string | null; last: boolean; more(after: string): void }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const trail = useQuery(AuditTrailDocument, { clientId, first: PAGE, after, language: i18n.language === 'nl' ? 'NL' : 'EN' });
  const answer = trail.result?.data?.auditTrail;
  const first = useRef<HTMLLIElement>(null);
  const arrived = useRef(false);
  useEffect(() => {
    // The button that asked for this page goes once it is here: the focus goes to what it brought —
    // once, not again when its lines come anew in another language while she is elsewhere.
    if (after === null || !answer || arrived.current) return;
    arrived.current = true;
    first.current?.focus();
  }, [after, answer]);
  if (trail.error && forbidden(trail.error)) return <p className="notice notice-error">{t('trail.refused')}</p>;
  return (
    <Loaded query={trail}>
      {answer && (
        <>
          {after === null && <p>{t('trail.count', { count: number(answer.totalCount) })}</p>}
          <ul className="trail">
            {answer.edges.map(({ node }, i) => (
              <li key={node.id} ref={i === 0 ? first : undefined} tabIndex={i === 0 ? -1 : undefined}>
                {node.sentence}
                {node.breakGlassReason && <span className="muted"> {t('trail.reason', { reason: node.breakGlassReason })}</span>}
              </li>
            ))}
          </ul>
          {last && answer.pageInfo.hasNextPage && answer.pageInfo.endCursor && (
            <button type="button" onClick={() => more(answer.pageInfo.endCursor!)}>
              {t('trail.more')}
            </button>
          )}
        </>
      )}
    </Loaded>
  );
}

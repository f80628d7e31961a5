/**
 * The handover inbox: handovers to the caller's organisation, open ones with accept and reject
 * (sending the version the list showed, so a handover changed meanwhile answers CONFLICT rather
 * than being decided blind), and the ones her organisation proposed.
 *
 * The notes of a handover are about a category of the client's data (`notesCategory`). The list
 * comes without them, with what each client shares with the caller (`access`); the notes are then
 * asked for only where their category is shared (HandoverNotes). Asking for all of them would
 * leave, at every visit, a denied read in the trail of each client whose notes are not shared —
 * what the client sees as an organisation that tried to read her health data (policy §3, §7).
 */
import { useCallback, type ReactNode } from 'react';
import {
  AcceptHandoverDocument,
  HandoverNotesDocument,
  InboxHandoversDocument,
  RejectHandoverDocument,
  type InboxHandoversQuery,
} from '../../../src/generated/operations/graphql';
import { isForbiddenAt } from '../api';
import { OutcomeNotice } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { Loaded } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { answersHandovers, href } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Handover = InboxHandoversQuery['handovers'][number];

/** Whether the client shares the category of the handover's notes with the caller, as `access` said. */
function notesShared(h: Handover): boolean {
  return Boolean(h.client.access.find((a) => a.category === h.notesCategory)?.granted);
}

export function InboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { session } = useSession();
  const incoming = useQuery(InboxHandoversDocument, { direction: 'INCOMING', status: null });
  const outgoing = useQuery(InboxHandoversDocument, { direction: 'OUTGOING', status: ['PROPOSED', 'ACCEPTED'] });
  const mutate = useMutation();
  const mayAnswer = answersHandovers(session?.me.roles ?? []);
  const { reload: reloadIncoming } = incoming;
  const { reload: reloadOutgoing } = outgoing;
  const { busy, notice, send, tell } = useChange(
    useCallback(() => {
      reloadIncoming();
      reloadOutgoing();
    }, [reloadIncoming, reloadOutgoing]),
  );
  // After a decision, until both lists have come again, the cards are the ones it was made on: a
  // second click would send the version a card had before.
  const idle = !busy && !incoming.loading && !outgoing.loading;

  async function decide(h: Handover, accept: boolean) {
    const input = { id: h.id, version: h.version };
    const refusal = await send(() => (accept ? mutate(AcceptHandoverDocument, { input }) : mutate(RejectHandoverDocument, { input })));
    const code = h.client.code;
    tell(refusal, t(accept ? 'inbox.accepted' : 'inbox.rejected', { code }), (outcome, reason) =>
      outcome === 'unknown'
        ? t(accept ? 'inbox.acceptUnknown' : 'inbox.rejectUnknown', { code, reason })
        : t(accept ? 'inbox.notAccepted' : 'inbox.notRejected', { code, reason }),
    );
  }

  const incomingList = incoming.result?.data?.handovers ?? [];
  const open = incomingList.filter((h) => h.status === 'PROPOSED');
  const decided = incomingList.filter((h) => h.status !== 'PROPOSED');
  // Only the open cards show notes, and only theirs whose category she may read are asked for.
  const readable = open.filter(notesShared).map((h) => h.id);
  const notes = useQuery(HandoverNotesDocument, { direction: 'INCOMING', ids: readable }, readable.length === 0);
  const notesOf = (h: Handover): ReactNode => {
    const i = notes.result?.data?.handovers.findIndex((n) => n.id === h.id) ?? -1;
    // Shared by `access`, but withheld when asked (a consent revoked in between): hidden all the same.
    const hidden = !notesShared(h) || (i >= 0 && isForbiddenAt(notes.result!.errors, ['handovers', i, 'notes']));
    if (hidden) {
      return (
        <span className="muted">
          {t('inbox.notesHidden')} ({i18n.label('category', h.notesCategory)})
        </span>
      );
    }
    if (i >= 0) return notes.result!.data!.handovers[i].notes ?? '—';
    // Not loaded (yet): say so, never "no notes".
    return <span className="muted">{notes.error ? t('error.loadFailed') : t('app.loading')}</span>;
  };

  return (
    <>
      <PageHeading>{t('inbox.title')}</PageHeading>
      <p>{t('inbox.intro')}</p>
      <OutcomeNotice notice={notice} />

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t('inbox.open')}</h2>
        <Loaded query={incoming}>
          {open.length === 0 ? (
            <p>{t('inbox.empty')}</p>
          ) : (
            <ul className="handovers">
              {open.map((h) => {
                return (
                  <li key={h.id} className="card handover" data-handover={h.id} aria-labelledby={`handover-${h.id}`}>
                    <h3 id={`handover-${h.id}`}>
                      <a href={href({ page: 'client', id: h.client.id })}>{h.client.code}</a> — {h.fromOrganisation.name}
                    </h3>
                    <HandoverFacts h={h} notes={notesOf(h)} />
                    {mayAnswer && (
                      <div className="actions">
                        <button type="button" onClick={() => decide(h, true)} disabled={!idle} aria-label={t('inbox.acceptLabel', { code: h.client.code })}>
                          {t('inbox.accept')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => decide(h, false)}
                          disabled={!idle}
                          aria-label={t('inbox.rejectLabel', { code: h.client.code })}
                        >
                          {t('inbox.reject')}
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </Loaded>
      </section>

      <section aria-labelledby="decided-heading">
        <h2 id="decided-heading">{t('inbox.decided')}</h2>
        <Loaded query={incoming}>
          <HandoverTable list={decided} />
        </Loaded>
      </section>

      <section aria-labelledby="outgoing-heading">
        <h2 id="outgoing-heading">{t('inbox.outgoing')}</h2>
        <Loaded query={outgoing}>
          <HandoverTable list={outgoing.result?.data?.handovers ?? []} />
        </Loaded>
      </section>
    </>
  );
}

function HandoverFacts({ h, notes }: { h: Handover; notes: ReactNode }) {
  const { t, label, date } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('field.destination')}</dt>
      <dd>{label('destination', h.destination)}</dd>
      <dt>{t('field.proposedAt')}</dt>
      <dd>{date(h.proposedAt)}</dd>
      <dt>{t('field.notes')}</dt>
      <dd>{notes}</dd>
    </dl>
  );
}

function HandoverTable({ list }: { list: Handover[] }) {
  const { t, label, date } = useI18n();
  if (list.length === 0) return <p>{t('inbox.empty')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('field.client')}</th>
          <th scope="col">{t('field.from')}</th>
          <th scope="col">{t('field.to')}</th>
          <th scope="col">{t('field.destination')}</th>
          <th scope="col">{t('field.status')}</th>
          <th scope="col">{t('field.proposedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((h) => (
          <tr key={h.id} data-handover={h.id}>
            <td>{h.client.code}</td>
            <td>{h.fromOrganisation.name}</td>
            <td>{h.toOrganisation?.name ?? '—'}</td>
            <td>{label('destination', h.destination)}</td>
            <td>{label('handoverStatus', h.status)}</td>
            <td>{date(h.proposedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

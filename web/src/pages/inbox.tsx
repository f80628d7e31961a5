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
import { useCallback, useMemo, type ReactNode } from 'react';
import {
  AcceptHandoverDocument,
  CancelHandoverDocument,
  CompleteHandoverDocument,
  HandoverNotesDocument,
  InboxHandoversDocument,
  RejectHandoverDocument,
  type InboxHandoversQuery,
} from '../../../src/generated/operations/graphql';
import { OutcomeNotice } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { SharedText } from '../components/shared-text';
import { Loaded } from '../components/status';
import { holds, useReloadWhenGrantsEnd } from '../grants';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.nl';
import { answersHandovers, href, recordsCare } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Handover = InboxHandoversQuery['handovers'][number];

/** The steps of a handover the inbox takes: the receiver's answer, the sender's completion or withdrawal. */
type Step = 'accept' | 'reject' | 'complete' | 'cancel';

const STEP_WORDS: Record<Step, { button: MessageKey; label: MessageKey; done: MessageKey; notDone: MessageKey; unknown: MessageKey }> = {
  accept: { button: 'inbox.accept', label: 'inbox.acceptLabel', done: 'inbox.accepted', notDone: 'inbox.notAccepted', unknown: 'inbox.acceptUnknown' },
  reject: { button: 'inbox.reject', label: 'inbox.rejectLabel', done: 'inbox.rejected', notDone: 'inbox.notRejected', unknown: 'inbox.rejectUnknown' },
  complete: { button: 'inbox.complete', label: 'inbox.completeLabel', done: 'inbox.completed', notDone: 'inbox.notCompleted', unknown: 'inbox.completeUnknown' },
  cancel: { button: 'inbox.cancel', label: 'inbox.cancelLabel', done: 'inbox.cancelled', notDone: 'inbox.notCancelled', unknown: 'inbox.cancelUnknown' },
};

/** Whether the client shares the category of the handover's notes with the caller, as `access` said, still. */
function notesShared(h: Handover): boolean {
  return holds(h.client.access.find((a) => a.category === h.notesCategory));
}

export function InboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { session } = useSession();
  const incoming = useQuery(InboxHandoversDocument, { direction: 'INCOMING', status: null });
  const outgoing = useQuery(InboxHandoversDocument, { direction: 'OUTGOING', status: ['PROPOSED', 'ACCEPTED'] });
  const mutate = useMutation();
  const mayAnswer = answersHandovers(session?.me.roles ?? []);
  // Her organisation's own proposals are completed or cancelled by its case managers (handover.rules.ts).
  const sends = recordsCare(session?.me.roles ?? []);
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

  /** One step of a handover, sent with the version its card or row showed. */
  async function take(h: Handover, step: Step) {
    const input = { id: h.id, version: h.version };
    const refusal = await send(() =>
      step === 'accept'
        ? mutate(AcceptHandoverDocument, { input })
        : step === 'reject'
          ? mutate(RejectHandoverDocument, { input })
          : step === 'complete'
            ? mutate(CompleteHandoverDocument, { input })
            : mutate(CancelHandoverDocument, { input }),
    );
    const code = h.client.code;
    const words = STEP_WORDS[step];
    tell(
      refusal,
      ({ t }) => t(words.done, { code }),
      (outcome, reason, { t }) => t(outcome === 'unknown' ? words.unknown : words.notDone, { code, reason }),
    );
  }

  const incomingList = incoming.result?.data?.handovers ?? [];
  useReloadWhenGrantsEnd(useMemo(() => incomingList.flatMap((h) => h.client.access), [incomingList]), reloadIncoming);
  const open = incomingList.filter((h) => h.status === 'PROPOSED');
  const decided = incomingList.filter((h) => h.status !== 'PROPOSED');
  // Only the open cards show notes, and only theirs whose category she may read are asked for.
  const readable = open.filter(notesShared).map((h) => h.id);
  const notes = useQuery(HandoverNotesDocument, { direction: 'INCOMING', ids: readable }, readable.length === 0);
  const notesOf = (h: Handover) => (
    <SharedText id={h.id} shared={notesShared(h)} query={notes} list="handovers" field="notes" hidden={`${t('inbox.notesHidden')} (${i18n.label('category', h.notesCategory)})`} />
  );

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
                        <button type="button" onClick={() => take(h, 'accept')} disabled={!idle} aria-label={t('inbox.acceptLabel', { code: h.client.code })}>
                          {t('inbox.accept')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => take(h, 'reject')}
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
          <HandoverTable list={outgoing.result?.data?.handovers ?? []} steps={sends ? { idle, take } : undefined} />
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

/** What the sending organisation does next with its proposal: complete it once accepted, or cancel it. */
function nextSteps(h: Handover): Step[] {
  return h.status === 'ACCEPTED' ? ['complete', 'cancel'] : h.status === 'PROPOSED' ? ['cancel'] : [];
}

function HandoverTable({ list, steps }: { list: Handover[]; steps?: { idle: boolean; take(h: Handover, step: Step): void } }) {
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
          {steps && <th scope="col">{t('inbox.next')}</th>}
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
            {steps && (
              <td>
                <div className="join">
                  {nextSteps(h).map((step) => (
                    <button
                      key={step}
                      type="button"
                      className={step === 'cancel' ? 'secondary' : undefined}
                      disabled={!steps.idle}
                      onClick={() => steps.take(h, step)}
                      aria-label={t(STEP_WORDS[step].label, { code: h.client.code })}
                    >
                      {t(STEP_WORDS[step].button)}
                    </button>
                  ))}
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

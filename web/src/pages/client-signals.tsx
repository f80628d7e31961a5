/**
 * Her signals on her page: the concerns partners laid down with procesregie, newest first. A
 * signal's text is about a category of her data; the page asks for the texts of just those whose
 * category she shares with the caller (SignalTexts, from `access`), as the inbox does with handover
 * notes: a text asked for and refused would leave a denied read in her audit trail (policy §3).
 * Whoever sees her raises one; the organisation that raised it, or procesregie, resolves it.
 */
import { useId, type FormEvent } from 'react';
import {
  RaiseSignalDocument,
  ResolveSignalDocument,
  SignalTextsDocument,
  type ClientDetailQuery,
  type DataCategory,
} from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { ClientSection, RecordTable } from '../components/client-section';
import { CategoryOptions, FormField, useForm } from '../components/form';
import { SharedText } from '../components/shared-text';
import { outcomeOf } from '../describe-error';
import { holds } from '../grants';
import { useI18n, type I18n } from '../i18n/i18n';
import { useResendKey } from '../resend-key';
import { mayResolveSignal } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Client = NonNullable<ClientDetailQuery['client']>;
type Signal = Client['signals'][number];

/** The longest concern the gateway takes (raiseSignal). */
const MAX_TEXT = 2000;

export function ClientSignals({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const { t, label, date } = useI18n();
  const { session } = useSession();
  const mutate = useMutation();
  const change = useChange(reload);
  // Still: when a grant ends, its texts go before the page's reload (ClientDetail) has come, or if it fails.
  const shared = (s: Signal) => holds(client.access.find((a) => a.category === s.category));
  const readable = client.signals.filter(shared).map((s) => s.id);
  const texts = useQuery(SignalTextsDocument, { ids: readable }, readable.length === 0);
  const ready = idle && !change.busy;

  const textOf = (s: Signal) => <SharedText id={s.id} shared={shared(s)} query={texts} list="signals" field="text" hidden={t('signals.notShared')} />;

  async function resolve(s: Signal) {
    const names = ({ date, label }: I18n) => ({ date: date(s.raisedAt), category: label('category', s.category) });
    const refusal = await change.send(() => mutate(ResolveSignalDocument, { input: { id: s.id, version: s.version } }));
    change.tell(
      refusal,
      (i18n) => i18n.t('signals.resolved', names(i18n)),
      (outcome, reason, i18n) => i18n.t(outcome === 'unknown' ? 'signals.resolveUnknown' : 'signals.notResolved', { ...names(i18n), reason }),
    );
  }

  return (
    <ClientSection id="signals" title={t('signals.title')} notice={change.notice}>
      <RecordTable
        records={client.signals}
        heads={[t('signals.raisedAt'), t('signals.raisedBy'), t('signals.category'), t('signals.text'), t('field.status')]}
        cells={(s) => (
          <>
            <td>{date(s.raisedAt)}</td>
            <td>{s.raisedBy.name}</td>
            <td>{label('category', s.category)}</td>
            <td>{textOf(s)}</td>
            <td>
              {s.status === 'RESOLVED' && s.resolvedAt ? t('signals.resolvedOn', { date: date(s.resolvedAt) }) : label('signalStatus', s.status)}
              {s.status === 'OPEN' && session && mayResolveSignal(session.me, s.raisedBy) && (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={!ready}
                    onClick={() => void resolve(s)}
                    aria-label={t('signals.resolveLabel', { date: date(s.raisedAt), category: label('category', s.category) })}
                  >
                    {t('signals.resolve')}
                  </button>
                </>
              )}
            </td>
          </>
        )}
      />
      <RaiseSignal client={client} ready={ready} change={change} />
    </ClientSection>
  );
}

/** A concern about her, laid down with procesregie; sent again after a lost answer, it is raised once. */
function RaiseSignal({ client, ready, change }: { client: Client; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t } = useI18n();
  const mutate = useMutation();
  const keys = useResendKey();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ category: DataCategory; text: string }, 'category' | 'text'>({ category: 'BASIC', text: '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ category, text }) => {
      const input = { clientId: client.id, category, text };
      const refusal = await change.send(() => mutate(RaiseSignalDocument, { input: { ...input, idempotencyKey: keys.keyFor(input) } }));
      const outcome = outcomeOf(refusal);
      keys.keep(outcome === 'unknown');
      if (refusedInput(refusal) === 'input.text') return 'text';
      if (outcome === 'made') edit({ text: '' });
      // A lost answer is sent again under the same key: raised once, whatever became of the first.
      change.tell(
        refusal,
        ({ t }) => t('signals.raised'),
        (o, reason, { t }) => (o === 'unknown' ? t('signals.raiseUnknown') : t('signals.notRaised', { reason })),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('signals.raise')}</h3>
      <FormField id={idOf('category')} label={t('signals.category')} help={t('signals.categoryHelp')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.category} onChange={(e) => edit({ category: e.target.value as DataCategory })}>
            <CategoryOptions />
          </select>
        )}
      </FormField>
      <FormField id={idOf('text')} label={t('signals.text')} refusal={refused === 'text' ? t('signals.invalidText', { max: MAX_TEXT }) : null}>
        {(described) => <textarea {...described} required rows={3} maxLength={MAX_TEXT} value={draft.text} onChange={(e) => edit({ text: e.target.value })} />}
      </FormField>
      <button type="submit" disabled={!ready}>
        {t('signals.raiseButton')}
      </button>
    </form>
  );
}

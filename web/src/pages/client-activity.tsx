/**
 * The time spent on her, on her page: the last 90 days as the gateway keeps them, and for case
 * managers the form to log their own. Sent again after a lost answer, an entry is counted once.
 */
import { useId, type FormEvent } from 'react';
import { LogActivityDocument, type ClientDetailQuery } from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { todayHere } from '../calendar';
import { ClientSection, RecordTable } from '../components/client-section';
import { FormField, useForm } from '../components/form';
import { outcomeOf } from '../describe-error';
import { useI18n, type I18n } from '../i18n/i18n';
import { useResendKey } from '../resend-key';
import { recordsCare } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation } from '../use-query';

type Client = NonNullable<ClientDetailQuery['client']>;

/** A day's entries hold at most this together (logActivity). */
const MINUTES_A_DAY = 1440;

/** Minutes as she would say them: "45 min", "4 h", "1 h 30 min". */
export function duration(minutes: number, { t }: I18n): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? t('time.minutes', { m }) : m === 0 ? t('time.hours', { h }) : t('time.hoursMinutes', { h, m });
}

export function ClientActivity({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const i18n = useI18n();
  const { t, date } = i18n;
  const { session } = useSession();
  const change = useChange(reload);
  const total = client.activity.reduce((sum, a) => sum + a.minutes, 0);

  return (
    <ClientSection id="activity" title={t('time.title')} notice={change.notice}>
      <RecordTable
        records={client.activity}
        heads={[t('time.day'), t('time.spent'), t('time.by')]}
        cells={(a) => (
          <>
            <td>{date(a.day)}</td>
            <td>{duration(a.minutes, i18n)}</td>
            <td>{a.professional.name}</td>
          </>
        )}
        footer={
          <tr>
            <th scope="row">{t('time.total')}</th>
            <td>{duration(total, i18n)}</td>
            <td />
          </tr>
        }
      />
      {session && recordsCare(session.me.roles) && <LogTime client={client} ready={idle && !change.busy} change={change} />}
    </ClientSection>
  );
}

function LogTime({ client, ready, change }: { client: Client; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t, date } = useI18n();
  const mutate = useMutation();
  const keys = useResendKey();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ day: string; minutes: string }, 'day' | 'minutes'>({ day: todayHere(), minutes: '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ day, minutes }) => {
      const input = { clientId: client.id, day, minutes: Number(minutes) };
      const refusal = await change.send(() => mutate(LogActivityDocument, { input: { ...input, idempotencyKey: keys.keyFor(input) } }));
      const outcome = outcomeOf(refusal);
      keys.keep(outcome === 'unknown');
      const field = refusedInput(refusal);
      if (field === 'input.day') return 'day';
      if (field === 'input.minutes') return 'minutes';
      if (outcome === 'made') edit({ minutes: '' });
      const names = (i18n: I18n) => ({ duration: duration(input.minutes, i18n), day: i18n.date(day) });
      // A lost answer is sent again under the same key: counted once, whatever became of the first.
      change.tell(
        refusal,
        (i18n) => i18n.t('time.logged', names(i18n)),
        (o, reason, i18n) => (o === 'unknown' ? i18n.t('time.logUnknown', names(i18n)) : i18n.t('time.notLogged', { ...names(i18n), reason })),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('time.log')}</h3>
      <FormField id={idOf('day')} label={t('time.day')} refusal={refused === 'day' ? t('time.invalidDay') : null}>
        {(described) => <input {...described} type="date" required max={todayHere()} value={draft.day} onChange={(e) => edit({ day: e.target.value })} />}
      </FormField>
      <FormField id={idOf('minutes')} label={t('time.minutesLabel')} help={t('time.minutesHelp')} refusal={refused === 'minutes' ? t('time.invalidMinutes', { day: date(draft.day) }) : null}>
        {(described) => (
          <input {...described} type="number" required min={1} max={MINUTES_A_DAY} step={1} inputMode="numeric" value={draft.minutes} onChange={(e) => edit({ minutes: e.target.value })} />
        )}
      </FormField>
      <button type="submit" disabled={!ready}>
        {t('time.logButton')}
      </button>
    </form>
  );
}

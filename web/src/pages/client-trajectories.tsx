/**
 * Her trajectories on her page: kind, status, period and provider (BASIC), and for case managers
 * the start of one and the end of a running one (policy §6). Notes and outcome belong to the
 * category of the trajectory's kind; the page writes them but never asks them back
 * (StartTrajectoryOnPage, EndTrajectoryOnPage), so a case manager who may not read that category
 * leaves no denied read in her trail.
 */
import { useId, type FormEvent } from 'react';
import {
  EndTrajectoryOnPageDocument,
  OrganisationsDocument,
  StartTrajectoryOnPageDocument,
  type ClientDetailQuery,
  type TrajectoryKind,
} from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { todayHere } from '../calendar';
import { ClientSection, RecordTable } from '../components/client-section';
import { FormField, SubmitOrCancel, useForm, useRowForm } from '../components/form';
import { Loaded } from '../components/status';
import { outcomeOf } from '../describe-error';
import { useI18n, type I18n } from '../i18n/i18n';
import { recordsCare } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Client = NonNullable<ClientDetailQuery['client']>;
type Trajectory = Client['trajectories'][number];

const KINDS: TrajectoryKind[] = ['CASE_MANAGEMENT', 'TIME_OUT', 'INFLOW_HOUSING', 'HOUSING_FIRST', 'DIAGNOSTICS'];

/** The longest notes and outcome the gateway takes. */
const MAX = { notes: 4000, outcome: 2000 };

export function ClientTrajectories({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const { t, label, date } = useI18n();
  const { session } = useSession();
  const keeper = session ? recordsCare(session.me.roles) : false;
  const change = useChange(reload);
  const ending = useRowForm();
  const ready = idle && !change.busy;
  const chosen = client.trajectories.find((tr) => tr.id === ending.open && tr.status === 'ACTIVE');

  return (
    <ClientSection id="trajectories" title={t('client.trajectories')} notice={change.notice}>
      <RecordTable
        records={client.trajectories}
        heads={[t('field.kind'), t('field.status'), t('field.period'), t('field.provider')]}
        cells={(tr) => (
          <>
            <td>{label('trajectoryKind', tr.kind)}</td>
            <td>
              {label('trajectoryStatus', tr.status)}
              {keeper && tr.status === 'ACTIVE' && (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={!ready}
                    {...ending.opener(tr.id)}
                    aria-label={t('trajectory.endLabel', { kind: label('trajectoryKind', tr.kind), date: date(tr.startedOn) })}
                  >
                    {t('trajectory.end')}
                  </button>
                </>
              )}
            </td>
            <td>
              {date(tr.startedOn)} – {tr.endedOn ? date(tr.endedOn) : '…'}
            </td>
            <td>{tr.provider.name}</td>
          </>
        )}
      />
      {keeper && chosen && <EndTrajectory key={chosen.id} trajectory={chosen} ready={ready} change={change} done={ending.done} cancel={ending.cancel} />}
      {keeper && <StartTrajectory client={client} ready={ready} change={change} />}
    </ClientSection>
  );
}

function EndTrajectory({ trajectory, ready, change, done, cancel }: { trajectory: Trajectory; ready: boolean; change: ReturnType<typeof useChange>; done(): void; cancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const mutate = useMutation();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ outcome: string; endedOn: string }, 'outcome' | 'endedOn'>({ outcome: '', endedOn: todayHere() });
  const names = ({ label }: I18n) => ({ kind: label('trajectoryKind', trajectory.kind) });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ outcome, endedOn }) => {
      const refusal = await change.send(() => mutate(EndTrajectoryOnPageDocument, { input: { id: trajectory.id, version: trajectory.version, outcome, endedOn } }));
      const field = refusedInput(refusal);
      if (field === 'input.outcome') return 'outcome';
      if (field === 'input.endedOn') return 'endedOn';
      if (outcomeOf(refusal) !== 'refused') done();
      change.tell(
        refusal,
        (i18n) => i18n.t('trajectory.ended', names(i18n)),
        (o, reason, i18n) => i18n.t(o === 'unknown' ? 'trajectory.endUnknown' : 'trajectory.notEnded', { ...names(i18n), reason }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('trajectory.endHeading', names(i18n))}</h3>
      <FormField id={idOf('outcome')} label={t('trajectory.outcome')} help={t('trajectory.detailHelp')} refusal={refused === 'outcome' ? t('trajectory.invalidOutcome', { max: MAX.outcome }) : null}>
        {(described) => <textarea {...described} required rows={2} maxLength={MAX.outcome} value={draft.outcome} onChange={(e) => edit({ outcome: e.target.value })} />}
      </FormField>
      <FormField id={idOf('endedOn')} label={t('trajectory.endedOn')} refusal={refused === 'endedOn' ? t('trajectory.invalidEndedOn') : null}>
        {(described) => <input {...described} type="date" required max={todayHere()} value={draft.endedOn} onChange={(e) => edit({ endedOn: e.target.value })} />}
      </FormField>
      <SubmitOrCancel submit={t('trajectory.endButton')} ready={ready} cancel={cancel} />
    </form>
  );
}

type StartField = 'kind' | 'providerId' | 'startedOn' | 'notes';

function StartTrajectory({ client, ready, change }: { client: Client; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t, label } = useI18n();
  const { session } = useSession();
  const mutate = useMutation();
  const headingId = useId();
  const organisations = useQuery(OrganisationsDocument, {});
  const { draft, refused, idOf, edit, send } = useForm<{ kind: TrajectoryKind; provider: string; startedOn: string; notes: string }, StartField>({
    kind: 'TIME_OUT',
    provider: '',
    startedOn: todayHere(),
    notes: '',
  });
  const list = organisations.result?.data?.organisations ?? [];
  const mine = list.find((o) => o.id === session?.me.organisation.id);
  // Care is provided by an organisation of her chain that gives care, not by a municipality; the gateway knows her chain.
  const providers = list.filter((o) => o.kind !== 'MUNICIPALITY' && (!mine?.municipality || o.municipality?.id === mine.municipality.id));
  const provider = providers.find((o) => o.id === draft.provider) ?? mine ?? providers[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ kind, startedOn, notes }) => {
      const input = { clientId: client.id, kind, startedOn, ...(provider ? { providerId: provider.id } : {}), ...(notes.trim() ? { notes } : {}) };
      const refusal = await change.send(() => mutate(StartTrajectoryOnPageDocument, { input }));
      const field = refusedInput(refusal)?.replace(/^input\./, '');
      if (field === 'providerId' || field === 'startedOn' || field === 'notes') return field;
      const names = ({ label }: I18n) => ({ kind: label('trajectoryKind', kind) });
      if (outcomeOf(refusal) === 'made') edit({ notes: '' });
      change.tell(
        refusal,
        (i18n) => i18n.t('trajectory.started', names(i18n)),
        (o, reason, i18n) => i18n.t(o === 'unknown' ? 'trajectory.startUnknown' : 'trajectory.notStarted', { ...names(i18n), reason }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('trajectory.start')}</h3>
      <FormField id={idOf('kind')} label={t('field.kind')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.kind} onChange={(e) => edit({ kind: e.target.value as TrajectoryKind })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label('trajectoryKind', k)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={idOf('providerId')} label={t('field.provider')} refusal={refused === 'providerId' ? t('trajectory.invalidProvider') : null}>
        {(described) => (
          <Loaded query={organisations}>
            <select {...described} value={provider?.id ?? ''} onChange={(e) => edit({ provider: e.target.value })}>
              {providers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </Loaded>
        )}
      </FormField>
      <FormField id={idOf('startedOn')} label={t('trajectory.startedOn')} refusal={refused === 'startedOn' ? t('trajectory.invalidStartedOn') : null}>
        {(described) => <input {...described} type="date" required max={todayHere()} value={draft.startedOn} onChange={(e) => edit({ startedOn: e.target.value })} />}
      </FormField>
      <FormField id={idOf('notes')} label={t('field.notes')} help={t('trajectory.detailHelp')} refusal={refused === 'notes' ? t('trajectory.invalidNotes', { max: MAX.notes }) : null}>
        {(described) => <textarea {...described} rows={2} maxLength={MAX.notes} value={draft.notes} onChange={(e) => edit({ notes: e.target.value })} />}
      </FormField>
      <button type="submit" disabled={!ready || !provider}>
        {t('trajectory.startButton')}
      </button>
    </form>
  );
}

/**
 * Referrals (aanmeldingen): a partner asks a team to take someone on. The team's case managers
 * accept or decline those to their teams, with the version the card showed; the referring
 * organisation withdraws its own while they are open, and refers someone new from here.
 *
 * A referral's reason is about a category of her data (`reasonCategory`). The list comes without
 * the reasons, with what each client shares with the caller (`access`); the reasons are then asked
 * for only where their category is shared (ReferralReasons), as the inbox does with handover notes.
 */
import { useCallback, useId, useMemo, type FormEvent } from 'react';
import {
  AcceptReferralDocument,
  DeclineReferralDocument,
  ReferClientDocument,
  ReferralListDocument,
  ReferralReasonsDocument,
  TeamsDocument,
  WithdrawReferralDocument,
  type DataCategory,
  type ReferralListQuery,
} from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { todayHere } from '../calendar';
import { CategoryOptions, FormField, useForm } from '../components/form';
import { OutcomeNotice } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { SharedText } from '../components/shared-text';
import { Loaded } from '../components/status';
import { outcomeOf } from '../describe-error';
import { holds, useReloadWhenGrantsEnd } from '../grants';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.nl';
import { useResendKey } from '../resend-key';
import { decidesReferrals, href, refers } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Referral = ReferralListQuery['referrals'][number];
type Step = 'accept' | 'decline' | 'withdraw';

const STEP_WORDS: Record<Step, { button: MessageKey; label: MessageKey; done: MessageKey; notDone: MessageKey; unknown: MessageKey }> = {
  accept: { button: 'referrals.accept', label: 'referrals.acceptLabel', done: 'referrals.accepted', notDone: 'referrals.notAccepted', unknown: 'referrals.acceptUnknown' },
  decline: { button: 'referrals.decline', label: 'referrals.declineLabel', done: 'referrals.declined', notDone: 'referrals.notDeclined', unknown: 'referrals.declineUnknown' },
  withdraw: { button: 'referrals.withdraw', label: 'referrals.withdrawLabel', done: 'referrals.withdrawn', notDone: 'referrals.notWithdrawn', unknown: 'referrals.withdrawUnknown' },
};

/** Whether the client shares the category of the referral's reason with the caller, as `access` said. */
function reasonShared(r: Referral): boolean {
  return holds(r.client.access.find((a) => a.category === r.reasonCategory));
}

export function ReferralsPage() {
  const i18n = useI18n();
  const { t, label, date } = i18n;
  const { session } = useSession();
  const list = useQuery(ReferralListDocument, {});
  const mutate = useMutation();
  const { reload } = list;
  const change = useChange(useCallback(() => reload(), [reload]));
  const idle = !change.busy && !list.loading;
  const roles = session?.me.roles ?? [];
  const myTeams = new Set((session?.me.teams ?? []).map((team) => team.id));
  const mine = session?.me.organisation.id;

  const all = list.result?.data?.referrals ?? [];
  useReloadWhenGrantsEnd(useMemo(() => all.flatMap((r) => r.client.access), [all]), reload);
  const open = all.filter((r) => r.status === 'OPEN');
  const toDecide = open.filter((r) => myTeams.has(r.team.id));
  const made = open.filter((r) => r.referredBy.id === mine && !myTeams.has(r.team.id));
  const earlier = all.filter((r) => r.status !== 'OPEN');
  const readable = [...toDecide, ...made].filter(reasonShared).map((r) => r.id);
  const reasons = useQuery(ReferralReasonsDocument, { ids: readable }, readable.length === 0);

  const reasonOf = (r: Referral) => (
    <SharedText id={r.id} shared={reasonShared(r)} query={reasons} list="referrals" field="reason" hidden={`${t('signals.notShared')} (${label('category', r.reasonCategory)})`} />
  );

  async function take(r: Referral, step: Step) {
    const input = { id: r.id, version: r.version };
    const refusal = await change.send(() =>
      step === 'accept' ? mutate(AcceptReferralDocument, { input }) : step === 'decline' ? mutate(DeclineReferralDocument, { input }) : mutate(WithdrawReferralDocument, { input }),
    );
    const words = STEP_WORDS[step];
    const code = r.client.code;
    change.tell(
      refusal,
      ({ t }) => t(words.done, { code }),
      (outcome, reason, { t }) => t(outcome === 'unknown' ? words.unknown : words.notDone, { code, reason }),
    );
  }

  const cards = (referrals: Referral[], steps: Step[]) =>
    referrals.length === 0 ? (
      <p>{t('referrals.empty')}</p>
    ) : (
      <ul className="handovers">
        {referrals.map((r) => (
          <li key={r.id} className="card handover" aria-labelledby={`referral-${r.id}`}>
            <h3 id={`referral-${r.id}`}>
              <a href={href({ page: 'client', id: r.client.id })}>{r.client.code}</a> — {r.referredBy.name}
            </h3>
            <dl className="facts">
              <dt>{t('referrals.team')}</dt>
              <dd>{r.team.name}</dd>
              <dt>{t('referrals.on')}</dt>
              <dd>{date(r.createdAt)}</dd>
              <dt>{t('referrals.reason')}</dt>
              <dd>{reasonOf(r)}</dd>
            </dl>
            {steps.length > 0 && (
              <div className="actions">
                {steps.map((step) => (
                  <button
                    key={step}
                    type="button"
                    className={step === 'accept' ? undefined : 'secondary'}
                    disabled={!idle}
                    onClick={() => void take(r, step)}
                    aria-label={t(STEP_WORDS[step].label, { code: r.client.code })}
                  >
                    {t(STEP_WORDS[step].button)}
                  </button>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    );

  return (
    <>
      <PageHeading>{t('referrals.title')}</PageHeading>
      <p>{t('referrals.intro')}</p>
      <OutcomeNotice notice={change.notice} />

      <section aria-labelledby="referrals-open-heading">
        <h2 id="referrals-open-heading">{t('referrals.toDecide')}</h2>
        <Loaded query={list}>{cards(toDecide, decidesReferrals(roles) ? ['accept', 'decline'] : [])}</Loaded>
      </section>

      <section aria-labelledby="referrals-made-heading">
        <h2 id="referrals-made-heading">{t('referrals.made')}</h2>
        <Loaded query={list}>{cards(made, refers(roles) ? ['withdraw'] : [])}</Loaded>
        {refers(roles) && <ReferSomeoneNew ready={idle} change={change} />}
      </section>

      <section aria-labelledby="referrals-earlier-heading">
        <h2 id="referrals-earlier-heading">{t('referrals.earlier')}</h2>
        <Loaded query={list}>
          {earlier.length === 0 ? (
            <p>{t('referrals.empty')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('field.client')}</th>
                  <th scope="col">{t('field.from')}</th>
                  <th scope="col">{t('referrals.team')}</th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('referrals.on')}</th>
                </tr>
              </thead>
              <tbody>
                {earlier.map((r) => (
                  <tr key={r.id}>
                    <td>{r.client.code}</td>
                    <td>{r.referredBy.name}</td>
                    <td>{r.team.name}</td>
                    <td>{label('referralStatus', r.status)}</td>
                    <td>{date(r.decidedAt ?? r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
    </>
  );
}

type Field = 'name' | 'dateOfBirth' | 'teamId' | 'reasonCategory' | 'reason';

/** Someone new to the chain, referred to a team of it; sent again after a lost answer, she is registered once. */
function ReferSomeoneNew({ ready, change }: { ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t } = useI18n();
  const mutate = useMutation();
  const keys = useResendKey();
  const headingId = useId();
  const teams = useQuery(TeamsDocument, {});
  const { draft, refused, idOf, edit, send } = useForm<{ name: string; dateOfBirth: string; teamId: string; reasonCategory: DataCategory; reason: string }, Field>({
    name: '',
    dateOfBirth: '',
    teamId: '',
    reasonCategory: 'BASIC',
    reason: '',
  });
  const list = teams.result?.data?.teams ?? [];
  const team = list.find((x) => x.id === draft.teamId) ?? list[0];
  const refusals: Partial<Record<Field, MessageKey>> = { name: 'referrals.invalidName', dateOfBirth: 'referrals.invalidDateOfBirth', teamId: 'referrals.invalidTeam', reason: 'referrals.invalidReason' };
  const refusalOf = (field: Field) => (refused === field && refusals[field] ? t(refusals[field]!) : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async (d) => {
      if (!team) return 'teamId';
      const input = {
        teamId: team.id,
        newClient: { name: d.name, ...(d.dateOfBirth ? { dateOfBirth: d.dateOfBirth } : {}) },
        reasonCategory: d.reasonCategory,
        reason: d.reason,
      };
      const refusal = await change.send(() => mutate(ReferClientDocument, { input: { ...input, idempotencyKey: keys.keyFor(input) } }));
      const outcome = outcomeOf(refusal);
      keys.keep(outcome === 'unknown');
      const field = refusedInput(refusal)?.replace(/^input\.(newClient\.)?/, '') as Field | undefined;
      if (field && field in refusals) return field;
      const names = { team: team.name };
      if (outcome === 'made') edit({ name: '', dateOfBirth: '', reason: '' });
      change.tell(
        refusal,
        ({ t }) => t('referrals.referred', names),
        (o, reason, { t }) => (o === 'unknown' ? t('referrals.referUnknown', names) : t('referrals.notReferred', { ...names, reason })),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('referrals.refer')}</h3>
      <FormField id={idOf('name')} label={t('referrals.name')} help={t('referrals.nameHelp')} refusal={refusalOf('name')}>
        {(described) => <input {...described} required maxLength={200} value={draft.name} onChange={(e) => edit({ name: e.target.value })} />}
      </FormField>
      <FormField id={idOf('dateOfBirth')} label={t('referrals.dateOfBirth')} refusal={refusalOf('dateOfBirth')}>
        {(described) => <input {...described} type="date" max={todayHere()} value={draft.dateOfBirth} onChange={(e) => edit({ dateOfBirth: e.target.value })} />}
      </FormField>
      <FormField id={idOf('teamId')} label={t('referrals.team')} refusal={refusalOf('teamId')}>
        {(described) => (
          <Loaded query={teams}>
            <select {...described} value={team?.id ?? ''} onChange={(e) => edit({ teamId: e.target.value })}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </Loaded>
        )}
      </FormField>
      <FormField id={idOf('reasonCategory')} label={t('referrals.reasonCategory')} help={t('referrals.reasonCategoryHelp')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.reasonCategory} onChange={(e) => edit({ reasonCategory: e.target.value as DataCategory })}>
            <CategoryOptions />
          </select>
        )}
      </FormField>
      <FormField id={idOf('reason')} label={t('referrals.reason')} refusal={refusalOf('reason')}>
        {(described) => <textarea {...described} required rows={3} maxLength={2000} value={draft.reason} onChange={(e) => edit({ reason: e.target.value })} />}
      </FormField>
      <button type="submit" disabled={!ready || !team}>
        {t('referrals.referButton')}
      </button>
    </form>
  );
}

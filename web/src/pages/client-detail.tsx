/**
 * One client: BASIC data, a panel per category (its content when shared, else why not), her
 * trajectories and handovers. The categories are asked for in a second query whose @include flags
 * come from `access`, so the dashboard asks only for what it will get.
 *
 * A case manager passes her organisation's case management of the client to a colleague from
 * here (reassignCaseManager): the choice is her organisation's active case managers (`colleagues`).
 */
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  ClientCategoriesDocument,
  ClientDetailDocument,
  ColleaguesDocument,
  ReassignCaseManagerDocument,
  type ClientCategoriesQuery,
  type ClientDetailQuery,
  type ColleaguesQuery,
} from '../../../src/generated/operations/graphql';
import { AccessBadge, type AccessEntry } from '../components/access-badge';
import { ClientSection } from '../components/client-section';
import { OutcomeNotice } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { Refusal } from '../components/refusal';
import { Loaded, QueryStatus } from '../components/status';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.nl';
import { dividesCaseload, href, keepsRegistrations, readsConsents, readsTrail } from '../routes';
import { isForbiddenAt, refusedInput } from '../api';
import { holds, useReloadWhenGrantsEnd, type Grant } from '../grants';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';
import { CONSENT_CATEGORIES } from './caseload';
import { ClientActivity } from './client-activity';
import { ClientBreakGlass } from './client-break-glass';
import { ClientConsents } from './client-consents';
import { ClientHandovers } from './client-handover';
import { ClientSignals } from './client-signals';
import { ClientTrail } from './client-trail';
import { ClientTrajectories } from './client-trajectories';
import { ClientZoneRegistration } from './client-zone-registration';

type Client = NonNullable<ClientDetailQuery['client']>;
type Shared = NonNullable<ClientCategoriesQuery['client']>;
type Member = ColleaguesQuery['colleagues'][number];
type Field = [MessageKey, ReactNode];

/** The field of `client` that holds each category's content. */
const FIELD_OF: Record<string, string> = {
  IDENTITY: 'identity',
  CONTACT: 'contact',
  HEALTH: 'health',
  ADDICTION: 'addiction',
  HOUSING: 'housing',
  JUSTICE: 'justice',
  FINANCE: 'finance',
  SEX_WORK: 'zoneRegistration',
};

/** What a client not (yet) loaded grants: one list, so that it is not a new one at each render. */
const NO_GRANTS: readonly Grant[] = [];

/**
 * A category's fields from the answer: none when nothing is recorded (null without a refusal), and
 * undefined when the answer does not hold it — not asked for in it, because `access` granted it
 * only later — which is not known yet, never an absence.
 */
function recorded<T>(value: T | null | undefined, fields: (value: T) => Field[]): Field[] | undefined {
  return value === undefined ? undefined : value === null ? [] : fields(value);
}

/** The fields of each category's panel, from what the gateway returned. */
function fieldsOf(category: string, c: Shared, i18n: I18n): Field[] | undefined {
  const { date, number } = i18n;
  switch (category) {
    case 'IDENTITY':
      return recorded(c.identity, (v) => [['field.name', v.name], ['field.dateOfBirth', date(v.dateOfBirth)], ['field.bsn', v.bsn]]);
    case 'CONTACT':
      return recorded(c.contact, (v) => [['field.phone', v.phone], ['field.whereabouts', v.whereabouts]]);
    case 'HEALTH':
      return recorded(c.health, (v) => [['field.summary', v.summary]]);
    case 'ADDICTION':
      return recorded(c.addiction, (v) => [['field.substanceUse', v.substanceUse]]);
    case 'HOUSING':
      return recorded(c.housing, (v) => [['field.situation', v.situation]]);
    case 'JUSTICE':
      return recorded(c.justice, (v) => [['field.involvement', v.involvement]]);
    case 'FINANCE':
      return recorded(c.finance, (v) => [
        ['field.income', v.income],
        ['field.debts', v.debts],
        ['field.breakthroughSpent', number(v.breakthroughSpent, { style: 'currency', currency: 'EUR' })],
      ]);
    case 'SEX_WORK':
      return recorded(c.zoneRegistration, (v) => [
        ['field.number', v.number],
        ['field.issuedOn', date(v.issuedOn)],
        ['field.revokedOn', v.revokedOn ? `${date(v.revokedOn)}${v.revokedOnRequest ? ` (${i18n.t('zone.atHerRequest')})` : ''}` : null],
      ]);
    default:
      return undefined;
  }
}

export function ClientDetailPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, label, dateTime } = i18n;
  const { session } = useSession();
  const mayPass = dividesCaseload(session?.me.roles ?? []);
  // After she passed her to a colleague, what became of it stays on the page whatever the reload after it does.
  const detail = useQuery(ClientDetailDocument, { id, consents: readsConsents(session?.me.roles ?? []) }, false, { keepOnError: true });
  const client = detail.result?.data?.client;
  const granted = (c: string) => Boolean(client?.access.find((a) => a.category === c)?.granted);
  const categories = useQuery(
    ClientCategoriesDocument,
    {
      id,
      identity: granted('IDENTITY'),
      contact: granted('CONTACT'),
      health: granted('HEALTH'),
      addiction: granted('ADDICTION'),
      housing: granted('HOUSING'),
      justice: granted('JUSTICE'),
      finance: granted('FINANCE'),
      sexWork: granted('SEX_WORK'),
    },
    !client,
  );

  const { reload } = detail;
  useReloadWhenGrantsEnd(detail.result?.data?.client?.access ?? NO_GRANTS, reload);

  const back = (
    <p className="breadcrumb">
      <a href={href({ page: 'caseload' })}>{t('client.back')}</a>
    </p>
  );
  if (!detail.result) {
    return (
      <>
        {back}
        <PageHeading>{detail.error ? t('client.loadFailed') : t('app.loading')}</PageHeading>
        <QueryStatus loading={detail.loading} error={detail.error} onRetry={detail.reload} />
      </>
    );
  }
  // Her organisation's involvement ended between the page's two requests: she is not to be shown.
  if (!client || categories.result?.data?.client === null) {
    return (
      <>
        {back}
        <PageHeading key="not-found">{t('client.notFound')}</PageHeading>
      </>
    );
  }
  const shared = categories.result?.data?.client;
  // `access` was decided one request earlier: a consent revoked or a grant run out in between
  // withholds the content, and the panel then says why, not "shared" above an empty panel.
  const accessOf = (category: string): AccessEntry => {
    const refused = categories.result?.errors.find((e) => isForbiddenAt([e], ['client', FIELD_OF[category]]));
    if (refused) return { category, granted: false, reason: refused.extensions?.reason ?? 'NO_CONSENT' };
    return client.access.find((a) => a.category === category) ?? { category, granted: false, reason: 'NO_CONSENT' };
  };

  return (
    <>
      {back}
      {/* A heading of its own, not the "Loading…" one renamed: it takes the focus, and is read out, anew. */}
      <PageHeading key="client">{t('client.title', { code: client.code })}</PageHeading>
      {detail.error && <QueryStatus loading={false} error={detail.error} onRetry={detail.reload} failed={t('client.reloadFailed')} />}
      <dl className="facts">
        <dt>{t('caseload.status')}</dt>
        <dd>{label('clientStatus', client.status)}</dd>
        <dt>{t('caseload.team')}</dt>
        <dd>{client.team?.name ?? '—'}</dd>
        <dt>{t('caseload.caseManagers')}</dt>
        <dd>{client.caseManagers.map((m) => m.name).join(', ') || '—'}</dd>
        {/* While she is reloaded, the case managers on screen may be the ones a change replaced. */}
        {mayPass && <PassToColleague client={client} idle={!detail.loading} reload={detail.reload} />}
      </dl>

      <ClientSection id="categories" title={t('client.categories')}>
        <QueryStatus loading={categories.loading} error={categories.error} onRetry={categories.reload} />
        <div className="panels">
          {CONSENT_CATEGORIES.map((category) => {
            const access = accessOf(category);
            // Also while her reload is on its way or failed: a grant that has ended shows nothing of its content.
            const fields = shared && holds(access) ? fieldsOf(category, shared, i18n) : undefined;
            const headingId = `panel-${category}`;
            return (
              <section key={category} className={access.granted ? 'panel panel-granted' : 'panel panel-denied'} aria-labelledby={headingId} data-panel={category}>
                <h3 id={headingId}>{label('category', category)}</h3>
                <p className="panel-access">
                  <AccessBadge access={access} />
                  {access.granted && access.basis && <span> {t(`access.basis.${access.basis}` as MessageKey)}</span>}
                  {access.granted && access.until && <span> {t('access.until', { date: dateTime(access.until) })}</span>}
                </p>
                {access.granted && fields === undefined && <p className="muted">{t(categories.error || detail.error ? 'error.loadFailed' : 'app.loading')}</p>}
                {access.granted && fields && fields.length > 0 && (
                  <dl>
                    {fields.map(([key, value]) => (
                      <div key={key} className="field">
                        <dt>{t(key)}</dt>
                        <dd>{value ?? '—'}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                {access.granted && fields && fields.length === 0 && <p className="muted">{t('client.empty')}</p>}
              </section>
            );
          })}
        </div>
      </ClientSection>

      <ClientBreakGlass client={client} idle={!detail.loading} reload={detail.reload} />
      {keepsRegistrations(session?.me.roles ?? []) && shared && shared.zoneRegistration !== undefined && (
        <ClientZoneRegistration
          clientId={client.id}
          code={client.code}
          registration={shared.zoneRegistration}
          idle={!detail.loading && !categories.loading}
          reload={() => {
            detail.reload();
            categories.reload();
          }}
        />
      )}

      <ClientTrajectories client={client} idle={!detail.loading} reload={detail.reload} />

      <ClientHandovers client={client} idle={!detail.loading} reload={detail.reload} />

      {client.consents && <ClientConsents client={client} idle={!detail.loading} reload={detail.reload} />}
      <ClientSignals client={client} idle={!detail.loading} reload={detail.reload} />
      <ClientActivity client={client} idle={!detail.loading} reload={detail.reload} />
      {session && readsTrail(session.me, client.caseManagers) && <ClientTrail clientId={client.id} code={client.code} />}
    </>
  );
}

/** Her organisation's case managers by name, but for those already hers. */
function colleaguesOf(colleagues: ColleaguesQuery['colleagues'], assigned: Client['caseManagers']): Member[] {
  return colleagues.filter((c) => c.roles.includes('CASE_MANAGER') && !assigned.some((a) => a.id === c.id));
}

/**
 * A row of the client's facts: the colleague to pass her to, and what became of it. What the page
 * shows of her, and the colleagues, are reloaded after it, whatever became of it.
 */
function PassToColleague({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const { t } = useI18n();
  const colleagues = useQuery(ColleaguesDocument, {});
  const mutate = useMutation();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  /** The colleague the gateway did not accept, named next to the choice. */
  const [refused, setRefused] = useState<string | null>(null);
  const { reload: reloadColleagues } = colleagues;
  const change = useChange(
    useCallback(() => {
      reload();
      reloadColleagues();
    }, [reload, reloadColleagues]),
  );
  const others = colleaguesOf(colleagues.result?.data?.colleagues ?? [], client.caseManagers);
  const colleague = others.find((o) => o.id === chosen) ?? others[0];

  useEffect(() => {
    // The choice takes the focus, and with it what was not accepted is read out.
    if (refused) document.getElementById(selectId)?.focus();
  }, [refused, selectId]);

  async function pass(event: FormEvent, colleague: Member) {
    event.preventDefault();
    const names = { code: client.code, name: colleague.name };
    setRefused(null);
    const refusal = await change.send(() => mutate(ReassignCaseManagerDocument, { input: { clientId: client.id, caseManagerId: colleague.id, version: client.version } }));
    if (refusedInput(refusal) === 'input.caseManagerId') setRefused(colleague.name);
    else
      change.tell(
        refusal,
        ({ t }) => t('client.reassigned', names),
        (outcome, reason, { t }) => t(outcome === 'unknown' ? 'client.reassignUnknown' : 'client.notReassigned', { ...names, reason }),
      );
  }

  return (
    <>
      <dt>
        <label htmlFor={selectId}>{t('client.reassign')}</label>
      </dt>
      <dd>
        <Loaded query={colleagues}>
          {colleague ? (
            <form className="join" onSubmit={(event) => pass(event, colleague)}>
              <select
                id={selectId}
                value={colleague.id}
                onChange={(e) => setChosen(e.target.value)}
                aria-invalid={refused ? true : undefined}
                aria-describedby={refused ? `${selectId}-refusal` : undefined}
              >
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={!idle || change.busy || colleagues.loading} aria-label={t('client.reassignLabel', { code: client.code, name: colleague.name })}>
                {t('client.reassignButton')}
              </button>
            </form>
          ) : (
            <p className="muted">{t('client.noColleague')}</p>
          )}
        </Loaded>
        {/* Outside the choice: the colleague refused may be gone from it once the colleagues are reloaded. */}
        <Refusal id={selectId} text={refused && t('client.reassignInvalid', { name: refused })} />
        <OutcomeNotice notice={change.notice} />
      </dd>
    </>
  );
}

/**
 * Her consents and objections on her page, for those who keep them with her: her case managers
 * record and revoke them (policy §6), procesregie reads them. A revocation's reason is not shown
 * here: it is read only by who may see the category its writer gave it, and asking for it would
 * leave a denied read in her trail for everyone else.
 */
import { useId, type FormEvent } from 'react';
import {
  RecordConsentDocument,
  RevokeConsentDocument,
  OrganisationsDocument,
  type ClientDetailQuery,
  type ConsentEffect,
  type DataCategory,
  type OrganisationKind,
  type Purpose,
} from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { startOfDay } from '../calendar';
import { ClientSection, RecordTable } from '../components/client-section';
import { CategoryOptions, FormField, SubmitOrCancel, refusalProps, useForm, useRowForm } from '../components/form';
import { Refusal } from '../components/refusal';
import { Loaded } from '../components/status';
import { outcomeOf } from '../describe-error';
import { useI18n, type I18n } from '../i18n/i18n';
import { useResendKey } from '../resend-key';
import { recordsCare } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';
import { CONSENT_CATEGORIES } from './caseload';

type Client = NonNullable<ClientDetailQuery['client']>;
type Consent = NonNullable<Client['consents']>[number];

const KINDS: OrganisationKind[] = ['CARE_PROVIDER', 'MENTAL_HEALTH_PROVIDER', 'SAFETY_HOUSE', 'MUNICIPALITY', 'REGULAR_CARE'];
const PURPOSES: Purpose[] = ['CARE', 'CARE_COORDINATION', 'PERMITTING'];

/** The longest reason the gateway takes (revokeConsent). */
const MAX_REASON = 1000;

/** Whom a consent names, in words: one organisation, or all of a kind. */
function whom(c: { organisation?: { name: string } | null; organisationKind?: string | null }, { t, label }: I18n): string {
  return c.organisation?.name ?? t('consents.everyKind', { kind: label('organisationKind', c.organisationKind ?? '') });
}

/** How a sentence names a consent: "the consent with Iriszorg", capitalised to begin one too. */
function named(effect: string, withWhom: string, { label }: I18n): { what: string; What: string; with: string } {
  const what = label('consentEffectThe', effect);
  return { what, What: what.charAt(0).toUpperCase() + what.slice(1), with: withWhom };
}

export function ClientConsents({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const i18n = useI18n();
  const { t, label, date } = i18n;
  const { session } = useSession();
  const change = useChange(reload);
  const keeper = session ? recordsCare(session.me.roles) : false;
  const revoking = useRowForm();
  const consents = client.consents ?? [];
  const ready = idle && !change.busy;
  const chosen = consents.find((c) => c.id === revoking.open);

  return (
    <ClientSection id="consents" title={t('consents.title')} notice={change.notice}>
      <RecordTable
        records={consents}
        heads={[t('consents.with'), t('consents.kind'), t('consents.categories'), t('consents.purpose'), t('consents.valid'), t('field.status')]}
        cells={(c) => (
          <>
            <td>{whom(c, i18n)}</td>
            <td>{label('consentEffect', c.effect)}</td>
            <td>{c.categories ? c.categories.map((x) => label('category', x)).join(', ') : t('consents.all')}</td>
            <td>{c.purpose ? label('purpose', c.purpose) : '—'}</td>
            <td>
              {date(c.validFrom)} – {c.validUntil ? date(c.validUntil) : '…'}
            </td>
            <td>
              {c.state === 'REVOKED' && c.revokedAt ? t('consents.revokedOn', { date: date(c.revokedAt) }) : label('consentState', c.state)}
              {keeper && (c.state === 'ACTIVE' || c.state === 'NOT_STARTED') && (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={!ready}
                    {...revoking.opener(c.id)}
                    aria-label={t('consents.revokeLabel', { ...named(c.effect, whom(c, i18n), i18n), date: date(c.validFrom) })}
                  >
                    {t('consents.revoke')}
                  </button>
                </>
              )}
            </td>
          </>
        )}
      />
      {keeper && chosen && <RevokeConsent key={chosen.id} consent={chosen} ready={ready} change={change} done={revoking.done} cancel={revoking.cancel} />}
      {keeper && <RecordConsent client={client} ready={ready} change={change} />}
    </ClientSection>
  );
}

/** Her reason, in her words, and what it is about; sent with the version the list showed. */
function RevokeConsent({ consent, ready, change, done, cancel }: { consent: Consent; ready: boolean; change: ReturnType<typeof useChange>; done(): void; cancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const mutate = useMutation();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ reason: string; reasonCategory: DataCategory }, 'reason' | 'reasonCategory'>({ reason: '', reasonCategory: 'BASIC' });
  const names = (i18n: I18n) => named(consent.effect, whom(consent, i18n), i18n);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ reason, reasonCategory }) => {
      const refusal = await change.send(() => mutate(RevokeConsentDocument, { input: { id: consent.id, version: consent.version, reason, reasonCategory } }));
      if (refusedInput(refusal) === 'input.reason') return 'reason';
      if (outcomeOf(refusal) !== 'refused') done();
      change.tell(
        refusal,
        (i18n) => i18n.t('consents.revoked', names(i18n)),
        (outcome, why, i18n) => i18n.t(outcome === 'unknown' ? 'consents.revokeUnknown' : 'consents.notRevoked', { ...names(i18n), reason: why }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('consents.revokeHeading', names(i18n))}</h3>
      <FormField id={idOf('reason')} label={t('consents.reason')} refusal={refused === 'reason' ? t('consents.invalidReason', { max: MAX_REASON }) : null}>
        {(described) => <textarea {...described} required rows={2} maxLength={MAX_REASON} value={draft.reason} onChange={(e) => edit({ reason: e.target.value })} />}
      </FormField>
      <FormField id={idOf('reasonCategory')} label={t('consents.reasonCategory')} help={t('consents.reasonCategoryHelp')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.reasonCategory} onChange={(e) => edit({ reasonCategory: e.target.value as DataCategory })}>
            <CategoryOptions />
          </select>
        )}
      </FormField>
      <SubmitOrCancel submit={t('consents.revokeButton')} ready={ready} cancel={cancel} />
    </form>
  );
}

type RecordField = 'effect' | 'organisationId' | 'categories' | 'purpose' | 'validUntil';

interface Draft {
  effect: ConsentEffect;
  /** `org:<id>` or `kind:<OrganisationKind>`. */
  whom: string;
  every: boolean;
  categories: DataCategory[];
  purpose: Purpose;
  endsOn: string;
}

/** A consent or an objection she gives, for one organisation or a kind of them. Sent again after a lost answer, it is recorded once. */
function RecordConsent({ client, ready, change }: { client: Client; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t, label } = useI18n();
  const mutate = useMutation();
  const keys = useResendKey();
  const headingId = useId();
  const organisations = useQuery(OrganisationsDocument, {});
  const { draft, refused, idOf, edit, send } = useForm<Draft, RecordField>({ effect: 'PERMIT', whom: '', every: false, categories: [], purpose: 'CARE', endsOn: '' });
  const list = organisations.result?.data?.organisations ?? [];
  const refusals: Partial<Record<RecordField, string>> = {
    organisationId: t('consents.invalidWith'),
    categories: t('consents.invalidCategories'),
    purpose: t('consents.invalidPurpose'),
    validUntil: t('consents.invalidEndsOn'),
  };
  const refusalOf = (field: RecordField) => (refused === field ? (refusals[field] ?? null) : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async (d) => {
      const [sort, value] = d.whom.split(':');
      const input = {
        clientId: client.id,
        effect: d.effect,
        ...(sort === 'org' ? { organisationId: value } : { organisationKind: value as OrganisationKind }),
        ...(d.every ? {} : { categories: d.categories }),
        ...(d.effect === 'PERMIT' ? { purpose: d.purpose } : {}),
        ...(d.endsOn ? { validUntil: startOfDay(d.endsOn) } : {}),
      };
      const refusal = await change.send(() => mutate(RecordConsentDocument, { input: { ...input, idempotencyKey: keys.keyFor(input) } }));
      const outcome = outcomeOf(refusal);
      keys.keep(outcome === 'unknown');
      const field = refusedInput(refusal)?.replace(/^input\./, '');
      if (field && field in refusals) return field as RecordField;
      const names = (i18n: I18n) =>
        named(d.effect, sort === 'org' ? (list.find((o) => o.id === value)?.name ?? '') : i18n.t('consents.everyKind', { kind: i18n.label('organisationKind', value) }), i18n);
      if (outcome === 'made') edit({ categories: [], every: false, endsOn: '' });
      change.tell(
        refusal,
        (i18n) => i18n.t('consents.recorded', names(i18n)),
        (o, why, i18n) => (o === 'unknown' ? i18n.t('consents.recordUnknown', names(i18n)) : i18n.t('consents.notRecorded', { ...names(i18n), reason: why })),
      );
      return null;
    });
  }

  const toggle = (c: DataCategory, on: boolean) => edit({ categories: on ? [...draft.categories, c] : draft.categories.filter((x) => x !== c) });

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('consents.record')}</h3>
      <FormField id={idOf('effect')} label={t('consents.effect')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.effect} onChange={(e) => edit({ effect: e.target.value as ConsentEffect })}>
            <option value="PERMIT">{t('consents.permits')}</option>
            <option value="DENY">{t('consents.objects')}</option>
          </select>
        )}
      </FormField>
      <FormField id={idOf('organisationId')} label={t('consents.with')} refusal={refusalOf('organisationId')}>
        {(described) => (
          <Loaded query={organisations}>
            <select {...described} required value={draft.whom} onChange={(e) => edit({ whom: e.target.value })}>
              {/* No organisation is chosen for her: whom she shares with is hers to say. */}
              <option value="">{t('form.choose')}</option>
              <optgroup label={t('consents.organisations')}>
                {list.map((o) => (
                  <option key={o.id} value={`org:${o.id}`}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('consents.kinds')}>
                {KINDS.map((k) => (
                  <option key={k} value={`kind:${k}`}>
                    {t('consents.everyKind', { kind: label('organisationKind', k) })}
                  </option>
                ))}
              </optgroup>
            </select>
          </Loaded>
        )}
      </FormField>
      <fieldset aria-describedby={refused === 'categories' ? `${idOf('categories')}-refusal` : undefined}>
        <legend>{t('consents.categories')}</legend>
        <label className="check">
          <input type="checkbox" id={idOf('categories')} {...refusalProps(idOf('categories'), refused === 'categories')} checked={draft.every} onChange={(e) => edit({ every: e.target.checked })} />
          {t('consents.allCategories')}
        </label>
        {CONSENT_CATEGORIES.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" disabled={draft.every} checked={draft.every || draft.categories.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
            {label('category', c)}
          </label>
        ))}
        <Refusal id={idOf('categories')} text={refusalOf('categories')} />
      </fieldset>
      {draft.effect === 'PERMIT' && (
        <FormField id={idOf('purpose')} label={t('consents.purpose')} refusal={refusalOf('purpose')}>
          {(described) => (
            <select {...described} value={draft.purpose} onChange={(e) => edit({ purpose: e.target.value as Purpose })}>
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {label('purpose', p)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField id={idOf('validUntil')} label={t('consents.endsOn')} help={t('consents.endsOnHelp')} refusal={refusalOf('validUntil')}>
        {(described) => <input {...described} type="date" value={draft.endsOn} onChange={(e) => edit({ endsOn: e.target.value })} />}
      </FormField>
      <button type="submit" disabled={!ready}>
        {t('consents.recordButton')}
      </button>
    </form>
  );
}

/**
 * Her zone registration, kept by the municipality's permit officer from her page (policy §6): a
 * registration issued under a number of the municipality's own, or the current one revoked — on
 * her own request, as the closing report counts them. Shown where she shares her sex work data
 * with the permit officer, as the panel above shows the registration itself.
 */
import { useId, type FormEvent } from 'react';
import { IssueZoneRegistrationDocument, RevokeZoneRegistrationDocument, type ClientCategoriesQuery } from '../../../src/generated/operations/graphql';
import { refusedInput } from '../api';
import { todayHere } from '../calendar';
import { ClientSection } from '../components/client-section';
import { FormField, useForm } from '../components/form';
import { outcomeOf } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import { useChange } from '../use-change';
import { useMutation } from '../use-query';

type Registration = NonNullable<NonNullable<ClientCategoriesQuery['client']>['zoneRegistration']>;

export function ClientZoneRegistration({ clientId, code, registration, idle, reload }: { clientId: string; code: string; registration: Registration | null; idle: boolean; reload(): void }) {
  const { t } = useI18n();
  const change = useChange(reload);
  const ready = idle && !change.busy;
  const active = registration && !registration.revokedOn ? registration : null;
  return (
    <ClientSection id="zone" title={t('zone.title')} notice={change.notice}>
      {active ? <Revoke key={active.id} registration={active} ready={ready} change={change} /> : <Issue clientId={clientId} code={code} ready={ready} change={change} />}
    </ClientSection>
  );
}

function Issue({ clientId, code, ready, change }: { clientId: string; code: string; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t } = useI18n();
  const mutate = useMutation();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ number: string; issuedOn: string }, 'number' | 'issuedOn'>({ number: '', issuedOn: todayHere() });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ number, issuedOn }) => {
      const refusal = await change.send(() => mutate(IssueZoneRegistrationDocument, { input: { clientId, number, issuedOn } }));
      const field = refusedInput(refusal);
      if (field === 'input.number') return 'number';
      if (field === 'input.issuedOn') return 'issuedOn';
      if (outcomeOf(refusal) === 'made') edit({ number: '' });
      const names = { code, number };
      change.tell(
        refusal,
        ({ t }) => t('zone.issued', names),
        (o, reason, { t }) => t(o === 'unknown' ? 'zone.issueUnknown' : 'zone.notIssued', { ...names, reason }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('zone.issue')}</h3>
      <FormField id={idOf('number')} label={t('field.number')} help={t('zone.numberHelp')} refusal={refused === 'number' ? t('zone.invalidNumber') : null}>
        {(described) => <input {...described} required maxLength={40} value={draft.number} onChange={(e) => edit({ number: e.target.value })} />}
      </FormField>
      <FormField id={idOf('issuedOn')} label={t('field.issuedOn')} refusal={refused === 'issuedOn' ? t('zone.invalidIssuedOn') : null}>
        {(described) => <input {...described} type="date" required max={todayHere()} value={draft.issuedOn} onChange={(e) => edit({ issuedOn: e.target.value })} />}
      </FormField>
      <button type="submit" disabled={!ready}>
        {t('zone.issueButton')}
      </button>
    </form>
  );
}

function Revoke({ registration, ready, change }: { registration: Registration; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t } = useI18n();
  const mutate = useMutation();
  const headingId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ revokedOn: string; onRequest: boolean }, 'revokedOn'>({ revokedOn: todayHere(), onRequest: true });
  const names = { number: registration.number };

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ revokedOn, onRequest }) => {
      const refusal = await change.send(() => mutate(RevokeZoneRegistrationDocument, { input: { id: registration.id, version: registration.version, revokedOn, onRequest } }));
      if (refusedInput(refusal) === 'input.revokedOn') return 'revokedOn';
      change.tell(
        refusal,
        ({ t }) => t('zone.revoked', names),
        (o, reason, { t }) => t(o === 'unknown' ? 'zone.revokeUnknown' : 'zone.notRevoked', { ...names, reason }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('zone.revoke', names)}</h3>
      <FormField id={idOf('revokedOn')} label={t('field.revokedOn')} refusal={refused === 'revokedOn' ? t('zone.invalidRevokedOn') : null}>
        {(described) => <input {...described} type="date" required max={todayHere()} value={draft.revokedOn} onChange={(e) => edit({ revokedOn: e.target.value })} />}
      </FormField>
      <label className="check">
        <input type="checkbox" checked={draft.onRequest} onChange={(e) => edit({ onRequest: e.target.checked })} />
        {t('zone.onRequest')}
      </label>
      <button type="submit" disabled={!ready}>
        {t('zone.revokeButton')}
      </button>
    </form>
  );
}

/**
 * Emergency access from her page (policy §4): a case manager or clinician whose organisation knows
 * her, but to whom she has not shared what an emergency needs, opens for a few hours what her role
 * may see, with a written reason that goes into her trail and to procesregie's review. Offered
 * behind a button of its own, never as a step of reading her page: it is for emergencies.
 */
import { useId, useState, type FormEvent } from 'react';
import { BreakGlassDocument, type ClientDetailQuery } from '../../../src/generated/operations/graphql';
import { breakGlassCovers, type Role } from '../../../src/policy/tables';
import { refusedInput } from '../api';
import { ClientSection } from '../components/client-section';
import { FormField, useForm } from '../components/form';
import { outcomeOf } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation } from '../use-query';

type Client = NonNullable<ClientDetailQuery['client']>;

/** The reason the gateway takes: 10 to 2000 characters (breakGlass). */
const REASON = { min: 10, max: 2000 };

export function ClientBreakGlass({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const i18n = useI18n();
  const { t, label, dateTime } = i18n;
  const { session } = useSession();
  const mutate = useMutation();
  const change = useChange(reload);
  const [open, setOpen] = useState(false);
  const formId = useId();
  const { draft, refused, idOf, edit, send } = useForm<{ reason: string }, 'reason'>({ reason: '' });
  const covers = breakGlassCovers((session?.me.roles ?? []) as Role[]).filter((c) => c !== 'BASIC');
  // Only where it would open something: a category her role may see that she has not shared.
  const closed = covers.filter((c) => !client.access.find((a) => a.category === c)?.granted);
  if (closed.length === 0 && !change.notice) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ reason }) => {
      const refusal = await change.send(() => mutate(BreakGlassDocument, { clientId: client.id, reason }));
      if (refusedInput(refusal) === 'reason') return 'reason';
      change.tell(
        refusal,
        ({ t }) => t('breakGlass.opened', { code: client.code }),
        (outcome, why, { t }) => t(outcome === 'unknown' ? 'breakGlass.unknown' : 'breakGlass.notOpened', { code: client.code, reason: why }),
      );
      // Refused, her reason stays for another try; opened (or perhaps opened), the form goes.
      if (outcomeOf(refusal) !== 'refused') {
        setOpen(false);
        edit({ reason: '' });
      }
      return null;
    });
  }

  return (
    <ClientSection id="break-glass" title={t('breakGlass.title')} notice={change.notice}>
      {closed.length > 0 && (
        <>
          <p>{t('breakGlass.intro', { categories: closed.map((c) => label('category', c)).join(', ') })}</p>
          <button type="button" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
            {t(open ? 'breakGlass.cancel' : 'breakGlass.start')}
          </button>
          {open && (
            <form id={formId} onSubmit={submit} className="card stacked-form" aria-label={t('breakGlass.formLabel', { code: client.code })}>
              <FormField
                id={idOf('reason')}
                label={t('breakGlass.reason')}
                help={t('breakGlass.reasonHelp')}
                refusal={refused === 'reason' ? t('breakGlass.invalidReason', REASON) : null}
              >
                {(described) => <textarea {...described} required rows={3} minLength={REASON.min} maxLength={REASON.max} value={draft.reason} onChange={(e) => edit({ reason: e.target.value })} />}
              </FormField>
              <button type="submit" disabled={!idle || change.busy}>
                {t('breakGlass.open')}
              </button>
            </form>
          )}
        </>
      )}
      {client.access.some((a) => a.basis === 'BREAK_GLASS' && a.until) && (
        <p className="muted">{t('breakGlass.openUntil', { date: dateTime(client.access.find((a) => a.basis === 'BREAK_GLASS')!.until!) })}</p>
      )}
    </ClientSection>
  );
}

/**
 * A handover proposed from her page (policy §6): her case manager names where her care goes and,
 * but when her trajectory closes, the organisation that is to take her on; the notes go with the
 * category they are about, so only who may see that reads them. The receiver answers in its inbox,
 * and the sending organisation completes or cancels it from its own.
 */
import { useId, type FormEvent } from 'react';
import {
  OrganisationsDocument,
  ProposeHandoverDocument,
  type ClientDetailQuery,
  type DataCategory,
  type HandoverDestination,
} from '../../../src/generated/operations/graphql';
import RECEIVERS from '../../../src/modules/handovers/handover-receivers.json';
import { refusedInput } from '../api';
import { ClientSection, RecordTable } from '../components/client-section';
import { CategoryOptions, FormField, useForm } from '../components/form';
import { Loaded } from '../components/status';
import { useI18n, type I18n } from '../i18n/i18n';
import { recordsCare } from '../routes';
import { useSession } from '../session';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Client = NonNullable<ClientDetailQuery['client']>;

const DESTINATION_ORDER: HandoverDestination[] = ['STAPTEAM', 'REGULAR_CARE', 'MONITORING', 'OTHER_MUNICIPALITY', 'CLOSED'];

/** The longest notes the gateway takes (proposeHandover). */
const MAX_NOTES = 4000;

type Field = 'destination' | 'toOrganisationId' | 'notes' | 'notesCategory';

/** Her handovers, newest first; her case managers propose one while she has no open handover. */
export function ClientHandovers({ client, idle, reload }: { client: Client; idle: boolean; reload(): void }) {
  const { t, label, date } = useI18n();
  const { session } = useSession();
  const change = useChange(reload);
  const open = client.handovers.some((h) => h.status === 'PROPOSED' || h.status === 'ACCEPTED');
  return (
    <ClientSection id="handovers" title={t('client.handovers')} notice={change.notice}>
      <RecordTable
        records={client.handovers}
        heads={[t('field.destination'), t('field.status'), t('field.from'), t('field.to'), t('field.proposedAt')]}
        cells={(h) => (
          <>
            <td>{label('destination', h.destination)}</td>
            <td>{label('handoverStatus', h.status)}</td>
            <td>{h.fromOrganisation.name}</td>
            <td>{h.toOrganisation?.name ?? '—'}</td>
            <td>{date(h.proposedAt)}</td>
          </>
        )}
      />
      {session && recordsCare(session.me.roles) && !open && <ProposeHandover client={client} ready={idle && !change.busy} change={change} />}
    </ClientSection>
  );
}

function ProposeHandover({ client, ready, change }: { client: Client; ready: boolean; change: ReturnType<typeof useChange> }) {
  const { t, label } = useI18n();
  const mutate = useMutation();
  const headingId = useId();
  const organisations = useQuery(OrganisationsDocument, {});
  const { draft, refused, idOf, edit, send } = useForm<{ destination: HandoverDestination; to: string; notes: string; notesCategory: DataCategory }, Field>({
    destination: 'REGULAR_CARE',
    to: '',
    notes: '',
    notesCategory: 'BASIC',
  });
  const receivers: readonly string[] | null = RECEIVERS[draft.destination];
  // The organisations of the kinds that receive a handover there (the gateway checks the rest: her chain, her team).
  const candidates = (organisations.result?.data?.organisations ?? []).filter((o) => receivers?.includes(o.kind));
  const to = candidates.find((o) => o.id === draft.to);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(async ({ destination, notes, notesCategory }) => {
      const input = { clientId: client.id, destination, notesCategory, ...(notes.trim() ? { notes } : {}), ...(receivers && to ? { toOrganisationId: to.id } : {}) };
      const refusal = await change.send(() => mutate(ProposeHandoverDocument, { input }));
      const field = refusedInput(refusal)?.replace(/^input\./, '');
      if (field === 'toOrganisationId' || field === 'notes') return field;
      const names = ({ label }: I18n) => ({ code: client.code, destination: label('destination', destination) });
      change.tell(
        refusal,
        (i18n) => i18n.t('handover.proposed', names(i18n)),
        (outcome, reason, i18n) => i18n.t(outcome === 'unknown' ? 'handover.proposeUnknown' : 'handover.notProposed', { ...names(i18n), reason }),
      );
      return null;
    });
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('handover.propose')}</h3>
      <FormField id={idOf('destination')} label={t('field.destination')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.destination} onChange={(e) => edit({ destination: e.target.value as HandoverDestination, to: '' })}>
            {DESTINATION_ORDER.map((d) => (
              <option key={d} value={d}>
                {label('destination', d)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {receivers && (
        <FormField id={idOf('toOrganisationId')} label={t('handover.to')} refusal={refused === 'toOrganisationId' ? t('handover.invalidTo') : null}>
          {(described) => (
            <Loaded query={organisations}>
              <select {...described} required value={to?.id ?? ''} onChange={(e) => edit({ to: e.target.value })}>
                {/* Nobody is chosen for her: where her care goes is the case manager's choice. */}
                <option value="">{t('form.choose')}</option>
                {candidates.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.municipality ? ` (${o.municipality.name})` : ''}
                  </option>
                ))}
              </select>
            </Loaded>
          )}
        </FormField>
      )}
      <FormField id={idOf('notes')} label={t('field.notes')} refusal={refused === 'notes' ? t('handover.invalidNotes', { max: MAX_NOTES }) : null}>
        {(described) => <textarea {...described} rows={3} maxLength={MAX_NOTES} value={draft.notes} onChange={(e) => edit({ notes: e.target.value })} />}
      </FormField>
      <FormField id={idOf('notesCategory')} label={t('handover.notesCategory')} help={t('handover.notesCategoryHelp')} refusal={null}>
        {(described) => (
          <select {...described} value={draft.notesCategory} onChange={(e) => edit({ notesCategory: e.target.value as DataCategory })}>
            <CategoryOptions />
          </select>
        )}
      </FormField>
      <button type="submit" disabled={!ready}>
        {t('handover.proposeButton')}
      </button>
    </form>
  );
}

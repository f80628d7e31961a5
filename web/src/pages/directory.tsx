/**
 * The directory: who works in the chain, for which organisation, with which roles and in which
 * teams, as its administrator keeps them (policy §2). Who may sign in, and in which team, decides
 * which clients an organisation knows, so each change goes with the version the page showed: a
 * record changed meanwhile answers CONFLICT rather than being changed blind.
 *
 * `professionals` lists everyone she keeps, inactive ones too, with the names of their teams; a
 * team is changed with its own version, which only `teams` gives, so the chain's teams come beside.
 * Below them, the directory's recent changes: hers, other administrators', and refused attempts.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import tables from '../../../src/policy/policy-tables.json';
import {
  AddProfessionalDocument,
  AddTeamMemberDocument,
  ChangeProfessionalDocument,
  DeactivateProfessionalDocument,
  MyMunicipalityDocument,
  OrganisationsDocument,
  ProfessionalsDocument,
  ReactivateProfessionalDocument,
  RemoveTeamMemberDocument,
  TeamsDocument,
  type AddProfessionalInput,
  type ChangeProfessionalInput,
  type OrganisationsQuery,
  type ProfessionalsQuery,
  type Role,
  type TeamsQuery,
} from '../../../src/generated/operations/graphql';
import { refusedInput, type Result } from '../api';
import { RecentChanges, useDirectoryChanges } from '../components/directory-changes';
import { FormField, refusalProps, useForm } from '../components/form';
import { OutcomeNotice, type Say } from '../components/outcome-notice';
import { PageHeading } from '../components/page-heading';
import { Refusal } from '../components/refusal';
import { Loaded } from '../components/status';
import { changedMeanwhile, outcomeOf } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import { useChange } from '../use-change';
import { useMutation, useQuery } from '../use-query';

type Professional = ProfessionalsQuery['professionals'][number];
type Team = TeamsQuery['teams'][number];
type Organisation = OrganisationsQuery['organisations'][number];

const ROLES = tables.roles as Role[];
const TEAM_ROLES = tables.teamRoles as Role[];

/** The form's inputs, by the names the gateway's `extensions.field` gives them (`input.email`). */
const FIELDS = ['organisationId', 'name', 'email', 'subject', 'roles'] as const;
type Field = (typeof FIELDS)[number];

/** The input of the form a BAD_USER_INPUT names, to say next to it what was not accepted. */
function refusedField(refusal: unknown): Field | null {
  const refused = refusedInput(refusal);
  return FIELDS.find((f) => refused === `input.${f}`) ?? null;
}

/**
 * What became of a change from her row's form: the input the gateway refused, 'CONFLICT' when her
 * record was changed meanwhile (the form says so, and keeps the draft), null when it is told in the notice.
 */
type EditOutcome = Field | 'CONFLICT' | null;

type Employed = { organisation: Professional['organisation']; professionals: Professional[] };

/** The professionals by employer, in the order the gateway lists them (by organisation, then name). */
function byOrganisation(professionals: Professional[]): Employed[] {
  const groups = new Map<string, Employed>();
  for (const p of professionals) {
    const group = groups.get(p.organisation.id) ?? { organisation: p.organisation, professionals: [] };
    group.professionals.push(p);
    groups.set(p.organisation.id, group);
  }
  return [...groups.values()];
}

export function DirectoryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = useQuery(MyMunicipalityDocument, {});
  const professionals = useQuery(ProfessionalsDocument, {});
  const teams = useQuery(TeamsDocument, {});
  const organisations = useQuery(OrganisationsDocument, {});
  const changes = useDirectoryChanges();
  const mutate = useMutation();
  const [added, setAdded] = useState(0);

  const chain = mine.result?.data?.me.organisation.municipality?.id;
  const chainTeams = teams.result?.data?.teams ?? [];
  // The municipality's administrator keeps the whole chain, any other organisation's its own people (directory.resolver.ts).
  const own = mine.result?.data?.me.organisation.id;
  const keepsChain = own !== undefined && own === chain;
  const employers = organisations.result?.data?.organisations.filter((o) => (keepsChain ? o.municipality?.id === chain : o.id === own)) ?? [];
  const groups = byOrganisation(professionals.result?.data?.professionals ?? []);
  // The gateway refuses her any change of her own record: another administrator makes it.
  const me = mine.result?.data?.me.id;

  const { reload: reloadProfessionals } = professionals;
  const { reload: reloadTeams } = teams;
  const { reload: reloadChanges } = changes;
  const { busy, notice, send: attempt, tell: say } = useChange(
    useCallback(() => {
      reloadProfessionals();
      reloadTeams();
      reloadChanges();
    }, [reloadProfessionals, reloadTeams, reloadChanges]),
  );

  // While the professionals and teams reload after a change, the versions on screen are the ones it replaced.
  const idle = !busy && !professionals.loading && !teams.loading;

  /** What became of the change `action` names, in the notice (as in the inbox). */
  function tell(action: Say, refusal: unknown, done: Say) {
    say(refusal, done, (outcome, reason, i18n) => i18n.t(outcome === 'unknown' ? 'directory.unknown' : 'directory.notDone', { action: action(i18n), reason }));
  }

  async function change(action: Say, done: Say, request: () => Promise<Result<unknown>>) {
    tell(action, await attempt(request), done);
  }

  function changeActive(professional: Professional, active: boolean) {
    const input = { id: professional.id, version: professional.version };
    const name = { name: professional.name };
    return change(
      ({ t }) => t(active ? 'directory.reactivateLabel' : 'directory.deactivateLabel', name),
      ({ t }) => t(active ? 'directory.reactivated' : 'directory.deactivated', name),
      () => (active ? mutate(ReactivateProfessionalDocument, { input }) : mutate(DeactivateProfessionalDocument, { input })),
    );
  }

  function changeMembership(team: Team, professional: Professional, member: boolean) {
    const input = { teamId: team.id, version: team.version, professionalId: professional.id };
    const names = { name: professional.name, team: team.name };
    return change(
      ({ t }) => t(member ? 'directory.joinLabel' : 'directory.removeLabel', names),
      ({ t }) => t(member ? 'directory.joined' : 'directory.removed', names),
      () => (member ? mutate(AddTeamMemberDocument, { input }) : mutate(RemoveTeamMemberDocument, { input })),
    );
  }

  /** A change made from a form: an input the gateway refused is named to the form, to be shown next to it; anything else is told in the notice. */
  async function changeFromForm(action: Say, done: Say, request: () => Promise<Result<unknown>>): Promise<{ refused: Field | null; made: boolean }> {
    const refusal = await attempt(request);
    const refused = refusedField(refusal);
    if (!refused) tell(action, refusal, done);
    return { refused, made: outcomeOf(refusal) === 'made' };
  }

  async function addProfessional(input: AddProfessionalInput): Promise<Field | null> {
    const names = { name: input.name };
    const { refused, made } = await changeFromForm(
      ({ t }) => t('directory.addLabel', names),
      ({ t }) => t('directory.added', names),
      () => mutate(AddProfessionalDocument, { input }),
    );
    if (made) setAdded((n) => n + 1);
    return refused;
  }

  async function changeProfessional(professional: Professional, input: ChangeProfessionalInput): Promise<EditOutcome> {
    const action: Say = ({ t }) => t('directory.editLabel', { name: professional.name });
    const done: Say = ({ t }) => t('directory.edited', { name: input.name ?? professional.name });
    const refusal = await attempt(() => mutate(ChangeProfessionalDocument, { input }));
    if (changedMeanwhile(refusal)) return 'CONFLICT';
    const refused = refusedField(refusal);
    if (!refused) tell(action, refusal, done);
    return refused;
  }

  return (
    <>
      <PageHeading>{t('directory.title')}</PageHeading>
      <p>{t('directory.intro')}</p>
      <OutcomeNotice notice={notice} />

      <Loaded query={mine}>
        <section aria-labelledby="professionals-heading">
          <h2 id="professionals-heading">{t('directory.professionals')}</h2>
          <Loaded query={professionals}>
            <Loaded query={teams}>
              {groups.map(({ organisation, professionals: employed }) => (
                <OrganisationProfessionals
                  key={organisation.id}
                  organisation={organisation}
                  professionals={employed}
                  teams={chainTeams}
                  me={me}
                  idle={idle}
                  onActive={changeActive}
                  onMembership={changeMembership}
                  onEdit={changeProfessional}
                />
              ))}
            </Loaded>
          </Loaded>
        </section>

        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t('directory.addTitle')}</h2>
          <Loaded query={organisations}>
            {/* A new form for each professional added: what was typed for her is not the next one's. */}
            <AddProfessionalForm key={added} organisations={employers} idle={!busy} onSubmit={addProfessional} />
          </Loaded>
        </section>

        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading">{t('directory.changes')}</h2>
          <RecentChanges changes={changes} idle={!busy} />
        </section>
      </Loaded>
    </>
  );
}

/** What each row needs besides her: the chain's teams, who she is, and the page's changes. */
interface RowProps {
  teams: Team[];
  me: string | undefined;
  idle: boolean;
  onActive(professional: Professional, active: boolean): void;
  onMembership(team: Team, professional: Professional, member: boolean): void;
  onEdit(professional: Professional, input: ChangeProfessionalInput): Promise<EditOutcome>;
}

function OrganisationProfessionals({ organisation, professionals, ...row }: { organisation: Professional['organisation']; professionals: Professional[] } & RowProps) {
  const { t } = useI18n();
  const heading = `organisation-${organisation.id}`;
  return (
    <section aria-labelledby={heading} data-organisation={organisation.id}>
      <h3 id={heading}>{organisation.name}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('field.email')}</th>
            <th scope="col">{t('field.roles')}</th>
            <th scope="col">{t('field.status')}</th>
            <th scope="col">{t('field.teams')}</th>
            <th scope="col">{t('directory.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {professionals.map((p) => (
            <ProfessionalRow key={p.id} professional={p} {...row} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Her row, and under it, while she is being changed, the form that changes her. */
function ProfessionalRow({ professional: p, teams, me, idle, onActive, onMembership, onEdit }: { professional: Professional } & RowProps) {
  const { t, label } = useI18n();
  const formId = useId();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  function cancel() {
    setEditing(false);
    editButton.current?.focus();
  }

  async function save(input: ChangeProfessionalInput): Promise<EditOutcome> {
    const outcome = await onEdit(p, input);
    // Anything else is told in the notice, which takes the focus; a next change starts from her record as it now is.
    if (outcome === null) setEditing(false);
    return outcome;
  }

  return (
    <>
      <tr data-professional={p.id}>
        <th scope="row">{p.name}</th>
        <td>{p.email}</td>
        <td>{p.roles.map((r) => label('role', r)).join(', ')}</td>
        <td>
          <span className={p.active ? 'badge badge-granted' : 'badge badge-denied'}>{t(p.active ? 'directory.active' : 'directory.inactive')}</span>
        </td>
        <td>
          {p.teams.length === 0 ? (
            t('directory.noTeam')
          ) : (
            <ul className="memberships">
              {p.teams.map((membership) => {
                // Only a team of her own chain comes with the version a change needs.
                const team = teams.find((o) => o.id === membership.id);
                return (
                  <li key={membership.id}>
                    {membership.name}
                    {team && (
                      <button type="button" className="secondary" disabled={!idle} onClick={() => onMembership(team, p, false)} aria-label={t('directory.removeLabel', { name: p.name, team: team.name })}>
                        {t('directory.remove')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </td>
        <td>
          {p.id === me ? (
            <span className="muted">{t('directory.yourself')}</span>
          ) : (
            <div className="actions">
              {/* Not while a change is on its way: the form would open at the version that change replaces. */}
              <button
                type="button"
                className="secondary"
                ref={editButton}
                disabled={!idle}
                aria-expanded={editing}
                aria-controls={editing ? formId : undefined}
                onClick={() => setEditing(!editing)}
                aria-label={t('directory.editLabel', { name: p.name })}
              >
                {t('directory.edit')}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={!idle}
                onClick={() => onActive(p, !p.active)}
                aria-label={t(p.active ? 'directory.deactivateLabel' : 'directory.reactivateLabel', { name: p.name })}
              >
                {t(p.active ? 'directory.deactivate' : 'directory.reactivate')}
              </button>
              <JoinTeam professional={p} teams={teams} idle={idle} onJoin={(team) => onMembership(team, p, true)} />
            </div>
          )}
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={6}>
            <ChangeProfessionalForm id={formId} professional={p} idle={idle} onSubmit={save} onCancel={cancel} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Her name and work e-mail address, as adding her and changing her both ask them. */
function NameAndEmail({ idOf, draft, edit, refusalOf, nameInput }: {
  idOf(field: Field): string;
  draft: { name: string; email: string };
  edit(change: { name?: string; email?: string }): void;
  refusalOf(field: Field): string | null;
  nameInput?: Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  return (
    <>
      <FormField id={idOf('name')} label={t('field.name')} refusal={refusalOf('name')}>
        {(described) => <input {...described} ref={nameInput} required maxLength={200} value={draft.name} onChange={(e) => edit({ name: e.target.value })} />}
      </FormField>
      <FormField id={idOf('email')} label={t('field.email')} refusal={refusalOf('email')}>
        {(described) => <input {...described} type="email" required value={draft.email} onChange={(e) => edit({ email: e.target.value })} />}
      </FormField>
    </>
  );
}

/** Her roles, one checkbox each; the first takes the focus when the gateway refuses them. */
function RolesField({ id, roles, refusal, onChange }: { id: string; roles: readonly Role[]; refusal: string | null; onChange(roles: Role[]): void }) {
  const { t, label } = useI18n();
  return (
    <fieldset aria-describedby={refusal ? `${id}-refusal` : undefined}>
      <legend>{t('field.roles')}</legend>
      {ROLES.map((role, i) => (
        <label key={role} className="check">
          <input
            type="checkbox"
            id={i === 0 ? id : undefined}
            {...(i === 0 ? refusalProps(id, refusal !== null) : {})}
            checked={roles.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
          />
          {label('role', role)}
        </label>
      ))}
      <Refusal id={id} text={refusal} />
    </fieldset>
  );
}

function AddProfessionalForm({ organisations, idle, onSubmit }: { organisations: Organisation[]; idle: boolean; onSubmit(input: AddProfessionalInput): Promise<Field | null> }) {
  const { t } = useI18n();
  const { draft, refused, idOf, edit, send } = useForm<AddProfessionalInput, Field>({ organisationId: organisations[0]?.id ?? '', name: '', email: '', subject: '', roles: [] });
  const refusalOf = (field: Field) => (refused === field ? t(`directory.invalid.${field}`) : null);

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(onSubmit);
  }

  return (
    <form onSubmit={submit} className="card stacked-form" aria-labelledby="add-heading">
      <FormField id={idOf('organisationId')} label={t('field.organisation')} refusal={refusalOf('organisationId')}>
        {(described) => (
          <select {...described} required value={draft.organisationId} onChange={(e) => edit({ organisationId: e.target.value })}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <NameAndEmail idOf={idOf} draft={draft} edit={edit} refusalOf={refusalOf} />
      <FormField id={idOf('subject')} label={t('field.subject')} help={t('directory.subjectHelp')} refusal={refusalOf('subject')}>
        {(described) => <input {...described} required value={draft.subject} onChange={(e) => edit({ subject: e.target.value })} />}
      </FormField>
      <RolesField id={idOf('roles')} roles={draft.roles} refusal={refusalOf('roles')} onChange={(roles) => edit({ roles })} />
      <button type="submit" disabled={!idle}>
        {t('directory.addButton')}
      </button>
    </form>
  );
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/**
 * Her name, e-mail address and roles, as the page showed them when she opened it. Only what she
 * changed is sent, with the version she opened it at: a change made meanwhile, by anyone, answers
 * CONFLICT rather than being overwritten with what she did not see.
 */
function ChangeProfessionalForm({ id, professional, idle, onSubmit, onCancel }: {
  id: string;
  professional: Professional;
  idle: boolean;
  onSubmit(input: ChangeProfessionalInput): Promise<EditOutcome>;
  onCancel(): void;
}) {
  const { t, label } = useI18n();
  const [opened, setOpened] = useState(professional);
  const { draft, refused, idOf, edit, send } = useForm<{ name: string; email: string; roles: Role[] }, Field>({ name: opened.name, email: opened.email, roles: opened.roles });
  /** Her record was changed meanwhile: 'pending' until the page shows it as it now is, then 'shown'. */
  const [conflict, setConflict] = useState<'pending' | 'shown' | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const conflictNotice = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    // The form comes after the row's other controls: she opened it to change something, so the focus goes into it.
    nameInput.current?.focus();
  }, []);

  useEffect(() => {
    // The button she pressed is disabled until her record has come again: the focus goes to what happened.
    if (conflict === 'pending') conflictNotice.current?.focus();
  }, [conflict]);

  useEffect(() => {
    if (conflict !== 'pending' || professional.version === opened.version) return;
    // Her record as it now is becomes what the form changes: what she left alone follows it (never
    // sent back as it was), what she changed stays hers, to be sent with the new version.
    edit({
      ...(draft.name === opened.name && { name: professional.name }),
      ...(draft.email === opened.email && { email: professional.email }),
      ...(sameRoles(draft.roles, opened.roles) && { roles: professional.roles }),
    });
    setOpened(professional);
    setConflict('shown');
  }, [conflict, professional, opened, draft, edit]);

  function refusalOf(field: Field): string | null {
    if (refused !== field) return null;
    // While she is in a team, the gateway also refuses her roles without one that works there (directory.resolver.ts).
    if (field === 'roles' && opened.teams.length > 0) {
      return t('directory.invalid.teamRoles', { teams: opened.teams.map((team) => team.name).join(', '), roles: TEAM_ROLES.map((r) => label('role', r)).join(', ') });
    }
    return t(`directory.invalid.${field}`);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const changed = {
      ...(draft.name !== opened.name && { name: draft.name }),
      ...(draft.email !== opened.email && { email: draft.email }),
      ...(!sameRoles(draft.roles, opened.roles) && { roles: draft.roles }),
    };
    // The gateway refuses a change of nothing: there is nothing to send.
    if (Object.keys(changed).length === 0) onCancel();
    else {
      setConflict(null);
      void send(async () => {
        const outcome = await onSubmit({ id: opened.id, version: opened.version, ...changed });
        if (outcome !== 'CONFLICT') return outcome;
        setConflict('pending');
        return null;
      });
    }
  }

  return (
    <form id={id} onSubmit={submit} className="card stacked-form" aria-label={t('directory.editLabel', { name: opened.name })}>
      {conflict && (
        <p ref={conflictNotice} tabIndex={-1} role="alert" className="notice notice-error">
          {t('directory.changedMeanwhile')}
        </p>
      )}
      <NameAndEmail idOf={idOf} draft={draft} edit={edit} refusalOf={refusalOf} nameInput={nameInput} />
      <RolesField id={idOf('roles')} roles={draft.roles} refusal={refusalOf('roles')} onChange={(roles) => edit({ roles })} />
      <div className="actions">
        <button type="submit" disabled={!idle || conflict === 'pending'}>
          {t('directory.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('directory.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The teams of the chain she is not in yet, to join one; or why she joins none. */
function JoinTeam({ professional: p, teams, idle, onJoin }: { professional: Professional; teams: Team[]; idle: boolean; onJoin(team: Team): void }) {
  const { t } = useI18n();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  if (!p.roles.some((r) => TEAM_ROLES.includes(r))) return <span className="muted">{t('directory.noTeamRole')}</span>;
  const others = teams.filter((team) => !p.teams.some((membership) => membership.id === team.id));
  const team = others.find((o) => o.id === chosen) ?? others[0];
  if (!team) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onJoin(team);
  };

  return (
    <form className="join" onSubmit={submit}>
      <label htmlFor={selectId} className="visually-hidden">
        {t('directory.teamFor', { name: p.name })}
      </label>
      <select id={selectId} value={team.id} onChange={(e) => setChosen(e.target.value)}>
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!idle} aria-label={t('directory.joinLabel', { name: p.name, team: team.name })}>
        {t('directory.join')}
      </button>
    </form>
  );
}

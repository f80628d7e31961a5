/**
 * The directory: the teams of the chain and who works in them, as its administrator keeps them
 * (policy §2). Who may sign in, and in which team, decides which clients an organisation knows, so
 * each change goes with the version the page showed: a record changed meanwhile answers CONFLICT
 * rather than being changed blind.
 *
 * The gateway lists professionals only as members of teams (`teams`). One she adds here stays on
 * the page until she leaves it, so that she can put her in a team straight away.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import tables from '../../../src/policy/policy-tables.json';
import {
  AddProfessionalDocument,
  AddTeamMemberDocument,
  DeactivateProfessionalDocument,
  MyMunicipalityDocument,
  OrganisationsDocument,
  ReactivateProfessionalDocument,
  RemoveTeamMemberDocument,
  TeamsDocument,
  type AddProfessionalInput,
  type AddProfessionalMutation,
  type OrganisationsQuery,
  type Role,
  type TeamsQuery,
} from '../../../src/generated/operations/graphql';
import type { GraphQLErrorShape, Result } from '../api';
import { PageHeading } from '../components/page-heading';
import { Loaded } from '../components/status';
import { describeError, outcomeUnknown } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import { useMutation, useQuery } from '../use-query';

type Team = TeamsQuery['teams'][number];
type Member = Team['members'][number];
type Added = NonNullable<AddProfessionalMutation['addProfessional']>;
type Organisation = OrganisationsQuery['organisations'][number];

const ROLES = tables.roles as Role[];
const TEAM_ROLES = tables.teamRoles as Role[];

/** The form's inputs, by the names the gateway's `extensions.field` gives them (`input.email`). */
const FIELDS = ['organisationId', 'name', 'email', 'subject', 'roles'] as const;
type Field = (typeof FIELDS)[number];

/** The input of the form a BAD_USER_INPUT names, to say next to it what was not accepted. */
function refusedField(refusal: unknown): Field | null {
  const extensions = (refusal as GraphQLErrorShape | null)?.extensions;
  if (extensions?.code !== 'BAD_USER_INPUT') return null;
  return FIELDS.find((f) => extensions.field === `input.${f}`) ?? null;
}

export function DirectoryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = useQuery(MyMunicipalityDocument, {});
  const teams = useQuery(TeamsDocument, {});
  const organisations = useQuery(OrganisationsDocument, {});
  const mutate = useMutation();
  const [added, setAdded] = useState<Added[]>([]);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  // The gateway lists every chain's; outside her own she may change nothing.
  const chain = mine.result?.data?.me.organisation.municipality?.id;
  const chainTeams = teams.result?.data?.teams.filter((team) => team.municipality.id === chain) ?? [];
  const employers = organisations.result?.data?.organisations.filter((o) => o.municipality?.id === chain) ?? [];
  // While the teams reload after a change, the versions on screen are the ones it replaced.
  const idle = !busy && !teams.loading;

  useEffect(() => {
    // The button she pressed was disabled, or went with its row: the focus goes to what became of it.
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  /** One change at a time: the gateway's answer, and its refusal or the request's failure, if any. */
  async function attempt<R>(request: () => Promise<Result<R>>): Promise<{ data: R | null; refusal: unknown }> {
    setBusy(true);
    setNotice(null);
    try {
      const result = await request();
      return { data: result.data, refusal: result.errors[0] ?? null };
    } catch (err) {
      return { data: null, refusal: err };
    } finally {
      setBusy(false);
    }
  }

  /** What became of the change `action` names, in the notice (as in the inbox). */
  function tell(action: string, refusal: unknown, done: string) {
    if (refusal === null) setNotice({ text: done, error: false });
    else setNotice({ text: t(outcomeUnknown(refusal) ? 'directory.unknown' : 'directory.notDone', { action, reason: describeError(i18n, refusal) }), error: true });
  }

  /** A change of a team or of one of its members; the teams are reloaded after it, whatever became of it. */
  async function changeTeams(action: string, done: string, request: () => Promise<Result<unknown>>) {
    const { refusal } = await attempt(request);
    teams.reload();
    tell(action, refusal, done);
  }

  function changeActive(member: Member, active: boolean) {
    const input = { id: member.id, version: member.version };
    const name = { name: member.name };
    return changeTeams(t(active ? 'directory.reactivateLabel' : 'directory.deactivateLabel', name), t(active ? 'directory.reactivated' : 'directory.deactivated', name), () =>
      active ? mutate(ReactivateProfessionalDocument, { input }) : mutate(DeactivateProfessionalDocument, { input }),
    );
  }

  function changeMembership(team: Team, professional: { id: string; name: string }, member: boolean) {
    const input = { teamId: team.id, version: team.version, professionalId: professional.id };
    const names = { name: professional.name, team: team.name };
    return changeTeams(t(member ? 'directory.joinLabel' : 'directory.removeLabel', names), t(member ? 'directory.joined' : 'directory.removed', names), () =>
      member ? mutate(AddTeamMemberDocument, { input }) : mutate(RemoveTeamMemberDocument, { input }),
    );
  }

  /** Adds her; a refused input is named to the form, to be shown next to it, anything else in the notice. */
  async function addProfessional(input: AddProfessionalInput): Promise<Field | null> {
    const { data, refusal } = await attempt(() => mutate(AddProfessionalDocument, { input }));
    const field = refusedField(refusal);
    if (field) return field;
    const professional = data?.addProfessional;
    if (professional) setAdded((list) => [...list, professional]);
    tell(t('directory.addLabel', { name: input.name }), refusal, t('directory.added', { name: input.name }));
    return null;
  }

  return (
    <>
      <PageHeading>{t('directory.title')}</PageHeading>
      <p>{t('directory.intro')}</p>
      <div ref={noticeRef} tabIndex={-1} role="status" aria-live="polite" className={notice ? (notice.error ? 'notice notice-error' : 'notice notice-ok') : undefined}>
        {notice?.text}
      </div>

      <Loaded query={mine}>
        <section aria-labelledby="teams-heading">
          <h2 id="teams-heading">{t('directory.teams')}</h2>
          <Loaded query={teams}>
            {chainTeams.length === 0 ? (
              <p>{t('directory.noTeams')}</p>
            ) : (
              chainTeams.map((team) => (
                <TeamMembers key={team.id} team={team} idle={idle} onActive={changeActive} onRemove={(member) => changeMembership(team, member, false)} />
              ))
            )}
          </Loaded>
        </section>

        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t('directory.addTitle')}</h2>
          <Loaded query={organisations}>
            {/* A new form for each professional added: what was typed for her is not the next one's. */}
            <AddProfessionalForm key={added.length} organisations={employers} idle={!busy} onSubmit={addProfessional} />
          </Loaded>
        </section>

        {added.length > 0 && (
          <section aria-labelledby="added-heading">
            <h2 id="added-heading">{t('directory.addedTitle')}</h2>
            <p className="help">{t('directory.addedHelp')}</p>
            <ul className="cards">
              {added.map((professional) => (
                <AddedProfessional key={professional.id} professional={professional} teams={chainTeams} idle={idle} onJoin={(team) => changeMembership(team, professional, true)} />
              ))}
            </ul>
          </section>
        )}
      </Loaded>
    </>
  );
}

function TeamMembers({ team, idle, onActive, onRemove }: { team: Team; idle: boolean; onActive(member: Member, active: boolean): void; onRemove(member: Member): void }) {
  const { t, label } = useI18n();
  const heading = `team-${team.id}`;
  return (
    <section aria-labelledby={heading} data-team={team.id}>
      <h3 id={heading}>{team.name}</h3>
      {team.members.length === 0 ? (
        <p>{t('directory.noMembers')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field.name')}</th>
              <th scope="col">{t('field.organisation')}</th>
              <th scope="col">{t('field.roles')}</th>
              <th scope="col">{t('field.status')}</th>
              <th scope="col">{t('directory.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {team.members.map((m) => (
              <tr key={m.id} data-professional={m.id}>
                <th scope="row">{m.name}</th>
                <td>{m.organisation.name}</td>
                <td>{m.roles.map((r) => label('role', r)).join(', ')}</td>
                <td>
                  <span className={m.active ? 'badge badge-granted' : 'badge badge-denied'}>{t(m.active ? 'directory.active' : 'directory.inactive')}</span>
                </td>
                <td>
                  <div className="actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={!idle}
                      onClick={() => onActive(m, !m.active)}
                      aria-label={t(m.active ? 'directory.deactivateLabel' : 'directory.reactivateLabel', { name: m.name })}
                    >
                      {t(m.active ? 'directory.deactivate' : 'directory.reactivate')}
                    </button>
                    <button type="button" className="secondary" disabled={!idle} onClick={() => onRemove(m)} aria-label={t('directory.removeLabel', { name: m.name, team: team.name })}>
                      {t('directory.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One input of the form with its label, its help, and — when the gateway named it — what was not accepted, read out with it. */
function FormField({ id, label, help, refusal, children }: {
  id: string;
  label: string;
  help?: string;
  refusal: string | null;
  children(described: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }): ReactNode;
}) {
  const helpId = `${id}-help`;
  const describedBy = [refusal && `${id}-refusal`, help && helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': refusal ? true : undefined, 'aria-describedby': describedBy })}
      <Refusal id={id} text={refusal} />
      {help && (
        <p id={helpId} className="help">
          {help}
        </p>
      )}
    </div>
  );
}

function Refusal({ id, text }: { id: string; text: string | null }) {
  return text ? (
    <p id={`${id}-refusal`} className="field-error">
      {text}
    </p>
  ) : null;
}

function AddProfessionalForm({ organisations, idle, onSubmit }: { organisations: Organisation[]; idle: boolean; onSubmit(input: AddProfessionalInput): Promise<Field | null> }) {
  const { t, label } = useI18n();
  const base = useId();
  const [draft, setDraft] = useState<AddProfessionalInput>({ organisationId: organisations[0]?.id ?? '', name: '', email: '', subject: '', roles: [] });
  const [refused, setRefused] = useState<Field | null>(null);
  const idOf = (field: Field) => `${base}-${field}`;
  const refusalOf = (field: Field) => (refused === field ? t(`directory.invalid.${field}`) : null);
  const edit = (change: Partial<AddProfessionalInput>) => setDraft((d) => ({ ...d, ...change }));

  useEffect(() => {
    // The refused input takes the focus, and with it what was not accepted is read out.
    if (refused) document.getElementById(`${base}-${refused}`)?.focus();
  }, [refused, base]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefused(null);
    setRefused(await onSubmit(draft));
  }

  return (
    <form onSubmit={submit} className="card directory-form" aria-labelledby="add-heading">
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
      <FormField id={idOf('name')} label={t('field.name')} refusal={refusalOf('name')}>
        {(described) => <input {...described} required maxLength={200} autoComplete="off" value={draft.name} onChange={(e) => edit({ name: e.target.value })} />}
      </FormField>
      <FormField id={idOf('email')} label={t('field.email')} refusal={refusalOf('email')}>
        {(described) => <input {...described} type="email" required autoComplete="off" value={draft.email} onChange={(e) => edit({ email: e.target.value })} />}
      </FormField>
      <FormField id={idOf('subject')} label={t('field.subject')} help={t('directory.subjectHelp')} refusal={refusalOf('subject')}>
        {(described) => <input {...described} required autoComplete="off" spellCheck={false} value={draft.subject} onChange={(e) => edit({ subject: e.target.value })} />}
      </FormField>
      <fieldset aria-describedby={refused === 'roles' ? `${idOf('roles')}-refusal` : undefined}>
        <legend>{t('field.roles')}</legend>
        {ROLES.map((role, i) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              // The first takes the focus when the roles are refused.
              id={i === 0 ? idOf('roles') : undefined}
              checked={draft.roles.includes(role)}
              onChange={(e) => edit({ roles: e.target.checked ? [...draft.roles, role] : draft.roles.filter((r) => r !== role) })}
            />
            {label('role', role)}
          </label>
        ))}
        <Refusal id={idOf('roles')} text={refusalOf('roles')} />
      </fieldset>
      <button type="submit" disabled={!idle}>
        {t('directory.addButton')}
      </button>
    </form>
  );
}

/** A professional added on this page, with the teams of the chain she is not in yet to join. */
function AddedProfessional({ professional: p, teams, idle, onJoin }: { professional: Added; teams: Team[]; idle: boolean; onJoin(team: Team): void }) {
  const { t, label } = useI18n();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const hers = teams.filter((team) => team.members.some((m) => m.id === p.id));
  const others = teams.filter((team) => !hers.includes(team));
  const team = others.find((o) => o.id === chosen) ?? others[0];
  const heading = `added-${p.id}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (team) onJoin(team);
  }

  return (
    <li className="card" aria-labelledby={heading} data-professional={p.id}>
      <h3 id={heading}>{p.name}</h3>
      <dl className="facts">
        <dt>{t('field.organisation')}</dt>
        <dd>{p.organisation.name}</dd>
        <dt>{t('field.email')}</dt>
        <dd>{p.email}</dd>
        <dt>{t('field.roles')}</dt>
        <dd>{p.roles.map((r) => label('role', r)).join(', ')}</dd>
        <dt>{t('field.teams')}</dt>
        <dd>{hers.map((h) => h.name).join(', ') || t('directory.noTeam')}</dd>
      </dl>
      {!p.roles.some((r) => TEAM_ROLES.includes(r)) ? (
        <p className="muted">{t('directory.noTeamRole')}</p>
      ) : (
        team && (
          <form className="join" onSubmit={submit}>
            <div>
              <label htmlFor={selectId}>{t('directory.team')}</label>
              <select id={selectId} value={team.id} onChange={(e) => setChosen(e.target.value)}>
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={!idle} aria-label={t('directory.joinLabel', { name: p.name, team: team.name })}>
              {t('directory.join')}
            </button>
          </form>
        )
      )}
    </li>
  );
}

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
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import tables from '../../../src/policy/policy-tables.json';
import {
  AddProfessionalDocument,
  AddTeamMemberDocument,
  DeactivateProfessionalDocument,
  MyMunicipalityDocument,
  OrganisationsDocument,
  ProfessionalsDocument,
  ReactivateProfessionalDocument,
  RemoveTeamMemberDocument,
  TeamsDocument,
  type AddProfessionalInput,
  type OrganisationsQuery,
  type ProfessionalsQuery,
  type Role,
  type TeamsQuery,
} from '../../../src/generated/operations/graphql';
import { refusedInput, type Result } from '../api';
import { RecentChanges, useDirectoryChanges } from '../components/directory-changes';
import { PageHeading } from '../components/page-heading';
import { Refusal } from '../components/refusal';
import { Loaded } from '../components/status';
import { describeError, outcomeUnknown } from '../describe-error';
import { useI18n } from '../i18n/i18n';
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
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  const chain = mine.result?.data?.me.organisation.municipality?.id;
  const chainTeams = teams.result?.data?.teams ?? [];
  // The municipality's administrator keeps the whole chain, any other organisation's its own people (directory.resolver.ts).
  const own = mine.result?.data?.me.organisation.id;
  const keepsChain = own !== undefined && own === chain;
  const employers = organisations.result?.data?.organisations.filter((o) => (keepsChain ? o.municipality?.id === chain : o.id === own)) ?? [];
  const groups = byOrganisation(professionals.result?.data?.professionals ?? []);
  // The gateway refuses her any change of her own record: another administrator makes it.
  const me = mine.result?.data?.me.id;
  // While the professionals and teams reload after a change, the versions on screen are the ones it replaced.
  const idle = !busy && !professionals.loading && !teams.loading;

  useEffect(() => {
    // The button she pressed was disabled, or went with its row: the focus goes to what became of it.
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  /** One change at a time: its refusal or the request's failure, if any. What the page shows is reloaded after it, whatever became of it. */
  async function attempt(request: () => Promise<Result<unknown>>): Promise<unknown> {
    setBusy(true);
    setNotice(null);
    try {
      return (await request()).errors[0] ?? null;
    } catch (err) {
      return err;
    } finally {
      setBusy(false);
      professionals.reload();
      teams.reload();
      changes.reload();
    }
  }

  /** What became of the change `action` names, in the notice (as in the inbox). */
  function tell(action: string, refusal: unknown, done: string) {
    if (refusal === null) setNotice({ text: done, error: false });
    else setNotice({ text: t(outcomeUnknown(refusal) ? 'directory.unknown' : 'directory.notDone', { action, reason: describeError(i18n, refusal) }), error: true });
  }

  async function change(action: string, done: string, request: () => Promise<Result<unknown>>) {
    tell(action, await attempt(request), done);
  }

  function changeActive(professional: Professional, active: boolean) {
    const input = { id: professional.id, version: professional.version };
    const name = { name: professional.name };
    return change(t(active ? 'directory.reactivateLabel' : 'directory.deactivateLabel', name), t(active ? 'directory.reactivated' : 'directory.deactivated', name), () =>
      active ? mutate(ReactivateProfessionalDocument, { input }) : mutate(DeactivateProfessionalDocument, { input }),
    );
  }

  function changeMembership(team: Team, professional: Professional, member: boolean) {
    const input = { teamId: team.id, version: team.version, professionalId: professional.id };
    const names = { name: professional.name, team: team.name };
    return change(t(member ? 'directory.joinLabel' : 'directory.removeLabel', names), t(member ? 'directory.joined' : 'directory.removed', names), () =>
      member ? mutate(AddTeamMemberDocument, { input }) : mutate(RemoveTeamMemberDocument, { input }),
    );
  }

  /** Adds her; a refused input is named to the form, to be shown next to it, anything else in the notice. */
  async function addProfessional(input: AddProfessionalInput): Promise<Field | null> {
    const refusal = await attempt(() => mutate(AddProfessionalDocument, { input }));
    const field = refusedField(refusal);
    if (field) return field;
    if (refusal === null) setAdded((n) => n + 1);
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

function OrganisationProfessionals({ organisation, professionals, teams, me, idle, onActive, onMembership }: {
  organisation: Professional['organisation'];
  professionals: Professional[];
  teams: Team[];
  me: string | undefined;
  idle: boolean;
  onActive(professional: Professional, active: boolean): void;
  onMembership(team: Team, professional: Professional, member: boolean): void;
}) {
  const { t, label } = useI18n();
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
            <tr key={p.id} data-professional={p.id}>
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
          ))}
        </tbody>
      </table>
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

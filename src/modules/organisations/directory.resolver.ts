/**
 * The chain's directory as its administrators keep it (policy §2: ADMIN manages organisations,
 * professionals and teams, and sees no client data). Who may sign in, for which organisation, with
 * which roles and in which teams decides which clients an organisation knows and what it sees of
 * them (policy §1), so every change is one transaction with its audit line, and none reaches
 * beyond what the administrator keeps (`keepsChain`) or touches her own record.
 */
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import { assertTransition } from '../../common/transitions';
import { id, text } from '../../common/validate';
import { VersionInput } from '../../common/version.input';
import { expectVersion, writeDirectory } from '../../common/write';
import { endGrantsOf } from '../break-glass/holder-roles';
import { AGGREGATE_ONLY_ROLES, CLIENT_DATA_ROLES, PROCESS_DIRECTION_KINDS, PROCESS_DIRECTION_ROLES, ROLES, TEAM_ROLES, type Role } from '../../policy/tables';
import { AddOrganisationInput, AddProfessionalInput, AddTeamInput, ChangeProfessionalInput, TeamMemberInput } from './directory.input';
import { Organisation } from './organisation.entity';
import { PROFESSIONAL_TRANSITIONS, Professional } from './professional.entity';
import { Team } from './team.entity';
import { isUuid } from '../clients/involved-clients';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Visible ASCII: the subject is compared byte for byte with the token's `sub`.
const SUBJECT = /^[\x21-\x7e]{1,255}$/;
const NAME_MAX = 200;

/** Which input field a unique constraint of the directory guards, to name it when a race meets it. */
const UNIQUE_FIELDS: Record<string, string> = {
  organisation_name_unique: 'input.name',
  team_name_unique: 'input.name',
  professional_email_unique: 'input.email',
  professional_subject_unique: 'input.subject',
};

/**
 * Each organisation is its own data controller, and keeps its own people: an administrator of a
 * municipality keeps its whole chain (its organisations, teams and everyone working in them); one
 * of any other organisation, her own organisation's professionals and their places in the chain's
 * teams. Nobody reaches into another chain.
 */
export function keepsChain(ctx: Context): boolean {
  return ctx.actor.organisationKind === 'MUNICIPALITY' && ctx.actor.municipalityId === ctx.actor.organisationId;
}

function assertInYourChain(ctx: Context, municipalityId: string | null | undefined): void {
  if (!ctx.actor.municipalityId || municipalityId !== ctx.actor.municipalityId) {
    throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the administrator of its own chain manages it');
  }
}

function assertKeepsChain(ctx: Context): void {
  if (!keepsChain(ctx)) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the administrator of the chain’s municipality adds organisations and teams');
}

function assertKeepsPeopleOf(ctx: Context, organisation: Organisation): void {
  assertInYourChain(ctx, organisation.municipality?.id);
  if (!keepsChain(ctx) && organisation.id !== ctx.actor.organisationId) {
    throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only its own administrator, or the chain’s, manages an organisation’s professionals');
  }
}

/** Nobody grants herself a role, a team or her sign-in back: another administrator does. */
function assertNotYourself(ctx: Context, professionalId: string): void {
  if (professionalId === ctx.actor.professionalId) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Another administrator changes your own record');
}

function email(field: string, value: string): string {
  const address = value.trim().toLowerCase();
  if (address.length > 254 || !EMAIL.test(address)) throw new BadUserInputError(field, 'is not an e-mail address');
  return address;
}

function subject(field: string, value: string): string {
  if (!SUBJECT.test(value)) throw new BadUserInputError(field, 'must be 1 to 255 visible characters');
  return value;
}

/**
 * At least one role, each once; ADMIN alone: an administrator sees no client data (policy §2); a
 * role that sees aggregates only never beside one that reads clients (`AGGREGATE_ONLY_ROLES`).
 */
function roles(field: string, value: readonly Role[]): Role[] {
  const distinct = ROLES.filter((r) => value.includes(r));
  if (distinct.length === 0) throw new BadUserInputError(field, 'must name at least one role');
  if (distinct.includes('ADMIN') && distinct.length > 1) throw new BadUserInputError(field, 'ADMIN is held alone: an administrator sees no client data');
  if (distinct.some((r) => AGGREGATE_ONLY_ROLES.includes(r)) && distinct.some((r) => CLIENT_DATA_ROLES.includes(r))) {
    throw new BadUserInputError(field, `${AGGREGATE_ONLY_ROLES.join(' and ')} see aggregates only: not held beside a role that reads clients`);
  }
  return distinct;
}

/**
 * The municipality's figures and budget are for its own people (policy §5): a role that sees
 * aggregates only is held in the municipality, and procesregie where the chain's process is directed
 * from — not at a partner, whose administrator would otherwise give her own staff the chain's
 * figures, its women's audit trails and its emergency access to review.
 */
function assertRolesFit(field: string, granted: readonly Role[], organisation: Organisation): void {
  if (organisation.kind !== 'MUNICIPALITY' && granted.some((r) => AGGREGATE_ONLY_ROLES.includes(r))) {
    throw new BadUserInputError(field, `${AGGREGATE_ONLY_ROLES.join(' and ')} are held at a municipality only`);
  }
  if (!PROCESS_DIRECTION_KINDS.includes(organisation.kind) && granted.some((r) => PROCESS_DIRECTION_ROLES.includes(r))) {
    throw new BadUserInputError(field, `${PROCESS_DIRECTION_ROLES.join(' and ')} is held at a safety house or a municipality only`);
  }
}

/**
 * Names and addresses are taken whatever their capitals (two "Iriszorg"s would be told apart by
 * nobody); a subject is the provider's, compared as it signs it.
 */
async function assertFree(tx: EntityManager, table: 'professional' | 'organisation' | 'team', column: string, value: string, field: string, except?: string) {
  const same = column === 'subject' ? `${column} = ?` : `lower(${column}) = lower(?)`;
  const [taken] = await tx.execute<unknown[]>(`select 1 from ${table} where ${same} and id is distinct from ? limit 1`, [value, except ?? null]);
  if (taken) throw new BadUserInputError(field, 'is already in use');
}

/** Two administrators adding the same name at once: the second is told what the first was. */
async function unlessTaken<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } catch (err) {
    // MikroORM keeps PostgreSQL's own fields of the error, the constraint's name among them.
    const field = err instanceof UniqueConstraintViolationException ? UNIQUE_FIELDS[(err as { constraint?: string }).constraint ?? ''] : undefined;
    if (field) throw new BadUserInputError(field, 'is already in use');
    throw err;
  }
}

/** A professional of the caller's chain, not the caller, locked until the change commits, at the version she loaded. */
async function professionalToChange(tx: EntityManager, ctx: Context, professionalId: string, version?: number): Promise<Professional> {
  const professional = isUuid(professionalId) ? await tx.findOne(Professional, professionalId, { populate: ['organisation'], lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!professional) throw new NotFoundError('Professional');
  assertKeepsPeopleOf(ctx, professional.organisation);
  assertNotYourself(ctx, professional.id);
  if (version !== undefined) await expectVersion(tx, professional, version);
  return professional;
}

/**
 * Refuses (CONFLICT) to take the last active administrator of the municipality that keeps a chain
 * out of it (deactivated, or no longer ADMIN): nobody else may put one back, and the chain's
 * directory could then be mended only in the database. Her municipality's row is locked first, so
 * two administrators taking each other out at the same moment cannot both pass: the second finds
 * the first gone. A partner organisation's last administrator may go; the chain's keeps its people.
 */
async function assertChainStaysKept(tx: EntityManager, professional: Professional): Promise<void> {
  const organisation = professional.organisation;
  if (!professional.active || !professional.roles.includes('ADMIN') || organisation.kind !== 'MUNICIPALITY' || organisation.municipality?.id !== organisation.id) return;
  await tx.execute('select 1 from organisation where id = ? for update', [organisation.id]);
  const [{ others }] = await tx.execute<{ others: number }[]>(
    `select count(*)::int as others from professional where organisation_id = ? and active and 'ADMIN' = any(roles) and id <> ?`,
    [organisation.id, professional.id],
  );
  if (others === 0) throw new ConflictError(`She is the last administrator of ${organisation.name}, which keeps its chain: make someone else its administrator first`);
}

async function teamIdsOf(tx: EntityManager, professionalId: string): Promise<string[]> {
  const rows = await tx.execute<{ team_id: string }[]>('select team_id from team_member where professional_id = ?', [professionalId]);
  return rows.map((r) => r.team_id);
}

/** The audit lines of the directory's changes; `reason` holds what each changed (`directoryChanges` reads them back). */
export const DIRECTORY_EVENTS = [
  'organisation.add',
  'team.add',
  'professional.add',
  'professional.change',
  'professional.deactivate',
  'professional.reactivate',
  'team.member.add',
  'team.member.remove',
] as const;
type DirectoryEvent = (typeof DIRECTORY_EVENTS)[number];

const lineAbout = (eventType: DirectoryEvent, action: 'C' | 'U' | 'D', record: string, fields: string[]) => ({ eventType, action, outcome: 'GRANTED' as const, reason: record, fields });

@Resolver()
export class DirectoryResolver {
  @Query(() => [Professional], {
    description: 'Administrators: the professionals you keep (the chain’s administrator: everyone of the chain), inactive ones too, by organisation and name.',
  })
  professionals(@Ctx() ctx: Context, @Arg('organisationId', () => ID, { nullable: true, description: 'Only those of this organisation.' }) organisationId?: string | null) {
    if (organisationId != null && !isUuid(organisationId)) return [];
    const kept = keepsChain(ctx) ? { organisation: { municipality: ctx.actor.municipalityId } } : { organisation: ctx.actor.organisationId };
    return ctx.em.find(Professional, organisationId ? { $and: [kept, { organisation: organisationId }] } : kept, { orderBy: { organisation: { name: 'asc' }, name: 'asc' } });
  }

  @Mutation(() => Organisation, { nullable: true, description: 'The chain’s administrator (at its municipality): an organisation joins your chain.' })
  addOrganisation(@Ctx() ctx: Context, @Arg('input', () => AddOrganisationInput) input: AddOrganisationInput) {
    const name = text('input.name', input.name, NAME_MAX);
    if (input.kind === 'MUNICIPALITY') throw new BadUserInputError('input.kind', 'a municipality starts a chain of its own; it does not join yours');
    return unlessTaken(
      writeDirectory(ctx, async (tx) => {
        assertKeepsChain(ctx);
        await assertFree(tx, 'organisation', 'name', name, 'input.name');
        const organisation = tx.create(Organisation, { name, kind: input.kind, municipality: tx.getReference(Organisation, ctx.actor.municipalityId!) });
        await tx.flush();
        return { entity: organisation, audit: lineAbout('organisation.add', 'C', organisation.id, ['name', 'kind', 'municipality']) };
      }),
    );
  }

  @Mutation(() => Team, { nullable: true, description: 'The chain’s administrator (at its municipality): a team starts working in your chain.' })
  addTeam(@Ctx() ctx: Context, @Arg('input', () => AddTeamInput) input: AddTeamInput) {
    const name = text('input.name', input.name, NAME_MAX);
    return unlessTaken(
      writeDirectory(ctx, async (tx) => {
        assertKeepsChain(ctx);
        await assertFree(tx, 'team', 'name', name, 'input.name');
        const team = tx.create(Team, { name, municipality: tx.getReference(Organisation, ctx.actor.municipalityId!) });
        await tx.flush();
        return { entity: team, audit: lineAbout('team.add', 'C', team.id, ['name', 'municipality']) };
      }),
    );
  }

  @Mutation(() => Professional, { nullable: true, description: 'Administrators: a professional starts working for an organisation you keep (the chain’s administrator: any of the chain); she may sign in at once.' })
  addProfessional(@Ctx() ctx: Context, @Arg('input', () => AddProfessionalInput) input: AddProfessionalInput) {
    const organisationId = id('input.organisationId', input.organisationId);
    const name = text('input.name', input.name, NAME_MAX);
    const address = email('input.email', input.email);
    const sub = subject('input.subject', input.subject);
    const granted = roles('input.roles', input.roles);
    return unlessTaken(
      writeDirectory(ctx, async (tx) => {
        const organisation = await tx.findOne(Organisation, organisationId);
        if (!organisation) throw new NotFoundError('Organisation');
        assertKeepsPeopleOf(ctx, organisation);
        assertRolesFit('input.roles', granted, organisation);
        await assertFree(tx, 'professional', 'email', address, 'input.email');
        await assertFree(tx, 'professional', 'subject', sub, 'input.subject');
        const professional = tx.create(Professional, { organisation, name, email: address, subject: sub, roles: granted });
        await tx.flush();
        return { entity: professional, audit: lineAbout('professional.add', 'C', professional.id, ['name', 'email', 'subject', 'organisation', 'roles']) };
      }),
    );
  }

  @Mutation(() => Professional, { nullable: true, description: 'Administrators: her name, e-mail, sign-in subject or roles change; roles from her next request on.' })
  changeProfessional(@Ctx() ctx: Context, @Arg('input', () => ChangeProfessionalInput) input: ChangeProfessionalInput) {
    const change: Partial<Pick<Professional, 'name' | 'email' | 'subject' | 'roles'>> = {};
    if (input.name != null) change.name = text('input.name', input.name, NAME_MAX);
    if (input.email != null) change.email = email('input.email', input.email);
    if (input.subject != null) change.subject = subject('input.subject', input.subject);
    if (input.roles != null) change.roles = roles('input.roles', input.roles);
    if (Object.keys(change).length === 0) throw new BadUserInputError('input', 'names nothing to change');
    return unlessTaken(
      writeDirectory(ctx, async (tx) => {
        const professional = await professionalToChange(tx, ctx, input.id, input.version);
        if (change.roles) assertRolesFit('input.roles', change.roles, professional.organisation);
        if (change.email) await assertFree(tx, 'professional', 'email', change.email, 'input.email', professional.id);
        if (change.subject) await assertFree(tx, 'professional', 'subject', change.subject, 'input.subject', professional.id);
        if (change.roles && !change.roles.includes('ADMIN')) await assertChainStaysKept(tx, professional);
        if (change.roles && !change.roles.some((r) => TEAM_ROLES.includes(r)) && (await teamIdsOf(tx, professional.id)).length > 0) {
          throw new BadUserInputError('input.roles', `she works in a team, which needs one of ${TEAM_ROLES.join(', ')}: take her out of her teams first`);
        }
        if (change.roles && String([...change.roles].sort()) !== String([...professional.roles].sort())) await endGrantsOf(tx, professional.id);
        tx.assign(professional, change);
        return { entity: professional, audit: lineAbout('professional.change', 'U', professional.id, Object.keys(change)) };
      }),
    );
  }

  @Mutation(() => Professional, { nullable: true, description: 'Administrators: she may no longer sign in, from her next request on, and her teams no longer make her organisation involved.' })
  deactivateProfessional(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return this.setActive(ctx, input, false);
  }

  @Mutation(() => Professional, { nullable: true, description: 'Administrators: she may sign in again, with the roles and teams she had.' })
  reactivateProfessional(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return this.setActive(ctx, input, true);
  }

  private setActive(ctx: Context, input: VersionInput, active: boolean) {
    return writeDirectory(ctx, async (tx) => {
      const professional = await professionalToChange(tx, ctx, input.id, input.version);
      assertTransition('professional', PROFESSIONAL_TRANSITIONS, professional.active ? 'ACTIVE' : 'INACTIVE', active ? 'ACTIVE' : 'INACTIVE');
      if (!active) {
        await assertChainStaysKept(tx, professional);
        await endGrantsOf(tx, professional.id);
      }
      professional.active = active;
      return { entity: professional, audit: lineAbout(active ? 'professional.reactivate' : 'professional.deactivate', 'U', professional.id, ['active']) };
    });
  }

  @Mutation(() => Team, { nullable: true, description: `Administrators: a professional of your chain joins one of its teams; her organisation then knows every client of the team. She holds one of ${TEAM_ROLES.join(', ')}.` })
  addTeamMember(@Ctx() ctx: Context, @Arg('input', () => TeamMemberInput) input: TeamMemberInput) {
    return this.changeMembership(ctx, input, true);
  }

  @Mutation(() => Team, { nullable: true, description: 'Administrators: a professional leaves a team of your chain.' })
  removeTeamMember(@Ctx() ctx: Context, @Arg('input', () => TeamMemberInput) input: TeamMemberInput) {
    return this.changeMembership(ctx, input, false);
  }

  private changeMembership(ctx: Context, input: TeamMemberInput, join: boolean) {
    return writeDirectory(ctx, async (tx) => {
      const team = isUuid(input.teamId) ? await tx.findOne(Team, input.teamId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!team) throw new NotFoundError('Team');
      assertInYourChain(ctx, team.municipality.id);
      await expectVersion(tx, team, input.version);
      const professional = await professionalToChange(tx, ctx, input.professionalId);
      const member = (await teamIdsOf(tx, professional.id)).includes(team.id);
      if (join && member) throw new ConflictError('She is already a member of this team');
      if (!join && !member) throw new ConflictError('She is not a member of this team');
      if (join && !professional.roles.some((r) => TEAM_ROLES.includes(r))) {
        throw new BadUserInputError('input.professionalId', `holds none of ${TEAM_ROLES.join(', ')}, the roles that work in a care team`);
      }
      await tx.execute(
        join ? 'insert into team_member (team_id, professional_id) values (?, ?)' : 'delete from team_member where team_id = ? and professional_id = ?',
        [team.id, professional.id],
      );
      // The team's version moves with its members, so a dashboard that shows them knows they changed.
      await tx.execute('update team set version = version + 1 where id = ?', [team.id]);
      await tx.refresh(team);
      return { entity: team, audit: lineAbout(join ? 'team.member.add' : 'team.member.remove', join ? 'C' : 'D', `${team.id} ${professional.id}`, ['members']) };
    });
  }
}

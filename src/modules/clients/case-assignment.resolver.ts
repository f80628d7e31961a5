import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { ConflictError } from '../../common/errors';
import type { Plain } from '../../common/loaders';
import { today } from '../../common/scalars';
import { id } from '../../common/validate';
import { assertOnCareTeam, expectVersion, involvedClientForUpdate, write } from '../../common/write';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { caseManagerOf, endAssignments } from './care-responsibility';
import { CaseAssignment } from './case-assignment.entity';
import { ReassignCaseManagerInput } from './case-assignment.input';
import { Client } from './client.entity';

@Resolver(() => CaseAssignment)
export class CaseAssignmentResolver {
  /**
   * A case manager leaves, goes on leave, or the team divides its caseload anew: her organisation's
   * responsibility for the client stays where it is and passes to a colleague, with the hours agreed
   * for her. Other organisations' assignments of her are theirs.
   */
  @Mutation(() => CaseAssignment, {
    nullable: true,
    description:
      'Case managers: your organisation’s case management of a client on its care team passes, from today, to another of its case managers (with the same hours a week); its current assignments of her end yesterday.',
  })
  async reassignCaseManager(@Ctx() ctx: Context, @Arg('input', () => ReassignCaseManagerInput) input: ReassignCaseManagerInput) {
    const caseManagerId = id('input.caseManagerId', input.caseManagerId);
    return write(ctx, async (tx) => {
      const client = await involvedClientForUpdate(tx, ctx, input.clientId);
      await assertOnCareTeam(tx, ctx, client.id, 'Only an organisation on her care team divides its caseload');
      // Two colleagues passing her on from the same page: the second is told, not silently the last word.
      await expectVersion(tx, client, input.version);
      const organisation = tx.getReference(Organisation, ctx.actor.organisationId);
      const cm = await caseManagerOf(tx, ctx.actor.organisationId, caseManagerId, 'input.caseManagerId', 'your organisation');
      const day = today(ctx.now);
      const current = await tx.find(CaseAssignment, { client, organisation, $or: [{ endedOn: null }, { endedOn: { $gte: day } }] }, { orderBy: { startedOn: 'asc', id: 'asc' } });
      if (current.some((a) => a.professional?.id === cm.id && a.startedOn <= day)) throw new ConflictError('She already is her case manager');
      endAssignments(tx, current, day);
      // Who carries her is hers to version: her row is not otherwise changed by this.
      await tx.execute('update client set version = version + 1 where id = ?', [client.id]);
      const assignment = tx.create(CaseAssignment, {
        client,
        organisation,
        professional: cm,
        startedOn: day,
        ...(current.length ? { minutesPerWeek: current[current.length - 1].minutesPerWeek } : {}),
      });
      return { entity: assignment, audit: { eventType: 'case-assignment.reassign', action: 'U', clientId: client.id, categories: ['BASIC'] } };
    });
  }

  @FieldResolver(() => Professional, { nullable: true, description: 'Her case manager; null when the organisation carries it without naming one.' })
  caseManager(@Root() a: Plain<CaseAssignment>, @Ctx() ctx: Context) {
    return a.professional ? ctx.loaders.one(Professional).load(a.professional.id) : null;
  }

  @FieldResolver(() => Organisation, { description: 'The organisation responsible.' })
  organisation(@Root() a: Plain<CaseAssignment>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(a.organisation.id);
  }

  @FieldResolver(() => Client, { description: 'Whom it is for.' })
  client(@Root() a: Plain<CaseAssignment>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(a.client.id);
  }
}

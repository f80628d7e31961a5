import { Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';

/**
 * Ends the presented token, and clears the tokens past their `exp` while at it: they are refused
 * anyway, and a sign-out is the one moment the table is written, so it never needs a job of its own.
 * An hour late, since the gateway judges `exp` by its own clock and the database by its own: one
 * running ahead must not let an ended token back in for the minutes they differ.
 */
const END_TOKEN = `with expired as (delete from ended_token where expires_at < now() - interval '1 hour')
  insert into ended_token (key, expires_at) values (?, ?) on conflict (key) do nothing`;

@Resolver()
export class SessionResolver {
  @Mutation(() => Boolean, {
    description:
      'Ends the token this request came with: from now on the gateway refuses it (401), though it has not expired. Call it when she signs out, by her own hand or for being away: on a shared computer, a token left behind in the browser must stop opening her clients. True once it has ended, also when it had been: a token already ended may still ask this, and nothing else.',
  })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.em.execute(END_TOKEN, [ctx.token.key, ctx.token.expiresAt], 'run', ctx.em.getLoggerContext());
    return true;
  }
}

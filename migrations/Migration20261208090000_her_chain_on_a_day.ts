import { Migration } from '@mikro-orm/migrations';

/**
 * The chain a woman is in on a day, for the access rules as the monitoring figures already reckon it
 * (`client_chain_periods`, migration …_chain_at_the_time): the chain that registered her until a
 * completed handover moved her to another municipality, that one's from the next day on.
 *
 * Until now the rules read client.municipality_id, the chain that registered her, for good: once
 * she had moved to Arnhem, Nijmegen's procesregie still read her audit trail, reviewed the
 * break-glass grants on her and resolved the signals about her, and Arnhem's, now directing her
 * process, did none of these; an organisation of Nijmegen's chain that did not know her could still
 * break the glass for her, one of Arnhem's could not; and a handover back to Nijmegen was refused as
 * "her own municipality". client.municipality_id stays the chain that registered her: the periods
 * start from it.
 */
export class Migration20261208090000_her_chain_on_a_day extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function client_chain_on(of_client uuid, on_day date) returns uuid language sql stable as $$
      select ch.municipality_id from client_chain_periods(array[of_client]) ch where on_day between ch.first_day and ch.last_day
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function client_chain_on(uuid, date);');
  }
}

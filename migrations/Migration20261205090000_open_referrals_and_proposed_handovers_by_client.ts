import { Migration } from '@mikro-orm/migrations';

/**
 * `is_involved`, `is_involved_beyond_break_glass` and `policy_facts` keep one generic plan per
 * connection, made without knowing the organisation. In it the REFERRAL branch read all of the
 * organisation's open referrals through (referred_by_id, status) and looked for the client among
 * them, and the HANDOVER branch, beside a history of completed handovers, ANDed her handovers with
 * every one proposed to the organisation: each write paid for all the organisation had. On the 10k
 * chain of test/scaling/plans.test.ts, Pro Persona given 500 open referrals and 500 proposed
 * handovers of other women read 500 of each in one call (36 buffers became 47) and 500 of each per
 * woman in a page of ten's facts (322 became 432). Led by the client, and holding only the open and
 * proposed rows, these indexes are smaller than the organisation's and the cheaper in the
 * planner's estimate: the plan reads her rows and no others (32 buffers and 34 after; 282 and
 * 302). The lists ask by organisation and keep the indexes they had. A partial index is not one
 * MikroORM can describe; the entities declare these by name, which is all its schema comparison
 * looks at for them.
 */
const OPEN_REFERRALS_BY_CLIENT = 'referral_client_id_referred_by_id_open_index';
const PROPOSED_HANDOVERS_BY_CLIENT = 'handover_client_id_to_organisation_id_proposed_index';

export class Migration20261205090000_open_referrals_and_proposed_handovers_by_client extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "${OPEN_REFERRALS_BY_CLIENT}" on "referral" ("client_id", "referred_by_id") where "status" = 'OPEN';`);
    this.addSql(`create index "${PROPOSED_HANDOVERS_BY_CLIENT}" on "handover" ("client_id", "to_organisation_id") where "status" = 'PROPOSED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "${PROPOSED_HANDOVERS_BY_CLIENT}";`);
    this.addSql(`drop index "${OPEN_REFERRALS_BY_CLIENT}";`);
  }
}

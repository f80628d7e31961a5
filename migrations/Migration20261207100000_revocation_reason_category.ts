import { Migration } from '@mikro-orm/migrations';

/**
 * Why a client revoked a consent is free text about her ("doesn't want the clinic to know about her
 * relapse"), and was shown to whoever may see her consents, procesregie too, whose role may not see
 * her health or addiction (policy §2). Its writer now says what it is about, as for a referral's
 * reason or handover notes, and it is shown only to who may see that category of her.
 *
 * Revocations recorded before have no category, and get none here: no one can tell now what her
 * words were about, and a label guessed for them could open them to a role that may not see them.
 * Their reasons are withheld from everyone (src/policy/rules.ts). A category comes only with a
 * revocation.
 */
export class Migration20261207100000_revocation_reason_category extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "consent" add column "revocation_reason_category" text check ("revocation_reason_category" in ('BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK')) null;`,
    );
    this.addSql(`alter table "consent" add constraint consent_revocation_reason_category check (revocation_reason_category is null or revoked_at is not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent" drop constraint consent_revocation_reason_category;`);
    this.addSql(`alter table "consent" drop column "revocation_reason_category";`);
  }
}

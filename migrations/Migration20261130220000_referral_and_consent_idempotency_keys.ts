import { Migration } from '@mikro-orm/migrations';

/**
 * Resent after a dropped answer or a double click, a referral of someone new made two of one woman,
 * each counted in the figures; a consent made a twin that still held after the one the client
 * revoked. Their applications may now send a key, as for logged hours and signals.
 */
export class Migration20261130220000_referral_and_consent_idempotency_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "referral" add column "idempotency_key" text null;`);
    this.addSql(`alter table "referral" add constraint "referral_referred_by_professional_id_idempotency_key_unique" unique ("referred_by_professional_id", "idempotency_key");`);
    this.addSql(`alter table "consent" add column "idempotency_key" text null;`);
    this.addSql(`alter table "consent" add constraint "consent_recorded_by_id_idempotency_key_unique" unique ("recorded_by_id", "idempotency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent" drop constraint "consent_recorded_by_id_idempotency_key_unique";`);
    this.addSql(`alter table "consent" drop column "idempotency_key";`);
    this.addSql(`alter table "referral" drop constraint "referral_referred_by_professional_id_idempotency_key_unique";`);
    this.addSql(`alter table "referral" drop column "idempotency_key";`);
  }
}

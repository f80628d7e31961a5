import { Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A token whose holder signed out (`signOut`): refused from then on, though its signature and
 * `exp` would still hold. Care offices share computers, and a token left behind in a browser's
 * memory, its disk cache or a copied clipboard must stop opening her clients when she leaves.
 * Kept until the token expires, when jose refuses it anyway; a sign-out an hour after that clears
 * it (src/modules/sessions/session.resolver.ts says why the hour).
 */
@Entity()
export class EndedToken {
  /**
   * SHA-256 of the token's signed part (header and payload), hex. Not of the whole text: an ECDSA
   * signature can be rewritten into another valid one (s → n − s), so whoever holds the token
   * could present it anew under another text; its signed part cannot change without the key.
   */
  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  endedAt: Opt<Date>;

  /** Its `exp` (with the accepted clock skew): past it the row has nothing left to refuse. */
  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt: Date;
}

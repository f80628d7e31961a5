import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread for one another in conversation (no 0/O, 1/I). */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A pseudonymous client code (KP-7KQ3MA, …), drawn at random. Numbered one after another, codes told
 * whoever saw two of them how many women others had referred in between, and a gap in her own list
 * that a woman she does not know holds that code (policy §1: not involved = not found).
 */
export function drawClientCode(): string {
  return `KP-${Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;
}

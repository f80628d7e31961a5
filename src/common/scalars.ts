import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { dayOf } from './chain-calendar';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as `YYYY-MM-DD`: days of care have no time zone, so none is invented. */
export function parseDay(value: unknown): string {
  if (typeof value !== 'string' || !DAY.test(value)) throw new GraphQLError('Date must be a calendar day written YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  // Year 0000 parses in JavaScript, but the calendar PostgreSQL keeps goes from 1 BC to AD 1.
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value || value.startsWith('0000')) throw new GraphQLError(`Date ${value} does not exist`);
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, written YYYY-MM-DD (ISO 8601), without time or time zone. "Today" is the day in the Netherlands (Europe/Amsterdam), where the chain works.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDay(v)),
  parseValue: parseDay,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
    return parseDay(ast.value);
  },
});

/** Today on the chain's calendar (chain-calendar.ts). */
export function today(now = new Date()): string {
  return dayOf(now);
}

/** The calendar day `n` days after `day` (before, when negative): days, not 24-hour steps, so a clock change cannot skip one. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

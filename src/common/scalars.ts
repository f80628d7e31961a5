import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as `YYYY-MM-DD`: days of care have no time zone, so none is invented. */
export function parseDay(value: unknown): string {
  if (typeof value !== 'string' || !DAY.test(value)) throw new GraphQLError('Date must be a calendar day written YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new GraphQLError(`Date ${value} does not exist`);
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, written YYYY-MM-DD (ISO 8601), without time or time zone.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDay(v)),
  parseValue: parseDay,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
    return parseDay(ast.value);
  },
});

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

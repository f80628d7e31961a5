/** What a request asked PostgreSQL, without which rows: for tests of how many statements a request costs. */

/** A statement without its literals (quoted or dollar-quoted) or numbers: what was asked, not of which rows. */
export const shapeOf = (sql: string) =>
  sql.replace(/ values .*/s, ' values …').replace(/\$(\w*)\$.*?\$\1\$/gs, '?').replace(/'[^']*'/g, '?').replace(/\?(, \?)*/g, '?').replace(/\b\d+\b/g, 'n').replace(/\s+/g, ' ');

export const countByShape = (statements: string[]) => statements.reduce<Record<string, number>>((n, s) => ({ ...n, [shapeOf(s)]: (n[shapeOf(s)] ?? 0) + 1 }), {});

export const shapes = (statements: string[]) => Object.keys(countByShape(statements)).sort();

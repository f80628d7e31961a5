/**
 * The dashboards' documents in operations/ (not the playground's examples), by operation name, so
 * workflow tests send exactly what a dashboard sends — and prove those documents work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import type { GraphQLResponse, TestGateway } from './gateway';

const ROOT = path.join(__dirname, '..', '..', 'operations');

function graphqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'playground' ? [] : graphqlFiles(full);
    return e.name.endsWith('.graphql') ? [full] : [];
  });
}

function index(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const file of graphqlFiles(ROOT)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const def of parse(source).definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION || !def.name) throw new Error(`${file}: every operation needs a name`);
      if (byName.has(def.name.value)) throw new Error(`${file}: operation ${def.name.value} is defined twice`);
      byName.set(def.name.value, source);
    }
  }
  return byName;
}

let documents: Map<string, string> | undefined;

/** The document that holds the operation `name`, e.g. `operation('AcceptHandover')`. */
export function operation(name: string): string {
  documents ??= index();
  const doc = documents.get(name);
  if (!doc) throw new Error(`no operation named ${name} in operations/`);
  return doc;
}

export function operationNames(): string[] {
  documents ??= index();
  return [...documents.keys()].sort();
}

/** The errors of the step itself, not of an echoed field its taker may not read back (a trajectory's outcome, say). */
export const stepErrors = (res: GraphQLResponse) => (res.body.errors ?? []).filter((e) => e.path?.length === 1);

/** A record made through the API, as a dashboard would: `who` sends the operation `op` with `input`; its id and version. */
export async function made(gw: TestGateway, who: string, op: string, input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await (await gw.as(who)).query(operation(op), { input });
  expect(stepErrors(res)).toEqual([]);
  return (res.body.data as Record<string, { id: string; version: number }>)[op[0].toLowerCase() + op.slice(1)];
}

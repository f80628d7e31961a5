/**
 * The dashboards' documents in operations/ (not the playground's examples), by operation name, so
 * workflow tests send exactly what a dashboard sends — and prove those documents work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';

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

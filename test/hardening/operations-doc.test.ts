/** The operators' guide names every setting the gateway reads, so none is a secret to them. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/common/paths';

it('docs/operations.md documents every environment variable of src/config.ts', () => {
  const config = fs.readFileSync(path.join(REPO_ROOT, 'src', 'config.ts'), 'utf8');
  const names = new Set([...config.matchAll(/env\.([A-Z][A-Z0-9_]+)/g), ...config.matchAll(/env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
  expect(names.size).toBeGreaterThan(25);
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  expect([...names].filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
});

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

it('the image in docs/operations.md starts Node as `npm start` does', () => {
  const start = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts.start as string;
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(doc);
  expect(cmd).not.toBeNull();
  expect((JSON.parse(cmd![1]) as string[]).join(' ')).toBe(start);
});

it('docs/operations.md gives the range of every integer setting, as src/config.ts checks it', () => {
  const config = fs.readFileSync(path.join(REPO_ROOT, 'src', 'config.ts'), 'utf8');
  const ranges = [...config.matchAll(/int\(env, '([A-Z][A-Z0-9_]+)', .*?, ([\d_]+), ([\d_]+)\)/g)].map(([, name, min, max]) => ({
    name,
    range: `${Number(min.replace(/_/g, '')).toLocaleString('en-GB')}–${Number(max.replace(/_/g, '')).toLocaleString('en-GB')}`,
  }));
  expect(ranges.length).toBeGreaterThan(25);
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  const rowOf = (name: string) => doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`)) ?? '';
  expect(ranges.filter(({ name, range }) => !rowOf(name).includes(`(${range})`))).toEqual([]);
});

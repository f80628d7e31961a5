/**
 * What a production install (`npm ci --omit=dev`) brings must support the Node it runs on: a
 * package that declares a newer Node is free to start using what only that Node has, in a patch
 * release. `overrides` in package.json keeps Apollo's @graphql-tools below the releases that took
 * up @whatwg-node/promise-helpers 2 (Node >= 22.15); this fails when an upgrade brings such a
 * package back. Development tools may declare more (README, "Two commands").
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { REPO_ROOT } from '../src/common/paths';

interface LockedPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
}

const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

describe('the packages a production install brings', () => {
  const production = Object.entries(lock.packages).filter(([where, p]) => where !== '' && !p.dev);

  it('are locked', () => {
    expect(production.map(([where]) => where)).toEqual(expect.arrayContaining(['node_modules/@apollo/server', 'node_modules/graphql-shield', 'node_modules/@mikro-orm/core']));
  });

  it(`each support this Node (${process.version})`, () => {
    const refusing = production
      .filter(([, p]) => p.engines?.node && !semver.satisfies(process.version, p.engines.node))
      .map(([where, p]) => `${where}@${p.version} wants node ${p.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});

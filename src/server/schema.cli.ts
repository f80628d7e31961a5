/** `npm run schema`: writes schema/schema.graphql from the code (a test fails when it is stale). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../common/paths';
import { printGatewaySchema } from './schema';

async function main(): Promise<void> {
  const file = path.join(REPO_ROOT, 'schema', 'schema.graphql');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await printGatewaySchema());
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

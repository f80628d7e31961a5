/**
 * docs/operations.md §2.6 as an operator follows it: the two blocks of SQL it gives, run under
 * names of this run's own — roles are the whole server's, and other runs may share it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../../src/common/paths';

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
const section = doc.slice(doc.indexOf('### 2.6 Database and roles'), doc.indexOf('## 3. Watching it'));
/** What a superuser runs (the two roles and the database), then what the owner runs once the migrations have (the grants). */
export const [AS_SUPERUSER, AS_OWNER] = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);

export async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

type DocRole = 'ketenpoort_owner' | 'ketenpoort_gateway';

/** The doc's roles and its database `ketenpoort`, named for one test's `database` on `server` (the superuser's URL). */
export class ChainRoles {
  readonly owner: string;
  readonly gateway: string;
  private readonly server: URL;

  constructor(
    server: string,
    readonly database: string,
  ) {
    const suffix = randomBytes(4).toString('hex');
    this.owner = `ketenpoort_owner_${suffix}`;
    this.gateway = `ketenpoort_gateway_${suffix}`;
    this.server = new URL(server);
  }

  /** The doc's SQL in these names. */
  ours(text: string): string {
    return text.replace(/\bketenpoort_owner\b/g, this.owner).replace(/\bketenpoort_gateway\b/g, this.gateway).replace(/\bketenpoort\b/g, this.database);
  }

  /** The doc's SQL in these names, a statement at a time: CREATE DATABASE runs in no transaction block. */
  statements(text: string): string[] {
    return this.ours(text)
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** The database as one of the doc's roles, with the password the doc gives it. */
  url(role: DocRole): string {
    const password = new RegExp(`create role ${role} login password '([^']+)'`).exec(AS_SUPERUSER ?? '')![1];
    return this.urlAs(role === 'ketenpoort_owner' ? this.owner : this.gateway, password);
  }

  /** `database` (by default the test's) as the server's superuser. */
  superuserUrl(database = this.database): string {
    return this.urlAs(decodeURIComponent(this.server.username), decodeURIComponent(this.server.password), database);
  }

  /** The database and both roles gone, as the test found the server. */
  async drop(): Promise<void> {
    await sql(this.superuserUrl('postgres'), `drop database if exists "${this.database}" with (force)`);
    for (const role of [this.gateway, this.owner]) await sql(this.superuserUrl('postgres'), `drop role if exists "${role}"`);
  }

  private urlAs(role: string, password: string, database = this.database): string {
    const url = new URL(`/${database}`, this.server);
    url.username = role;
    url.password = password;
    return url.toString();
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestScope } from '../../common/request-scope';
import { isDatabaseNotAnswering } from '../../db/availability';
import { insertAuditRecords, type AuditBuffer, type AuditRecord } from './audit-buffer';

/** Lines per statement at most: a few dozen pages of 50, so no statement grows without bound. */
const MAX_LINES = 2000;

interface Waiting {
  record: AuditRecord;
  scope: RequestScope | undefined;
  stored: () => void;
  failed: (err: unknown) => void;
}

/**
 * Writes the audit lines that are not part of a change's transaction (reads, refused tokens),
 * several requests' lines in one statement, each request answered only once its own lines are
 * stored (fail closed). The chain's lock (7513, migration …_audit_append_only) lets one insert
 * through at a time whatever the gateway does; requests that would each hold a connection queued
 * at that lock queue here instead while one insert is under way, and then share one statement: one
 * plan, one pass of the chain's statement trigger, one commit and one round trip.
 */
export class AuditWriter {
  private readonly waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly em: EntityManager) {}

  /** Resolves once the buffer's lines are stored; rejects when they cannot be, and the caller withholds its answer. */
  write(buffer: AuditBuffer, scope?: RequestScope): Promise<void> {
    const record = buffer.drain();
    if (!record) return Promise.resolve();
    return new Promise((stored, failed) => {
      this.waiting.push({ record, scope, stored, failed });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const group = this.nextGroup();
      try {
        await this.insert(group);
      } catch (err) {
        // Lines the database refuses must not withhold other requests' answers: each on its own.
        // A database that is away refuses them all alike, and at once; so does one that gave up
        // waiting (the chain's lock held up past the statement timeout): tried one by one, each
        // request would wait that long again, and a group of eight would wait nine timeouts.
        if (group.length === 1 || isDatabaseNotAnswering(err)) for (const w of group) w.failed(err);
        else for (const w of group) await this.insert([w]).catch(w.failed);
      }
    }
    this.writing = false;
  }

  private async insert(group: Waiting[]): Promise<void> {
    await insertAuditRecords(this.em, group.map((w) => w.record));
    for (const w of group) {
      // The statement carried each request's lines: each request counts it among its own.
      w.scope?.countStatements(1);
      w.stored();
    }
  }

  private nextGroup(): Waiting[] {
    let lines = 0;
    let n = 0;
    while (n < this.waiting.length && (n === 0 || lines + this.waiting[n].record.lines.length <= MAX_LINES)) lines += this.waiting[n++].record.lines.length;
    return this.waiting.splice(0, n);
  }
}

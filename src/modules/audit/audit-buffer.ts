import type { EntityManager } from '@mikro-orm/postgresql';
import type { Decision } from '../../policy/decide';
import type { Category } from '../../policy/tables';
import type { AuditAction, AuditOutcome } from './audit-event.entity';
import { AuditEvent } from './audit-event.entity';

export interface RequestOrigin {
  requestId: string;
  networkAddress: string | null;
  application: string | null;
  /** W3C trace context: the request's trace, the gateway's own span, and the caller's span above it. */
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
}

/** Who acted: the signed-in professional, or the one a refused token named. */
export interface AuditedActor {
  professionalId: string;
  organisationId: string;
  roles: readonly string[];
}

export interface AuditEntry {
  eventType: string;
  action: AuditAction;
  outcome: AuditOutcome;
  clientId: string | null;
  categories: string[];
  fields: string[];
  careRelationshipChecked: boolean;
  consentChecked: boolean;
  breakGlassUsed: boolean;
  consentId: string | null;
  grantId: string | null;
  reason: string | null;
}

/**
 * What one request did with client data, gathered while it runs and written in one insert when it
 * ends (NEN 7513): reads of the same client on the same basis fold into one line, and her BASIC
 * data joins her line under consent (`readLines`).
 */
export class AuditBuffer {
  private readonly reads = new Map<string, AuditEntry>();
  private readonly events: AuditEntry[] = [];
  /** Lines set aside for the end of the request (`setAside`). */
  private readonly held: AuditEntry[] = [];
  /** What resolvers threw after recording why they refused (`refuse`). */
  private readonly refusals = new Set<unknown>();
  operationName: string | null = null;
  /** A change of this request committed: its answer may fail now, the change no longer (`write`). */
  changeSaved = false;

  constructor(
    private readonly actor: AuditedActor | null,
    private readonly origin: RequestOrigin,
  ) {}

  /** `category` null: a text of no category (policy/rules.ts), which the line names by its field alone. */
  recordRead(clientId: string, category: Category | null, field: string, decision: Decision): void {
    const outcome: AuditOutcome = decision.granted ? 'GRANTED' : 'DENIED';
    const basis = decision.granted ? decision.basis : decision.reason;
    const ref = decision.granted ? (decision.consentId ?? decision.grantId ?? '') : (decision.consentId ?? '');
    const key = `${clientId}|${outcome}|${basis}|${ref}`;
    let entry = this.reads.get(key);
    if (!entry) {
      entry = {
        eventType: 'client.read',
        action: 'R',
        outcome,
        clientId,
        categories: [],
        fields: [],
        careRelationshipChecked: true,
        consentChecked: decision.consentChecked,
        breakGlassUsed: decision.granted && decision.basis === 'BREAK_GLASS',
        consentId: decision.consentId ?? null,
        grantId: decision.granted ? (decision.grantId ?? null) : null,
        reason: decision.granted ? null : decision.reason,
      };
      this.reads.set(key, entry);
    }
    if (decision.consentChecked) entry.consentChecked = true;
    if (category && !entry.categories.includes(category)) entry.categories.push(category);
    if (!entry.fields.includes(field)) entry.fields.push(field);
  }

  record(entry: Partial<AuditEntry> & Pick<AuditEntry, 'eventType' | 'action' | 'outcome'>): void {
    this.events.push(lineOf(entry));
  }

  /**
   * A lookup through `field` of a client the caller's organisation does not know, answered as one of
   * nobody (policy §1) and a denied access all the same (§7): of her, or of nobody when `clientId` is
   * null (a code no one has). Lookups of one client in one request fold into one line, as her reads do.
   */
  recordLookup(clientId: string | null, field: string): void {
    const key = `${clientId}|lookup`;
    const folded = clientId ? this.reads.get(key) : undefined;
    if (folded) {
      if (!folded.fields.includes(field)) folded.fields.push(field);
      return;
    }
    const line = lineOf({ eventType: 'client.lookup', action: 'R', outcome: 'DENIED', clientId, careRelationshipChecked: true, reason: 'NOT_INVOLVED', fields: [field] });
    if (clientId) this.reads.set(key, line);
    else this.events.push(line);
  }

  /**
   * Records why a resolver refuses, and answers the error it then throws: that call's line is this
   * one, and `recordRefusedCalls` writes no other for it.
   */
  refuse<E extends Error>(entry: Parameters<AuditBuffer['record']>[0], error: E): E {
    this.record(entry);
    this.refusals.add(error);
    return error;
  }

  /** Whether a resolver recorded why it refused before throwing `error`. */
  recordedRefusal(error: unknown): boolean {
    return this.refusals.has(error);
  }

  get size(): number {
    return this.reads.size + this.events.length + this.held.length;
  }

  /**
   * Sets what was recorded so far aside for the end of the request, so that a change's
   * transaction (`flush`) carries only its own lines. Were it rolled back, the lines of what an
   * earlier field of the same operation read and answered would go with it, never written.
   */
  setAside(): void {
    this.held.push(...this.takeCurrent());
  }

  private takeCurrent(): AuditEntry[] {
    const lines = [...this.readLines(), ...this.events];
    this.reads.clear();
    this.events.length = 0;
    return lines;
  }

  /**
   * One line per access of a client (policy §7), not one per basis: her BASIC data, granted on the
   * care relationship alone, joins the line of what was granted under her consent in the same
   * request. That line checked the care relationship too, so it still says truly on what basis
   * each category was seen; a dashboard page leaves one line per client instead of two. A BASIC
   * read stays a line of its own beside a break-glass read (which would claim emergency access for
   * it) and when nothing under consent was read.
   */
  private readLines(): AuditEntry[] {
    const consented = new Map<string, AuditEntry>();
    for (const e of this.reads.values()) {
      if (e.outcome === 'GRANTED' && e.consentId && !e.breakGlassUsed && !consented.has(e.clientId!)) consented.set(e.clientId!, e);
    }
    const lines: AuditEntry[] = [];
    for (const e of this.reads.values()) {
      const host = e.outcome === 'GRANTED' && !e.consentId && !e.grantId ? consented.get(e.clientId!) : undefined;
      if (!host) {
        lines.push(e);
        continue;
      }
      host.categories = [...new Set([...e.categories, ...host.categories])];
      host.fields = [...new Set([...e.fields, ...host.fields])];
    }
    return lines;
  }

  /** Who acted and how the request came: the same on every line of this request. */
  private who(): Partial<AuditEvent> {
    return {
      professionalId: this.actor?.professionalId ?? null,
      // No one acts on another's behalf in the gateway yet: the professional is the responsible one.
      responsibleProfessionalId: this.actor?.professionalId ?? null,
      organisationId: this.actor?.organisationId ?? null,
      roles: [...(this.actor?.roles ?? [])],
      application: this.origin.application,
      networkAddress: this.origin.networkAddress,
      operationName: this.operationName,
      requestId: this.origin.requestId,
      traceId: this.origin.traceId,
      spanId: this.origin.spanId,
      parentSpanId: this.origin.parentSpanId,
    };
  }

  /**
   * What the request has to write, taken out of the buffer: its lines, and who acted and how the
   * request came, once for all of them. Null when there is nothing to write.
   */
  drain(): AuditRecord | null {
    if (this.size === 0) return null;
    const lines = [...this.held.splice(0), ...this.takeCurrent()];
    return { lines, who: this.who() };
  }

  /**
   * Writes what was recorded since `setAside` on `em`: inside a change's own transaction, so that
   * it commits with it, or not at all.
   */
  async flush(em: EntityManager): Promise<void> {
    const lines = this.takeCurrent();
    if (lines.length) await insertAuditRecords(em, [{ lines, who: this.who() }]);
  }
}

function lineOf(entry: Partial<AuditEntry> & Pick<AuditEntry, 'eventType' | 'action' | 'outcome'>): AuditEntry {
  return {
    clientId: null,
    categories: [],
    fields: [],
    careRelationshipChecked: false,
    consentChecked: false,
    breakGlassUsed: false,
    consentId: null,
    grantId: null,
    reason: null,
    ...entry,
  };
}

/** One request's audit lines, and what they share. */
export interface AuditRecord {
  lines: AuditEntry[];
  who: Partial<AuditEvent>;
}

/**
 * One statement for the lines of any number of requests, through `audit_append` (migration
 * …_audit_append_planned_once, whose plan each connection keeps): the lines as one JSON document,
 * what each request's lines share as another, and which request each line belongs to (a page of 50
 * clients leaves fifty lines; the ORM's multi-row insert spent more time quoting values than the
 * database spent storing them). The documents travel as dollar-quoted literals, which need no
 * escaping. `audit_append` names the columns it stores: a new property of a line needs a migration
 * that adds it there too. Throws when they cannot be written: the caller fails closed.
 */
export async function insertAuditRecords(em: EntityManager, records: AuditRecord[]): Promise<void> {
  const column = columnsOf(em);
  const document = (value: object) => {
    const doc: Record<string, unknown> = {};
    for (const [prop, v] of Object.entries(value)) doc[column(prop)] = v;
    return doc;
  };
  const lines: Record<string, unknown>[] = [];
  const owners: number[] = [];
  records.forEach((record, i) => {
    for (const line of record.lines) {
      lines.push(document(line));
      owners.push(i + 1);
    }
  });
  const whos = records.map((record) => document(record.who));
  await em.execute(
    `/* audit lines */ select audit_append(${dollarQuoted(JSON.stringify(lines))}::json, ${dollarQuoted(JSON.stringify(whos))}::json, '{${owners.join(',')}}'::int[])`,
    [],
    'run',
    em.getLoggerContext(),
  );
}

let columnOf: ((prop: string) => string) | undefined;

/** The column of each property of an audit line, from the entity's metadata. */
function columnsOf(em: EntityManager): (prop: string) => string {
  if (!columnOf) {
    const meta = em.getMetadata().get(AuditEvent.name);
    const columns = new Map(meta.props.map((p) => [p.name as string, p.fieldNames[0]]));
    columnOf = (prop) => {
      const column = columns.get(prop);
      if (!column) throw new Error(`audit_event has no column for ${prop}`);
      return column;
    };
  }
  return columnOf;
}

/** `text` as a dollar-quoted SQL literal, under a tag it does not contain. */
function dollarQuoted(text: string): string {
  let tag = '$j$';
  for (let n = 0; text.includes(tag); n++) tag = `$j${n}$`;
  return `${tag}${text}${tag}`;
}

import DataLoader from 'dataloader';
import type { Actor } from '../auth/actor';
import type { Loaders } from '../common/loaders';
import type { AuditBuffer } from '../modules/audit/audit-buffer';
import { consentsOfClient, toConsentFact } from '../modules/consents/consent-facts';
import { ClientFacts, Decision, InvolvementBasis, decide, involvedByBreakGlass, involvementEnds } from './decide';
import type { Category, DenyReason } from './tables';

interface FactRow {
  client_id: string;
  basis: InvolvementBasis | null;
  grant_id: string | null;
  professional_id: string | null;
  started_ms: number | null;
  expires_ms: number | null;
  basis_until_ms: number | null;
}

/**
 * The policy's facts about clients, for one caller and one request, loaded in batches (two
 * statements for a whole page of clients, the consents shared with the `consents` field) and asked
 * of the pure policy. Nothing here outlives the request: a revoked consent takes effect on the
 * very next one.
 */
export class ClientAccess {
  private readonly facts: DataLoader<string, ClientFacts>;
  private readonly decisions = new Map<string, Promise<Decision>>();

  constructor(
    private readonly actor: Actor,
    private readonly loaders: Loaders,
    private readonly now: Date,
    private readonly audit: AuditBuffer,
  ) {
    this.facts = new DataLoader((ids) => this.loadFacts(ids));
  }

  private async loadFacts(ids: readonly string[]): Promise<ClientFacts[]> {
    const { organisationId } = this.actor;
    const clients = `{${ids.join(',')}}`;
    const [rows, consents] = await Promise.all([
      // Per client, one basis of involvement other than break-glass and until when it holds, and
      // the organisation's grants that have not ended: a running one is its BREAK_GLASS basis, and
      // the policy needs the grant. A function the database plans once per connection
      // (`policy_facts`, migrations/Migration20261129150000_planned_once_per_connection.ts,
      // migrations/Migration20261206090000_until_involvement_ends.ts).
      this.loaders.sql<FactRow>(
        `/* policy facts */ select client_id, basis, grant_id, professional_id, started_ms, expires_ms, basis_until_ms from policy_facts(?, ?::uuid[], ?)`,
        [organisationId, clients, this.now],
      ),
      consentsOfClient(this.loaders).loadMany(ids),
    ]);
    return ids.map((id, i) => {
      const ofClient = consents[i];
      if (ofClient instanceof Error) throw ofClient;
      const mine = rows.filter((r) => r.client_id === id);
      const breakGlass = mine
        .filter((r) => r.grant_id)
        .map((r) => ({ id: r.grant_id!, professionalId: r.professional_id!, organisationId, startedAt: new Date(r.started_ms!), expiresAt: new Date(r.expires_ms!) }));
      const involved = mine.find((r) => r.basis);
      const facts = {
        involvement: [...(involved ? [involved.basis!] : []), ...(involvedByBreakGlass(organisationId, breakGlass, this.now) ? (['BREAK_GLASS'] as const) : [])],
        consents: ofClient.map(toConsentFact),
        breakGlass,
      };
      const basisUntil = involved?.basis_until_ms == null ? null : new Date(involved.basis_until_ms);
      return { ...facts, involvedUntil: involvementEnds(organisationId, facts, basisUntil, this.now) };
    });
  }

  /** The decision alone, without an audit line: for the caller's own `access` overview. */
  decide(clientId: string, category: Category): Promise<Decision> {
    // A page asks the same question for every field of every consent, trajectory and handover of
    // a client: decide it once per request (the facts cannot change but through `clear`).
    const key = `${clientId}|${category}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = this.facts.load(clientId).then((facts) => decide(this.actor, facts, category, this.now));
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** Decide a read of `field` and audit it, granted or denied. */
  async checkRead(clientId: string, category: Category, field: string): Promise<Decision> {
    const decision = await this.decide(clientId, category);
    this.record(clientId, category, field, decision);
    return decision;
  }

  /**
   * A read of `field` that the caller's role is refused before her data is even decided (a field
   * only some roles read, a text of no category): audited as the denied attempt it is (policy §3),
   * and answered as `checkRead` answers one of a client the caller's organisation does not know
   * (§1) — whether it knows her is the same question whatever the category, so it is asked as of
   * her BASIC data.
   */
  async refuseRead(clientId: string, category: Category | null, field: string, reason: DenyReason): Promise<Decision> {
    const decided = await this.decide(clientId, 'BASIC');
    const refused: Decision = !decided.granted && decided.reason === 'NOT_INVOLVED' ? decided : { granted: false, reason, consentChecked: false };
    this.record(clientId, category, field, refused);
    return refused;
  }

  /**
   * A client the caller's organisation does not know was looked up, not read: wherever she was
   * reached (a break-glass grant in the review), the line `client(id)` leaves for her.
   */
  private record(clientId: string, category: Category | null, field: string, decision: Decision): void {
    if (!decision.granted && decision.reason === 'NOT_INVOLVED') this.audit.recordLookup(clientId, field);
    else this.audit.recordRead(clientId, category, field, decision);
  }

  /**
   * Of clients, or things under clients (handovers, signals, referrals), those whose client's BASIC
   * data the caller may see now, each read audited as `field`: a root field's entry point for types
   * whose fields are decided where they are reached (`reachedOnlyThrough`).
   */
  async readable<T>(items: readonly T[], field: string, clientOf: (item: T) => string = (item) => (item as { client: { id: string } }).client.id): Promise<T[]> {
    const decisions = await Promise.all(items.map((item) => this.checkRead(clientOf(item), 'BASIC', field)));
    return items.filter((_, i) => decisions[i].granted);
  }

  async isInvolved(clientId: string): Promise<boolean> {
    return (await this.facts.load(clientId)).involvement.length > 0;
  }

  /** Forget what this request loaded, after a mutation changed the facts. */
  clear(clientId?: string): void {
    const consents = consentsOfClient(this.loaders);
    this.decisions.clear();
    if (clientId) {
      this.facts.clear(clientId);
      consents.clear(clientId);
    } else {
      this.facts.clearAll();
      consents.clearAll();
    }
  }
}

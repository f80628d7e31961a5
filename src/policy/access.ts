import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Actor } from '../auth/actor';
import type { Loaders } from '../common/loaders';
import type { AuditBuffer } from '../modules/audit/audit-buffer';
import { BreakGlassGrant } from '../modules/break-glass/break-glass-grant.entity';
import { consentsOfClient, toConsentFact } from '../modules/consents/consent-facts';
import { ClientFacts, Decision, InvolvementBasis, decide } from './decide';
import type { Category } from './tables';

/**
 * The policy's facts about clients, for one caller and one request, loaded in batches (three
 * statements for a whole page of clients, the consents shared with the `consents` field) and asked
 * of the pure policy. Nothing here outlives the request: a revoked consent takes effect on the
 * very next one.
 */
export class ClientAccess {
  private readonly facts: DataLoader<string, ClientFacts>;
  private readonly decisions = new Map<string, Promise<Decision>>();

  constructor(
    private readonly actor: Actor,
    private readonly em: EntityManager,
    private readonly loaders: Loaders,
    private readonly now: Date,
    private readonly audit: AuditBuffer,
  ) {
    this.facts = new DataLoader((ids) => this.loadFacts(ids));
  }

  private async loadFacts(ids: readonly string[]): Promise<ClientFacts[]> {
    const { organisationId } = this.actor;
    const [involvement, consents, grants] = await Promise.all([
      this.em.getConnection().execute<{ client_id: string; basis: InvolvementBasis }[]>(
        'select client_id, basis from client_involvement where organisation_id = ? and client_id = any(?::uuid[])',
        [organisationId, `{${ids.join(',')}}`],
      ),
      consentsOfClient(this.loaders).loadMany(ids),
      this.loaders.rows(BreakGlassGrant, { client: { $in: [...ids] }, organisation: organisationId, expiresAt: { $gt: this.now } }),
    ]);
    return ids.map((id, i) => {
      const ofClient = consents[i];
      if (ofClient instanceof Error) throw ofClient;
      return {
        involvement: [...new Set(involvement.filter((r) => r.client_id === id).map((r) => r.basis))],
        consents: ofClient.map(toConsentFact),
        breakGlass: grants
          .filter((g) => g.client.id === id)
          .map((g) => ({ id: g.id, professionalId: g.professional.id, organisationId: g.organisation.id, startedAt: g.startedAt, expiresAt: g.expiresAt })),
      };
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
    if (decision.granted || decision.reason !== 'NOT_INVOLVED') this.audit.recordRead(clientId, category, field, decision);
    return decision;
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

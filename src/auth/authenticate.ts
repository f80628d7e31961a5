import http from 'node:http';
import https from 'node:https';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import type { Config } from '../config';
import { ServiceUnavailableError, UnauthenticatedError, type AuthFailure } from '../common/errors';
import type { OrganisationKind } from '../modules/organisations/organisation.entity';
import type { Role } from '../policy/tables';
import type { Actor } from './actor';
import { DEV_ALGORITHM, devKeyPair } from './keys';

/**
 * The professional a token's subject names, with her organisation and teams, in one statement:
 * every request asks it first, so it is a function the database plans once per connection
 * (`caller_of`, migrations/Migration20261129150000_planned_once_per_connection.ts) rather than
 * the ORM's populate. Named in a comment, as the policy's own statements are, for whoever reads
 * the database's logs (and for bench/page-cost.ts).
 */
const ACTOR_SQL = `/* caller */ select id, organisation_id, kind, municipality_id, roles, name, email, active, team_ids from caller_of(?)`;

interface ProfessionalRow {
  id: string;
  organisation_id: string;
  kind: OrganisationKind;
  municipality_id: string | null;
  roles: Role[];
  name: string;
  email: string;
  active: boolean;
  team_ids: string[];
}

export type Authenticate = (authorization: string | undefined, em: EntityManager) => Promise<Actor>;

/** Algorithms an OIDC provider may sign with; `none` and symmetric ones are never accepted. */
const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** A forged signature and a wrong audience deserve different looks from whoever reads the audit log. */
function refusal(err: unknown): AuthFailure {
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'SIGNATURE_INVALID';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return 'CLAIMS_INVALID';
  return 'TOKEN_INVALID';
}

/** How long a verified token is remembered at most (see `subjectOf`). */
const VERIFIED_FOR_SECONDS = 5 * 60;

/**
 * Tokens whose signature and claims were checked, by their exact text, until they expire and for
 * `VERIFIED_FOR_SECONDS` at most (see `subjectOf`): a dashboard sends the same token with every
 * request, and checking an ES256 or RS256 signature anew cost more Node time than a client
 * detail's own resolvers (bench/RESULTS.md). Only what the token itself says is remembered; the
 * professional is looked up on every request, so a deactivated one is refused at once. Bounded:
 * the oldest entry makes way.
 */
class VerifiedTokens {
  private readonly subjects = new Map<string, { subject: string; untilSeconds: number }>();

  constructor(private readonly capacity: number) {}

  subjectOf(token: string, nowSeconds: number): string | undefined {
    const verified = this.subjects.get(token);
    if (verified && nowSeconds < verified.untilSeconds) return verified.subject;
    if (verified) this.subjects.delete(token);
    return undefined;
  }

  remember(token: string, subject: string, untilSeconds: number): void {
    if (this.subjects.size >= this.capacity) this.subjects.delete(this.subjects.keys().next().value!);
    this.subjects.set(token, { subject, untilSeconds });
  }
}

/** How long fetching the identity provider's key set may take, body and all: past it, 503. */
const KEY_SET_WITHIN_MS = 3000;

/**
 * jose 5 bounds a key-set fetch only until the response's headers come (`timeoutDuration`): a
 * provider, or a proxy in front of it, that sent them and then stalled the body held the one fetch
 * every verification waits on for ever — each waiting request keeping its admission turn, until
 * none was left for anyone. Each connection of this agent is destroyed once it has been open `ms`,
 * whatever it is doing, so a fetch ends within that time and fails as a provider out of reach.
 */
function agentWithDeadline(url: URL, ms: number): http.Agent {
  const agent = url.protocol === 'https:' ? new https.Agent() : new http.Agent();
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = connect(options, callback);
    const deadline = setTimeout(() => socket?.destroy(new Error(`the identity provider's key set did not come within ${ms} ms`)), ms);
    deadline.unref();
    socket?.once('close', () => clearTimeout(deadline));
    return socket;
  };
  return agent;
}

export async function createAuthenticator(config: Config): Promise<Authenticate> {
  const { auth } = config;
  let key: KeyLike | JWTVerifyGetKey;
  let issuer: string;
  let algorithms: string[];
  const remote = Boolean(auth.oidcIssuer && auth.jwksUrl);
  if (auth.oidcIssuer && auth.jwksUrl) {
    const url = new URL(auth.jwksUrl);
    key = createRemoteJWKSet(url, { timeoutDuration: KEY_SET_WITHIN_MS, cooldownDuration: 30000, agent: agentWithDeadline(url, KEY_SET_WITHIN_MS) });
    issuer = auth.oidcIssuer;
    algorithms = OIDC_ALGORITHMS;
  } else {
    key = (await devKeyPair(config.dataDir)).publicKey;
    issuer = auth.devIssuer;
    algorithms = [DEV_ALGORITHM];
  }

  const verified = new VerifiedTokens(10_000);
  /** The token's subject once its signature and claims hold; throws the refusal otherwise. */
  async function subjectOf(token: string): Promise<string> {
    const known = verified.subjectOf(token, Date.now() / 1000);
    if (known) return known;
    const { payload } = await jwtVerify(token, key as KeyLike, {
      issuer,
      audience: auth.audience,
      algorithms,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: auth.clockToleranceSeconds,
    });
    // jose 5 checks that `sub` is present, not that it is the string RFC 7519 makes it: a number
    // would reach the professional lookup as one (500), and a list holding a subject would be
    // taken for that subject. Refused as any claim that does not hold.
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new joseErrors.JWTClaimValidationFailed('"sub" claim must be a string', payload, 'sub', 'check_failed');
    // jose accepts a token until `exp` plus the tolerance; so does the cache, and not a second
    // longer. Nor for more than 5 minutes, half as long as jose keeps a provider's key set without
    // asking again (10 minutes): a key the provider withdraws stops vouching for cached tokens no
    // later than jose itself would stop trusting it.
    const nowSeconds = Date.now() / 1000;
    verified.remember(token, payload.sub!, Math.min(payload.exp! + auth.clockToleranceSeconds, nowSeconds + VERIFIED_FOR_SECONDS));
    return payload.sub!;
  }

  return async function authenticate(authorization, em) {
    // The scheme's name is case-insensitive (RFC 7235 §2.1): `bearer …` is as good as `Bearer …`.
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError(undefined, authorization ? 'MALFORMED_TOKEN' : 'NO_TOKEN');
    let subject: string;
    try {
      subject = await subjectOf(match[1]);
    } catch (err) {
      // An identity provider that cannot be reached is our outage, not the caller's bad token:
      // a timeout, a failed fetch (not a JOSE error at all), a key set that is not served, or
      // something else served where it should be (a maintenance notice in JSON).
      const providerDown =
        err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || !(err instanceof joseErrors.JOSEError) || err.code === 'ERR_JOSE_GENERIC';
      if (remote && providerDown) throw new ServiceUnavailableError('The identity provider cannot be reached');
      if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The token has expired', 'TOKEN_EXPIRED');
      throw new UnauthenticatedError('The token is not valid', refusal(err));
    }
    const [professional] = await em.execute<ProfessionalRow[]>(ACTOR_SQL, [subject], 'all', em.getLoggerContext());
    if (!professional) throw new UnauthenticatedError('The token is not valid', 'UNKNOWN_PROFESSIONAL');
    if (!professional.active) {
      const who = { professionalId: professional.id, organisationId: professional.organisation_id, roles: professional.roles };
      throw new UnauthenticatedError('The token is not valid', 'PROFESSIONAL_INACTIVE', who);
    }
    return {
      professionalId: professional.id,
      organisationId: professional.organisation_id,
      organisationKind: professional.kind,
      municipalityId: professional.municipality_id,
      roles: professional.roles,
      name: professional.name,
      email: professional.email,
      teamIds: professional.team_ids,
    };
  };
}

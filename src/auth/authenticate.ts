import { createHash } from 'node:crypto';
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
 * The professional a token's subject names, with her organisation and teams, and whether the token
 * was ended by a sign-out, in one statement: every request asks it first, so it is a function the
 * database plans once per connection (`caller_of`, migrations/Migration20261212090000_ended_tokens.ts) rather than
 * the ORM's populate. Named in a comment, as the policy's own statements are, for whoever reads
 * the database's logs (and for bench/page-cost.ts).
 */
const ACTOR_SQL = `/* caller */ select id, organisation_id, kind, municipality_id, roles, name, email, active, team_ids, ended from caller_of(?, ?)`;

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
  /** Whether this very token was ended by a sign-out (modules/sessions). */
  ended: boolean;
}

/** The token a request came with, as a sign-out needs it: what names it, and until when it holds. */
export interface PresentedToken {
  /** SHA-256 of its signed part, hex (`EndedToken.key` says why not of its whole text). */
  key: string;
  /** Its `exp` with the accepted clock skew: when the gateway stops accepting it anyway. */
  expiresAt: Date;
}

/** `mayBeEnded`: asked of a token its holder ended, whether this request may still come with it. */
export type Authenticate = (authorization: string | undefined, em: EntityManager, mayBeEnded?: () => boolean) => Promise<{ actor: Actor; token: PresentedToken }>;

function keyOf(token: string): string {
  return createHash('sha256').update(token.slice(0, token.lastIndexOf('.'))).digest('hex');
}

/** Algorithms an OIDC provider may sign with; `none` and symmetric ones are never accepted. */
const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** A forged signature and a wrong audience deserve different looks from whoever reads the audit log. */
function refusal(err: unknown): AuthFailure {
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'SIGNATURE_INVALID';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return 'CLAIMS_INVALID';
  return 'TOKEN_INVALID';
}

/** How long a verified token is remembered at most (see `verify`). */
const VERIFIED_FOR_SECONDS = 5 * 60;

interface Verified {
  subject: string;
  token: PresentedToken;
}

/**
 * Tokens whose signature and claims were checked, by their exact text, until they expire and for
 * `VERIFIED_FOR_SECONDS` at most (see `verify`): a dashboard sends the same token with every
 * request, and checking an ES256 or RS256 signature anew cost more Node time than a client
 * detail's own resolvers (bench/RESULTS.md). Only what the token itself says is remembered; the
 * professional, and whether the token was ended by a sign-out, are looked up on every request, so
 * a deactivated one or a signed-out token is refused at once. Bounded: the oldest entry makes way.
 */
class VerifiedTokens {
  private readonly tokens = new Map<string, Verified & { untilSeconds: number }>();

  constructor(private readonly capacity: number) {}

  find(token: string, nowSeconds: number): Verified | undefined {
    const verified = this.tokens.get(token);
    if (verified && nowSeconds < verified.untilSeconds) return verified;
    if (verified) this.tokens.delete(token);
    return undefined;
  }

  remember(token: string, verified: Verified, untilSeconds: number): void {
    if (this.tokens.size >= this.capacity) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, { ...verified, untilSeconds });
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
  /** The token's subject, and what names it, once its signature and claims hold; throws the refusal otherwise. */
  async function verify(token: string): Promise<Verified> {
    const known = verified.find(token, Date.now() / 1000);
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
    const acceptedUntil = payload.exp! + auth.clockToleranceSeconds;
    const checked = { subject: payload.sub, token: { key: keyOf(token), expiresAt: new Date(acceptedUntil * 1000) } };
    verified.remember(token, checked, Math.min(acceptedUntil, Date.now() / 1000 + VERIFIED_FOR_SECONDS));
    return checked;
  }

  return async function authenticate(authorization, em, mayBeEnded) {
    // The scheme's name is case-insensitive (RFC 7235 §2.1): `bearer …` is as good as `Bearer …`.
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError(undefined, authorization ? 'MALFORMED_TOKEN' : 'NO_TOKEN');
    let presented: Verified;
    try {
      presented = await verify(match[1]);
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
    const [professional] = await em.execute<ProfessionalRow[]>(ACTOR_SQL, [presented.subject, presented.token.key], 'all', em.getLoggerContext());
    if (!professional) throw new UnauthenticatedError('The token is not valid', 'UNKNOWN_PROFESSIONAL');
    const who = { professionalId: professional.id, organisationId: professional.organisation_id, roles: professional.roles };
    if (!professional.active) throw new UnauthenticatedError('The token is not valid', 'PROFESSIONAL_INACTIVE', who);
    // Told apart from a bad token only in the audit log: someone using a token after its holder
    // signed out, on a computer she shared, is worth a look. Signing out once more is not (`signsOutOnly`).
    if (professional.ended && !mayBeEnded?.()) throw new UnauthenticatedError('The token is not valid', 'TOKEN_ENDED', who);
    const actor = {
      professionalId: professional.id,
      organisationId: professional.organisation_id,
      organisationKind: professional.kind,
      municipalityId: professional.municipality_id,
      roles: professional.roles,
      name: professional.name,
      email: professional.email,
      teamIds: professional.team_ids,
    };
    return { actor, token: presented.token };
  };
}

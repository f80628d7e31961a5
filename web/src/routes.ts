/**
 * The pages, addressed by the URL fragment (#/caseload, #/clients/<id>), and which of them a
 * professional's roles open. The menu follows the same policy tables the gateway enforces
 * (src/policy/policy-tables.json); it only spares people pages that would show them nothing,
 * the gateway decides what they get.
 */
import { useEffect, useState } from 'react';
import tables from '../../src/policy/policy-tables.json';
import type { MessageKey } from './i18n/messages.nl';

export type Route =
  | { page: 'caseload' }
  | { page: 'client'; id: string }
  | { page: 'inbox' }
  | { page: 'referrals' }
  | { page: 'monitoring' }
  | { page: 'budget' }
  | { page: 'directory' }
  | { page: 'review' }
  | { page: 'home' };

type MenuPage = 'caseload' | 'inbox' | 'referrals' | 'review' | 'monitoring' | 'budget' | 'directory';

const ROLE_CAPS = tables.roleCaps as Record<string, string[]>;

/** Roles that see any client at all (BASIC in their cap), as `mayReadClients` on the gateway. */
export function readsClients(roles: readonly string[]): boolean {
  return roles.some((r) => ROLE_CAPS[r]?.includes('BASIC'));
}

/** Roles that see aggregates (policy §5). */
export function readsAggregates(roles: readonly string[]): boolean {
  return roles.some((r) => tables.aggregateRoles.includes(r));
}

/** The receiving organisation answers a handover through the roles the gateway lets answer (handoverAnswerRoles). */
export function answersHandovers(roles: readonly string[]): boolean {
  return roles.some((r) => tables.handoverAnswerRoles.includes(r));
}

/** The municipality's own money is for its policy officers and analysts, not procesregie (funding.rules.ts). */
export function readsBudget(roles: readonly string[]): boolean {
  return roles.includes('POLICY_OFFICER') || roles.includes('ANALYST');
}

/** A client's caseload is divided among her organisation's colleagues by its case managers, and only by them (client.rules.ts). */
export function dividesCaseload(roles: readonly string[]): boolean {
  return roles.includes('CASE_MANAGER');
}

/**
 * Procesregie reviews the chain's emergency access (break-glass.rules.ts, `directsAProcess`). The role
 * is held only where the chain's process is directed from (the directory refuses it elsewhere), so
 * the role alone says it.
 */
export function reviewsBreakGlass(roles: readonly string[]): boolean {
  return roles.includes('PROCESS_DIRECTOR');
}

/**
 * Case managers record a client's care with her, and only they: the time they spend on her
 * (activity.rules.ts), her consents and objections (consent.rules.ts), her trajectories
 * (trajectory.rules.ts) and the handovers of her care (handover.rules.ts).
 */
export function recordsCare(roles: readonly string[]): boolean {
  return roles.includes('CASE_MANAGER');
}

/** Her consents are read by those who keep them with her: case managers and procesregie (consent.rules.ts). */
export function readsConsents(roles: readonly string[]): boolean {
  return roles.includes('CASE_MANAGER') || roles.includes('PROCESS_DIRECTOR');
}

/**
 * A signal is resolved by the organisation that raised it or by procesregie of her chain
 * (signal.resolver.ts); the gateway decides which chain that is.
 */
export function mayResolveSignal(me: { roles: readonly string[]; organisation: { id: string } }, raisedBy: { id: string }): boolean {
  return raisedBy.id === me.organisation.id || me.roles.includes('PROCESS_DIRECTOR');
}

/**
 * Her audit trail is read by her own case managers and by procesregie (audit-trail.rules.ts); the
 * gateway lets procesregie of her own chain only.
 */
export function readsTrail(me: { id: string; roles: readonly string[] }, caseManagers: readonly { id: string }[]): boolean {
  return me.roles.includes('PROCESS_DIRECTOR') || (me.roles.includes('CASE_MANAGER') && caseManagers.some((c) => c.id === me.id));
}

/** The municipality's permit officers issue and revoke zone registrations, and only they (zone-registration.rules.ts). */
export function keepsRegistrations(roles: readonly string[]): boolean {
  return roles.includes('PERMIT_OFFICER');
}

/** Partners who refer someone to a team, and withdraw their referral: case managers, clinicians, procesregie (referral.rules.ts). */
export function refers(roles: readonly string[]): boolean {
  return roles.some((r) => r === 'CASE_MANAGER' || r === 'CLINICIAN' || r === 'PROCESS_DIRECTOR');
}

/** The team's case managers decide on a referral to it (referral.rules.ts; which team, the gateway checks). */
export function decidesReferrals(roles: readonly string[]): boolean {
  return roles.includes('CASE_MANAGER');
}

/** The chain's directory is kept by its administrator, and only by her (organisation.rules.ts). */
export function keepsDirectory(roles: readonly string[]): boolean {
  return roles.includes('ADMIN');
}

export function menu(roles: readonly string[]): { page: MenuPage; label: MessageKey }[] {
  const items: { page: MenuPage; label: MessageKey }[] = [];
  if (readsClients(roles)) items.push({ page: 'caseload', label: 'nav.caseload' }, { page: 'inbox', label: 'nav.inbox' }, { page: 'referrals', label: 'nav.referrals' });
  if (reviewsBreakGlass(roles)) items.push({ page: 'review', label: 'nav.review' });
  if (readsAggregates(roles)) items.push({ page: 'monitoring', label: 'nav.monitoring' });
  if (readsBudget(roles)) items.push({ page: 'budget', label: 'nav.budget' });
  if (keepsDirectory(roles)) items.push({ page: 'directory', label: 'nav.directory' });
  return items;
}

export function parseRoute(hash: string): Route {
  let parts: string[];
  try {
    parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    // No valid percent-encoding (#/clients/%E0, from a link anyone can send): decodeURIComponent
    // throws, and thrown during App's render it left a blank page, sign-out and all, until the
    // address was edited by hand. Such an address names no page: home.
    return { page: 'home' };
  }
  switch (parts[0]) {
    case 'caseload':
    case 'inbox':
    case 'referrals':
    case 'monitoring':
    case 'budget':
    case 'directory':
    case 'review':
      return { page: parts[0] };
    case 'clients':
      return parts[1] ? { page: 'client', id: parts[1] } : { page: 'caseload' };
    default:
      return { page: 'home' };
  }
}

export function href(route: Route): string {
  return route.page === 'client' ? `#/clients/${encodeURIComponent(route.id)}` : route.page === 'home' ? '#/' : `#/${route.page}`;
}

/** Where a history entry's state keeps the sign-in it was opened under. */
const MARK = 'ketenpoortSignIn';

function markOf(state: unknown): string | null | undefined {
  return state !== null && typeof state === 'object' && MARK in state ? (state as Record<string, string | null>)[MARK] : undefined;
}

/**
 * The page the address names, for the sign-in `owner` (null: nobody is signed in). Each history
 * entry is marked with the sign-in it was opened under. An entry of another one — the client the
 * previous person left in the address bar, or one Back leads to — opens home instead and is
 * rewritten to it: signing in starts at home, and a page opened before it is never reopened (nor
 * requested, nor audited) in someone else's name.
 */
export function useRoute(owner: string | null): Route {
  const [, setVisits] = useState(0);
  useEffect(() => {
    const onChange = () => setVisits((n) => n + 1);
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
    };
  }, []);
  useEffect(() => {
    const mark = markOf(window.history.state);
    if (mark === owner) return;
    // An unmarked entry was opened just now (a link, a typed address): it is the owner's.
    window.history.replaceState({ [MARK]: owner }, '', mark === undefined ? undefined : href({ page: 'home' }));
  });
  const mark = markOf(window.history.state);
  return mark !== undefined && mark !== owner ? { page: 'home' } : parseRoute(window.location.hash);
}

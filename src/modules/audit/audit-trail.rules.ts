import { hasRole, structural, type Rules } from '../../policy/rules';

/** Her case managers and the process director (policy §7); the resolver narrows it to her own, and her chain's. */
const trailReaders = hasRole('CASE_MANAGER', 'PROCESS_DIRECTOR');

export const auditTrailRules: Rules = {
  Query: { auditTrail: trailReaders },
  AuditEvent: { '*': trailReaders },
  AuditEventConnection: { '*': structural },
  AuditEventEdge: { '*': structural },
};

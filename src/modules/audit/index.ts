import { AuditTrailResolver } from './audit-trail.resolver';
import { auditTrailRules } from './audit-trail.rules';

export const auditModule = { resolvers: [AuditTrailResolver], rules: auditTrailRules };

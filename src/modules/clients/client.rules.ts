import { clientCategory, hasRole, itsClient, mayReadClients, reachedOnlyThrough, structural, type Rules } from '../../policy/rules';

export const clientRules: Rules = {
  Query: { clients: mayReadClients, client: mayReadClients },
  // Her caseload is divided by case managers (policy §6), of an organisation on her care team (the resolver).
  Mutation: { reassignCaseManager: hasRole('CASE_MANAGER') },
  Client: {
    // Every field that returns a client decides her BASIC data for it, once: the root fields in
    // their resolvers (ClientAccess.readable), the others by the rule on that very field.
    '*': reachedOnlyThrough(
      'Query.client',
      'ClientEdge.node',
      'BreakGlassGrant.client',
      'Handover.client',
      'Referral.client',
      'Signal.client',
      'Trajectory.client',
      'CaseAssignment.client',
    ),
    identity: clientCategory('IDENTITY'),
    contact: clientCategory('CONTACT'),
    health: clientCategory('HEALTH'),
    addiction: clientCategory('ADDICTION'),
    housing: clientCategory('HOUSING'),
    justice: clientCategory('JUSTICE'),
    finance: clientCategory('FINANCE'),
  },
  ClientIdentity: { '*': reachedOnlyThrough('Client.identity') },
  ClientContact: { '*': reachedOnlyThrough('Client.contact') },
  ClientHealth: { '*': reachedOnlyThrough('Client.health') },
  ClientAddiction: { '*': reachedOnlyThrough('Client.addiction') },
  ClientHousing: { '*': reachedOnlyThrough('Client.housing') },
  ClientJustice: { '*': reachedOnlyThrough('Client.justice') },
  ClientFinance: { '*': reachedOnlyThrough('Client.finance') },
  CaseAssignment: { '*': reachedOnlyThrough('Mutation.reassignCaseManager'), client: itsClient },
  CategoryAccess: { '*': structural },
  ClientConnection: { '*': structural },
  ClientEdge: { '*': structural },
  PageInfo: { '*': structural },
};

import { clientCategory, mayReadClients, reachedOnlyThrough, structural, type Rules } from '../../policy/rules';

const basic = clientCategory('BASIC');

export const clientRules: Rules = {
  Query: { clients: mayReadClients, client: mayReadClients },
  Client: {
    '*': basic,
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
  CategoryAccess: { '*': structural },
  ClientConnection: { '*': structural },
  ClientEdge: { '*': structural },
  PageInfo: { '*': structural },
};

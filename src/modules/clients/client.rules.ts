import { clientCategory, mayReadClients, structural, type Rules } from '../../policy/rules';

/** Types reachable only through a category field of `Client` that guards them (schema test checks). */
export const GUARDED_BY_PARENT: Record<string, string[]> = {
  ClientIdentity: ['Client.identity'],
  ClientContact: ['Client.contact'],
  ClientHealth: ['Client.health'],
  ClientAddiction: ['Client.addiction'],
  ClientHousing: ['Client.housing'],
  ClientJustice: ['Client.justice'],
  ClientFinance: ['Client.finance'],
};

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
  ClientIdentity: { '*': structural },
  ClientContact: { '*': structural },
  ClientHealth: { '*': structural },
  ClientAddiction: { '*': structural },
  ClientHousing: { '*': structural },
  ClientJustice: { '*': structural },
  ClientFinance: { '*': structural },
  CategoryAccess: { '*': structural },
  ClientConnection: { '*': structural },
  ClientEdge: { '*': structural },
  PageInfo: { '*': structural },
};

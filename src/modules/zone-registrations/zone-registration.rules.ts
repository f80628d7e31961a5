import { clientCategory, hasRole, underClient, type Rules } from '../../policy/rules';

export const zoneRegistrationRules: Rules = {
  // Permit officers issue and revoke (policy §6); involvement and the issuing municipality are checked per client.
  Mutation: { issueZoneRegistration: hasRole('PERMIT_OFFICER'), revokeZoneRegistration: hasRole('PERMIT_OFFICER') },
  Client: { zoneRegistration: clientCategory('SEX_WORK') },
  ZoneRegistration: { '*': underClient('SEX_WORK') },
};

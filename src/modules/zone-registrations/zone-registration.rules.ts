import { clientCategory, underClient, type Rules } from '../../policy/rules';

export const zoneRegistrationRules: Rules = {
  Client: { zoneRegistration: clientCategory('SEX_WORK') },
  ZoneRegistration: { '*': underClient('SEX_WORK') },
};

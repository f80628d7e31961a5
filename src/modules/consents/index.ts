import { ClientConsentsResolver, ConsentResolver } from './consent.resolver';
import { consentRules } from './consent.rules';

export const consentsModule = { resolvers: [ConsentResolver, ClientConsentsResolver], rules: consentRules };

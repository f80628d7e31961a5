import { ClientZoneRegistrationResolver } from './zone-registration.resolver';
import { zoneRegistrationRules } from './zone-registration.rules';

export const zoneRegistrationsModule = { resolvers: [ClientZoneRegistrationResolver], rules: zoneRegistrationRules };

import { ClientZoneRegistrationResolver, ZoneRegistrationResolver } from './zone-registration.resolver';
import { zoneRegistrationRules } from './zone-registration.rules';

export const zoneRegistrationsModule = { resolvers: [ZoneRegistrationResolver, ClientZoneRegistrationResolver], rules: zoneRegistrationRules };

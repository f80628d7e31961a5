import { MonitoringResolver } from './monitoring.resolver';
import { monitoringRules } from './monitoring.rules';

export const monitoringModule = { resolvers: [MonitoringResolver], rules: monitoringRules };

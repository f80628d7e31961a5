import { ActivityLogResolver, ClientActivityResolver } from './activity.resolver';
import { activityRules } from './activity.rules';

export const activityModule = { resolvers: [ActivityLogResolver, ClientActivityResolver], rules: activityRules };

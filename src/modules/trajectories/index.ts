import { ClientTrajectoriesResolver, TrajectoryResolver } from './trajectory.resolver';
import { trajectoryRules } from './trajectory.rules';

export const trajectoriesModule = { resolvers: [TrajectoryResolver, ClientTrajectoriesResolver], rules: trajectoryRules };

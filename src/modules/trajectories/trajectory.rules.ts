import { hasRole, itsClient, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import { TRAJECTORY_DETAIL_CATEGORY, type Trajectory } from './trajectory.entity';

/** Kind and dates are BASIC; how it went and the notes belong to the category of its kind. */
const details = underClient((t: Trajectory) => TRAJECTORY_DETAIL_CATEGORY[t.kind]);

/** Case managers record trajectories (policy §6); involvement is checked per client. */
const caseManager = hasRole('CASE_MANAGER');

export const trajectoryRules: Rules = {
  Mutation: { startTrajectory: caseManager, endTrajectory: caseManager },
  Trajectory: { '*': reachedOnlyThrough('Client.trajectories', 'Mutation.startTrajectory', 'Mutation.endTrajectory'), outcome: details, notes: details, client: itsClient },
};

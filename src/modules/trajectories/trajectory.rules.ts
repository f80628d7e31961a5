import { underClient, type Rules } from '../../policy/rules';
import { TRAJECTORY_DETAIL_CATEGORY, type Trajectory } from './trajectory.entity';

/** Kind and dates are BASIC; how it went and the notes belong to the category of its kind. */
const details = underClient((t: Trajectory) => TRAJECTORY_DETAIL_CATEGORY[t.kind]);

export const trajectoryRules: Rules = {
  Trajectory: { '*': underClient('BASIC'), outcome: details, notes: details },
};

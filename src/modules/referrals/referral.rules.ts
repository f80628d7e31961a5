import { mayReadClients, underClient, type Rules } from '../../policy/rules';
import type { Referral } from './referral.entity';

export const referralRules: Rules = {
  Query: { referrals: mayReadClients },
  Referral: { '*': underClient('BASIC'), reason: underClient((r: Referral) => r.reasonCategory) },
};

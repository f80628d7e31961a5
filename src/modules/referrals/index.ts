import { ReferralResolver } from './referral.resolver';
import { referralRules } from './referral.rules';

export const referralsModule = { resolvers: [ReferralResolver], rules: referralRules };

/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation LogActivity($input: LogActivityInput!) {\n  logActivity(input: $input) {\n    id\n    day\n    minutes\n    professional {\n      id\n      name\n    }\n  }\n}": typeof types.LogActivityDocument,
    "query AuditTrail($clientId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String, $language: Language = NL) {\n  auditTrail(\n    clientId: $clientId\n    from: $from\n    to: $to\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        occurredAt\n        organisation {\n          name\n        }\n        roles\n        action\n        outcome\n        categories\n        data(language: $language)\n        basis\n        consentId\n        breakGlassUsed\n        breakGlassReason\n        refusal\n        sentence(language: $language)\n        traceId\n      }\n    }\n  }\n}": typeof types.AuditTrailDocument,
    "query ClientWorkflow($id: ID!) {\n  client(id: $id) {\n    id\n    code\n    status\n    version\n    team {\n      id\n      name\n    }\n    caseManagers {\n      id\n      name\n    }\n    access {\n      category\n      granted\n      basis\n      until\n      reason\n    }\n    consents {\n      id\n      effect\n      categories\n      purpose\n      state\n      validFrom\n      validUntil\n      version\n      organisation {\n        id\n        name\n      }\n    }\n    trajectories {\n      id\n      kind\n      status\n      startedOn\n      endedOn\n      version\n    }\n    handovers {\n      id\n      destination\n      status\n      version\n      toOrganisation {\n        id\n        name\n      }\n    }\n    signals {\n      id\n      category\n      status\n      version\n    }\n    activity {\n      id\n      day\n      minutes\n    }\n  }\n}": typeof types.ClientWorkflowDocument,
    "mutation RecordConsent($input: RecordConsentInput!) {\n  recordConsent(input: $input) {\n    id\n    effect\n    organisationKind\n    categories\n    purpose\n    legalBasis\n    validFrom\n    validUntil\n    state\n    version\n    organisation {\n      id\n      name\n    }\n  }\n}": typeof types.RecordConsentDocument,
    "mutation RevokeConsent($input: RevokeConsentInput!) {\n  revokeConsent(input: $input) {\n    id\n    state\n    revokedAt\n    revocationReason\n    version\n  }\n}": typeof types.RevokeConsentDocument,
    "mutation AcceptHandover($input: AcceptHandoverInput!) {\n  acceptHandover(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    decidedBy {\n      id\n      name\n    }\n    receivingCaseManager {\n      id\n      name\n    }\n  }\n}": typeof types.AcceptHandoverDocument,
    "mutation CancelHandover($input: VersionInput!) {\n  cancelHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": typeof types.CancelHandoverDocument,
    "mutation CompleteHandover($input: VersionInput!) {\n  completeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": typeof types.CompleteHandoverDocument,
    "query Handovers($direction: HandoverDirection!, $status: [HandoverStatus!]) {\n  handovers(direction: $direction, status: $status) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    notes\n    proposedAt\n    decidedAt\n    completedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.HandoversDocument,
    "mutation ProposeHandover($input: ProposeHandoverInput!) {\n  proposeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    proposedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n  }\n}": typeof types.ProposeHandoverDocument,
    "mutation RejectHandover($input: VersionInput!) {\n  rejectHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": typeof types.RejectHandoverDocument,
    "query Me {\n  me {\n    id\n    name\n    email\n    roles\n    organisation {\n      id\n      name\n      kind\n    }\n    teams {\n      id\n      name\n    }\n  }\n}": typeof types.MeDocument,
    "query Caseload($first: Int, $after: String) {\n  clients(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        code\n        status\n        team {\n          id\n          name\n        }\n        caseManagers {\n          id\n          name\n        }\n        access {\n          category\n          granted\n          basis\n          until\n        }\n        identity {\n          name\n          dateOfBirth\n        }\n        contact {\n          phone\n          whereabouts\n        }\n      }\n    }\n  }\n}": typeof types.CaseloadDocument,
    "mutation AcceptReferral($input: VersionInput!) {\n  acceptReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.AcceptReferralDocument,
    "mutation DeclineReferral($input: VersionInput!) {\n  declineReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.DeclineReferralDocument,
    "mutation ReferClient($input: ReferClientInput!) {\n  referClient(input: $input) {\n    id\n    status\n    version\n    reasonCategory\n    createdAt\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.ReferClientDocument,
    "query Referrals($status: [ReferralStatus!]) {\n  referrals(status: $status) {\n    id\n    status\n    version\n    reasonCategory\n    reason\n    createdAt\n    decidedAt\n    referredBy {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.ReferralsDocument,
    "mutation WithdrawReferral($input: VersionInput!) {\n  withdrawReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": typeof types.WithdrawReferralDocument,
    "mutation RaiseSignal($input: RaiseSignalInput!) {\n  raiseSignal(input: $input) {\n    id\n    category\n    text\n    status\n    raisedAt\n    version\n  }\n}": typeof types.RaiseSignalDocument,
    "mutation ResolveSignal($input: VersionInput!) {\n  resolveSignal(input: $input) {\n    id\n    status\n    resolvedAt\n    version\n  }\n}": typeof types.ResolveSignalDocument,
    "query Signals($status: [SignalStatus!]) {\n  signals(status: $status) {\n    id\n    category\n    text\n    status\n    raisedAt\n    resolvedAt\n    version\n    raisedBy {\n      id\n      name\n    }\n    client {\n      id\n      code\n    }\n  }\n}": typeof types.SignalsDocument,
    "mutation EndTrajectory($input: EndTrajectoryInput!) {\n  endTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    endedOn\n    outcome\n    version\n  }\n}": typeof types.EndTrajectoryDocument,
    "mutation StartTrajectory($input: StartTrajectoryInput!) {\n  startTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    notes\n    version\n    provider {\n      id\n      name\n    }\n  }\n}": typeof types.StartTrajectoryDocument,
    "mutation IssueZoneRegistration($input: IssueZoneRegistrationInput!) {\n  issueZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}": typeof types.IssueZoneRegistrationDocument,
    "mutation RevokeZoneRegistration($input: RevokeZoneRegistrationInput!) {\n  revokeZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}": typeof types.RevokeZoneRegistrationDocument,
};
const documents: Documents = {
    "mutation LogActivity($input: LogActivityInput!) {\n  logActivity(input: $input) {\n    id\n    day\n    minutes\n    professional {\n      id\n      name\n    }\n  }\n}": types.LogActivityDocument,
    "query AuditTrail($clientId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String, $language: Language = NL) {\n  auditTrail(\n    clientId: $clientId\n    from: $from\n    to: $to\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        occurredAt\n        organisation {\n          name\n        }\n        roles\n        action\n        outcome\n        categories\n        data(language: $language)\n        basis\n        consentId\n        breakGlassUsed\n        breakGlassReason\n        refusal\n        sentence(language: $language)\n        traceId\n      }\n    }\n  }\n}": types.AuditTrailDocument,
    "query ClientWorkflow($id: ID!) {\n  client(id: $id) {\n    id\n    code\n    status\n    version\n    team {\n      id\n      name\n    }\n    caseManagers {\n      id\n      name\n    }\n    access {\n      category\n      granted\n      basis\n      until\n      reason\n    }\n    consents {\n      id\n      effect\n      categories\n      purpose\n      state\n      validFrom\n      validUntil\n      version\n      organisation {\n        id\n        name\n      }\n    }\n    trajectories {\n      id\n      kind\n      status\n      startedOn\n      endedOn\n      version\n    }\n    handovers {\n      id\n      destination\n      status\n      version\n      toOrganisation {\n        id\n        name\n      }\n    }\n    signals {\n      id\n      category\n      status\n      version\n    }\n    activity {\n      id\n      day\n      minutes\n    }\n  }\n}": types.ClientWorkflowDocument,
    "mutation RecordConsent($input: RecordConsentInput!) {\n  recordConsent(input: $input) {\n    id\n    effect\n    organisationKind\n    categories\n    purpose\n    legalBasis\n    validFrom\n    validUntil\n    state\n    version\n    organisation {\n      id\n      name\n    }\n  }\n}": types.RecordConsentDocument,
    "mutation RevokeConsent($input: RevokeConsentInput!) {\n  revokeConsent(input: $input) {\n    id\n    state\n    revokedAt\n    revocationReason\n    version\n  }\n}": types.RevokeConsentDocument,
    "mutation AcceptHandover($input: AcceptHandoverInput!) {\n  acceptHandover(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    decidedBy {\n      id\n      name\n    }\n    receivingCaseManager {\n      id\n      name\n    }\n  }\n}": types.AcceptHandoverDocument,
    "mutation CancelHandover($input: VersionInput!) {\n  cancelHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": types.CancelHandoverDocument,
    "mutation CompleteHandover($input: VersionInput!) {\n  completeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": types.CompleteHandoverDocument,
    "query Handovers($direction: HandoverDirection!, $status: [HandoverStatus!]) {\n  handovers(direction: $direction, status: $status) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    notes\n    proposedAt\n    decidedAt\n    completedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.HandoversDocument,
    "mutation ProposeHandover($input: ProposeHandoverInput!) {\n  proposeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    proposedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n  }\n}": types.ProposeHandoverDocument,
    "mutation RejectHandover($input: VersionInput!) {\n  rejectHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}": types.RejectHandoverDocument,
    "query Me {\n  me {\n    id\n    name\n    email\n    roles\n    organisation {\n      id\n      name\n      kind\n    }\n    teams {\n      id\n      name\n    }\n  }\n}": types.MeDocument,
    "query Caseload($first: Int, $after: String) {\n  clients(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        code\n        status\n        team {\n          id\n          name\n        }\n        caseManagers {\n          id\n          name\n        }\n        access {\n          category\n          granted\n          basis\n          until\n        }\n        identity {\n          name\n          dateOfBirth\n        }\n        contact {\n          phone\n          whereabouts\n        }\n      }\n    }\n  }\n}": types.CaseloadDocument,
    "mutation AcceptReferral($input: VersionInput!) {\n  acceptReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.AcceptReferralDocument,
    "mutation DeclineReferral($input: VersionInput!) {\n  declineReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.DeclineReferralDocument,
    "mutation ReferClient($input: ReferClientInput!) {\n  referClient(input: $input) {\n    id\n    status\n    version\n    reasonCategory\n    createdAt\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.ReferClientDocument,
    "query Referrals($status: [ReferralStatus!]) {\n  referrals(status: $status) {\n    id\n    status\n    version\n    reasonCategory\n    reason\n    createdAt\n    decidedAt\n    referredBy {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.ReferralsDocument,
    "mutation WithdrawReferral($input: VersionInput!) {\n  withdrawReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}": types.WithdrawReferralDocument,
    "mutation RaiseSignal($input: RaiseSignalInput!) {\n  raiseSignal(input: $input) {\n    id\n    category\n    text\n    status\n    raisedAt\n    version\n  }\n}": types.RaiseSignalDocument,
    "mutation ResolveSignal($input: VersionInput!) {\n  resolveSignal(input: $input) {\n    id\n    status\n    resolvedAt\n    version\n  }\n}": types.ResolveSignalDocument,
    "query Signals($status: [SignalStatus!]) {\n  signals(status: $status) {\n    id\n    category\n    text\n    status\n    raisedAt\n    resolvedAt\n    version\n    raisedBy {\n      id\n      name\n    }\n    client {\n      id\n      code\n    }\n  }\n}": types.SignalsDocument,
    "mutation EndTrajectory($input: EndTrajectoryInput!) {\n  endTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    endedOn\n    outcome\n    version\n  }\n}": types.EndTrajectoryDocument,
    "mutation StartTrajectory($input: StartTrajectoryInput!) {\n  startTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    notes\n    version\n    provider {\n      id\n      name\n    }\n  }\n}": types.StartTrajectoryDocument,
    "mutation IssueZoneRegistration($input: IssueZoneRegistrationInput!) {\n  issueZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}": types.IssueZoneRegistrationDocument,
    "mutation RevokeZoneRegistration($input: RevokeZoneRegistrationInput!) {\n  revokeZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}": types.RevokeZoneRegistrationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LogActivity($input: LogActivityInput!) {\n  logActivity(input: $input) {\n    id\n    day\n    minutes\n    professional {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["mutation LogActivity($input: LogActivityInput!) {\n  logActivity(input: $input) {\n    id\n    day\n    minutes\n    professional {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditTrail($clientId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String, $language: Language = NL) {\n  auditTrail(\n    clientId: $clientId\n    from: $from\n    to: $to\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        occurredAt\n        organisation {\n          name\n        }\n        roles\n        action\n        outcome\n        categories\n        data(language: $language)\n        basis\n        consentId\n        breakGlassUsed\n        breakGlassReason\n        refusal\n        sentence(language: $language)\n        traceId\n      }\n    }\n  }\n}"): (typeof documents)["query AuditTrail($clientId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String, $language: Language = NL) {\n  auditTrail(\n    clientId: $clientId\n    from: $from\n    to: $to\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        occurredAt\n        organisation {\n          name\n        }\n        roles\n        action\n        outcome\n        categories\n        data(language: $language)\n        basis\n        consentId\n        breakGlassUsed\n        breakGlassReason\n        refusal\n        sentence(language: $language)\n        traceId\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ClientWorkflow($id: ID!) {\n  client(id: $id) {\n    id\n    code\n    status\n    version\n    team {\n      id\n      name\n    }\n    caseManagers {\n      id\n      name\n    }\n    access {\n      category\n      granted\n      basis\n      until\n      reason\n    }\n    consents {\n      id\n      effect\n      categories\n      purpose\n      state\n      validFrom\n      validUntil\n      version\n      organisation {\n        id\n        name\n      }\n    }\n    trajectories {\n      id\n      kind\n      status\n      startedOn\n      endedOn\n      version\n    }\n    handovers {\n      id\n      destination\n      status\n      version\n      toOrganisation {\n        id\n        name\n      }\n    }\n    signals {\n      id\n      category\n      status\n      version\n    }\n    activity {\n      id\n      day\n      minutes\n    }\n  }\n}"): (typeof documents)["query ClientWorkflow($id: ID!) {\n  client(id: $id) {\n    id\n    code\n    status\n    version\n    team {\n      id\n      name\n    }\n    caseManagers {\n      id\n      name\n    }\n    access {\n      category\n      granted\n      basis\n      until\n      reason\n    }\n    consents {\n      id\n      effect\n      categories\n      purpose\n      state\n      validFrom\n      validUntil\n      version\n      organisation {\n        id\n        name\n      }\n    }\n    trajectories {\n      id\n      kind\n      status\n      startedOn\n      endedOn\n      version\n    }\n    handovers {\n      id\n      destination\n      status\n      version\n      toOrganisation {\n        id\n        name\n      }\n    }\n    signals {\n      id\n      category\n      status\n      version\n    }\n    activity {\n      id\n      day\n      minutes\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordConsent($input: RecordConsentInput!) {\n  recordConsent(input: $input) {\n    id\n    effect\n    organisationKind\n    categories\n    purpose\n    legalBasis\n    validFrom\n    validUntil\n    state\n    version\n    organisation {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["mutation RecordConsent($input: RecordConsentInput!) {\n  recordConsent(input: $input) {\n    id\n    effect\n    organisationKind\n    categories\n    purpose\n    legalBasis\n    validFrom\n    validUntil\n    state\n    version\n    organisation {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeConsent($input: RevokeConsentInput!) {\n  revokeConsent(input: $input) {\n    id\n    state\n    revokedAt\n    revocationReason\n    version\n  }\n}"): (typeof documents)["mutation RevokeConsent($input: RevokeConsentInput!) {\n  revokeConsent(input: $input) {\n    id\n    state\n    revokedAt\n    revocationReason\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptHandover($input: AcceptHandoverInput!) {\n  acceptHandover(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    decidedBy {\n      id\n      name\n    }\n    receivingCaseManager {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["mutation AcceptHandover($input: AcceptHandoverInput!) {\n  acceptHandover(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    decidedBy {\n      id\n      name\n    }\n    receivingCaseManager {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelHandover($input: VersionInput!) {\n  cancelHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"): (typeof documents)["mutation CancelHandover($input: VersionInput!) {\n  cancelHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CompleteHandover($input: VersionInput!) {\n  completeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"): (typeof documents)["mutation CompleteHandover($input: VersionInput!) {\n  completeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Handovers($direction: HandoverDirection!, $status: [HandoverStatus!]) {\n  handovers(direction: $direction, status: $status) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    notes\n    proposedAt\n    decidedAt\n    completedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["query Handovers($direction: HandoverDirection!, $status: [HandoverStatus!]) {\n  handovers(direction: $direction, status: $status) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    notes\n    proposedAt\n    decidedAt\n    completedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ProposeHandover($input: ProposeHandoverInput!) {\n  proposeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    proposedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["mutation ProposeHandover($input: ProposeHandoverInput!) {\n  proposeHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    notesCategory\n    proposedAt\n    fromOrganisation {\n      id\n      name\n    }\n    toOrganisation {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RejectHandover($input: VersionInput!) {\n  rejectHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"): (typeof documents)["mutation RejectHandover($input: VersionInput!) {\n  rejectHandover(input: $input) {\n    id\n    destination\n    status\n    version\n    decidedAt\n    completedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    name\n    email\n    roles\n    organisation {\n      id\n      name\n      kind\n    }\n    teams {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    name\n    email\n    roles\n    organisation {\n      id\n      name\n      kind\n    }\n    teams {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Caseload($first: Int, $after: String) {\n  clients(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        code\n        status\n        team {\n          id\n          name\n        }\n        caseManagers {\n          id\n          name\n        }\n        access {\n          category\n          granted\n          basis\n          until\n        }\n        identity {\n          name\n          dateOfBirth\n        }\n        contact {\n          phone\n          whereabouts\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Caseload($first: Int, $after: String) {\n  clients(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        code\n        status\n        team {\n          id\n          name\n        }\n        caseManagers {\n          id\n          name\n        }\n        access {\n          category\n          granted\n          basis\n          until\n        }\n        identity {\n          name\n          dateOfBirth\n        }\n        contact {\n          phone\n          whereabouts\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptReferral($input: VersionInput!) {\n  acceptReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["mutation AcceptReferral($input: VersionInput!) {\n  acceptReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeclineReferral($input: VersionInput!) {\n  declineReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["mutation DeclineReferral($input: VersionInput!) {\n  declineReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReferClient($input: ReferClientInput!) {\n  referClient(input: $input) {\n    id\n    status\n    version\n    reasonCategory\n    createdAt\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["mutation ReferClient($input: ReferClientInput!) {\n  referClient(input: $input) {\n    id\n    status\n    version\n    reasonCategory\n    createdAt\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Referrals($status: [ReferralStatus!]) {\n  referrals(status: $status) {\n    id\n    status\n    version\n    reasonCategory\n    reason\n    createdAt\n    decidedAt\n    referredBy {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["query Referrals($status: [ReferralStatus!]) {\n  referrals(status: $status) {\n    id\n    status\n    version\n    reasonCategory\n    reason\n    createdAt\n    decidedAt\n    referredBy {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WithdrawReferral($input: VersionInput!) {\n  withdrawReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"): (typeof documents)["mutation WithdrawReferral($input: VersionInput!) {\n  withdrawReferral(input: $input) {\n    id\n    status\n    version\n    decidedAt\n    client {\n      id\n      code\n      status\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RaiseSignal($input: RaiseSignalInput!) {\n  raiseSignal(input: $input) {\n    id\n    category\n    text\n    status\n    raisedAt\n    version\n  }\n}"): (typeof documents)["mutation RaiseSignal($input: RaiseSignalInput!) {\n  raiseSignal(input: $input) {\n    id\n    category\n    text\n    status\n    raisedAt\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResolveSignal($input: VersionInput!) {\n  resolveSignal(input: $input) {\n    id\n    status\n    resolvedAt\n    version\n  }\n}"): (typeof documents)["mutation ResolveSignal($input: VersionInput!) {\n  resolveSignal(input: $input) {\n    id\n    status\n    resolvedAt\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Signals($status: [SignalStatus!]) {\n  signals(status: $status) {\n    id\n    category\n    text\n    status\n    raisedAt\n    resolvedAt\n    version\n    raisedBy {\n      id\n      name\n    }\n    client {\n      id\n      code\n    }\n  }\n}"): (typeof documents)["query Signals($status: [SignalStatus!]) {\n  signals(status: $status) {\n    id\n    category\n    text\n    status\n    raisedAt\n    resolvedAt\n    version\n    raisedBy {\n      id\n      name\n    }\n    client {\n      id\n      code\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EndTrajectory($input: EndTrajectoryInput!) {\n  endTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    endedOn\n    outcome\n    version\n  }\n}"): (typeof documents)["mutation EndTrajectory($input: EndTrajectoryInput!) {\n  endTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    endedOn\n    outcome\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartTrajectory($input: StartTrajectoryInput!) {\n  startTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    notes\n    version\n    provider {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["mutation StartTrajectory($input: StartTrajectoryInput!) {\n  startTrajectory(input: $input) {\n    id\n    kind\n    status\n    startedOn\n    notes\n    version\n    provider {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IssueZoneRegistration($input: IssueZoneRegistrationInput!) {\n  issueZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}"): (typeof documents)["mutation IssueZoneRegistration($input: IssueZoneRegistrationInput!) {\n  issueZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeZoneRegistration($input: RevokeZoneRegistrationInput!) {\n  revokeZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}"): (typeof documents)["mutation RevokeZoneRegistration($input: RevokeZoneRegistrationInput!) {\n  revokeZoneRegistration(input: $input) {\n    id\n    number\n    issuedOn\n    revokedOn\n    revokedOnRequest\n    version\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
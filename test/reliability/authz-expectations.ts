/**
 * The policy decision for every operation of the schema, per role and, where it applies, for the
 * caller's own organisation's object versus another organisation's. A new operation must be
 * added here (the matrix test fails otherwise).
 */
export type Who = 'ANON' | 'ADMIN' | 'SECRETARIAT' | 'BOARD_MEMBER' | 'AUDITOR' | 'DONOR' | 'NGO';
export const WHO: Who[] = ['ANON', 'ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'];
export type Scope = 'own' | 'other';
export type Outcome = 'ALLOW' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export interface Rule {
  /** Run for the caller's own organisation's object and for another organisation's. */
  scoped: boolean;
  expect(who: Who, scope: Scope): Outcome;
}

const signedOut = (who: Who): Outcome | null => (who === 'ANON' ? 'UNAUTHENTICATED' : null);

/** Anyone, signed in or not. */
const PUBLIC: Rule = { scoped: false, expect: () => 'ALLOW' };
/** Any signed-in user (what each sees is filtered by the service). */
const SIGNED_IN: Rule = { scoped: false, expect: (who) => signedOut(who) ?? 'ALLOW' };
/** Only these roles. */
const only = (...roles: Who[]): Rule => ({
  scoped: false,
  expect: (who) => signedOut(who) ?? (roles.includes(who) ? 'ALLOW' : 'FORBIDDEN'),
});
/** Roles allowed on the caller's own organisation's object, and on another organisation's. */
const scoped = (own: Who[], other: Who[]): Rule => ({
  scoped: true,
  expect: (who, scope) => signedOut(who) ?? ((scope === 'own' ? own : other).includes(who) ? 'ALLOW' : 'FORBIDDEN'),
});

const STAFF: Who[] = ['ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR'];
const AUDIT: Who[] = ['ADMIN', 'AUDITOR'];

export const EXPECTATIONS: Record<string, Rule> = {
  // Public: no login needed.
  login: PUBLIC,
  registerOrganization: PUBLIC,
  me: PUBLIC, // null when signed out
  funds: PUBLIC,
  fund: PUBLIC,
  openCalls: PUBLIC,
  grantCall: PUBLIC, // calls that are not drafts
  publicStatistics: PUBLIC, // small cells suppressed
  paymentSettings: PUBLIC, // a publishable key is meant for browsers
  publishStatistics: only('ADMIN', 'SECRETARIAT'), // freezes a closed quarter's victim figures
  // Any node by id: public types (funds) for everyone; here an application, so the read policy decides
  // (signed out: FORBIDDEN, since node itself is public).
  node: {
    scoped: true,
    expect: (who, scope) =>
      who === 'ANON' ? 'FORBIDDEN' : STAFF.includes(who) || (who === 'NGO' && scope === 'own') ? 'ALLOW' : 'FORBIDDEN',
  },

  // Signed in; each sees what its roles allow (lists are filtered by the service).
  organizations: SIGNED_IN,
  grantCalls: SIGNED_IN,
  applications: SIGNED_IN,
  awards: SIGNED_IN,
  pledges: SIGNED_IN,
  contributions: SIGNED_IN,
  exchangeRates: SIGNED_IN,

  // One object of an organisation: staff and the organisation's own members.
  organization: scoped([...STAFF, 'NGO'], STAFF),
  application: scoped([...STAFF, 'NGO'], STAFF),
  award: scoped([...STAFF, 'NGO'], STAFF),
  contributionReceipt: scoped(['ADMIN', 'SECRETARIAT', 'AUDITOR', 'DONOR'], ['ADMIN', 'SECRETARIAT', 'AUDITOR']),

  // Audit: auditors and administrators only.
  auditEvents: only(...AUDIT),
  history: only(...AUDIT),
  verifyAuditTrail: only(...AUDIT),
  auditCheckpoint: only(...AUDIT),
  auditCheckpoints: only(...AUDIT),
  auditSigningKey: only(...AUDIT),
  ledgerCheck: only('ADMIN', 'SECRETARIAT', 'AUDITOR', 'BOARD_MEMBER'), // same readers as ledger.csv
  fundStatement: only('ADMIN', 'SECRETARIAT', 'AUDITOR', 'BOARD_MEMBER'), // trustees see the fund's accounts

  // Platform administration.
  users: only('ADMIN'),
  createUser: only('ADMIN'),
  grantRole: only('ADMIN'),
  revokeRole: only('ADMIN'),
  deactivateUser: only('ADMIN'),
  reactivateUser: only('ADMIN'),
  createFund: only('ADMIN'),
  updateFundPolicy: only('ADMIN'),

  // Organisations.
  createOrganization: only('ADMIN', 'SECRETARIAT'),
  updateOrganization: scoped(['ADMIN', 'SECRETARIAT', 'NGO'], ['ADMIN', 'SECRETARIAT']),
  setBankAccount: scoped(['SECRETARIAT', 'NGO'], ['SECRETARIAT']), // confidential: not even the platform admin
  vetOrganization: only('SECRETARIAT'),
  // Sanctions screening: the secretariat decides matches; auditors and administrators read.
  sanctionsList: only('ADMIN', 'SECRETARIAT', 'AUDITOR'),
  clearSanctionsMatch: only('SECRETARIAT'),
  confirmSanctionsMatch: only('SECRETARIAT'),
  // Both organisations hold UNVTF awards; the author of a change gets SEPARATION_OF_DUTIES in the payload.
  confirmBankAccount: scoped(['SECRETARIAT'], ['SECRETARIAT']),

  // Calls: the secretariat runs them.
  createGrantCall: only('SECRETARIAT'),
  updateGrantCall: only('SECRETARIAT'),
  openGrantCall: only('SECRETARIAT'),
  closeGrantCall: only('SECRETARIAT'),
  startGrantCallReview: only('SECRETARIAT'),
  markGrantCallDecided: only('SECRETARIAT'),
  cancelGrantCall: only('SECRETARIAT'),

  // Applications: the applicant NGO edits its own; the secretariat screens and recommends; the board reviews and votes.
  createApplication: scoped(['NGO'], []),
  updateApplication: scoped(['NGO'], []),
  submitApplication: scoped(['NGO'], []),
  withdrawApplication: scoped(['NGO'], []),
  requestApplicationInfo: only('SECRETARIAT'),
  screenApplication: only('SECRETARIAT'),
  recommendApplication: only('SECRETARIAT'),
  declareConflict: only('BOARD_MEMBER'),
  confirmNoConflict: only('BOARD_MEMBER'),
  submitReview: only('BOARD_MEMBER'),
  castBoardVote: only('BOARD_MEMBER'),

  // Money.
  createPledge: scoped(['SECRETARIAT', 'DONOR'], ['SECRETARIAT']),
  cancelPledge: scoped(['SECRETARIAT'], ['SECRETARIAT']), // donors ask the secretariat
  createCardContribution: scoped(['DONOR'], []),
  refundCardContribution: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  recordWireContribution: only('SECRETARIAT'),
  refundWireContribution: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  confirmWireRate: only('SECRETARIAT'), // a second member: the recorder gets SEPARATION_OF_DUTIES in the payload
  rejectWireRate: only('SECRETARIAT'),
  setExchangeRate: only('SECRETARIAT'),

  // After the award: the fund's secretariat runs disbursements, on any organisation's award; a
  // second secretariat member approves (four eyes; the requester gets SEPARATION_OF_DUTIES in the payload).
  requestTranche: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  approveTranche: scoped(['SECRETARIAT'], ['SECRETARIAT']), // fund policy trancheApproverRoles, default SECRETARIAT
  recordTranchePayment: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  cancelTranche: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  terminateAward: scoped(['SECRETARIAT'], ['SECRETARIAT']), // records the board's decision
  recordGrantRefund: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  amendTrancheSchedule: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  castAmendmentVote: scoped(['BOARD_MEMBER'], ['BOARD_MEMBER']),
  // Reports: the grantee's members submit its own; the secretariat reviews.
  submitReport: scoped(['NGO'], []),
  acceptReport: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  requestReportRevision: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  waiveReport: scoped(['SECRETARIAT'], ['SECRETARIAT']), // AUDIT reports only; others INVALID_STATE in the payload
  // Notifications: each user's own; someone else's answers NOT_FOUND in the payload (ids are not
  // probed), which the matrix counts as reaching the service: see the recipient-only test.
  notifications: SIGNED_IN,
  markNotificationRead: SIGNED_IN,
  // Staff portal (issue 16): what waits on the fund's secretariat.
  secretariatInbox: only('SECRETARIAT'),

  // Sessions (issue 13): each acts on the caller's own sessions only.
  refreshSession: PUBLIC, // the refresh token is the credential
  mySessions: SIGNED_IN,
  logout: SIGNED_IN,
  logoutEverywhere: SIGNED_IN,
  revokeSession: SIGNED_IN, // another user's session answers NOT_FOUND in the payload
  // Bank reconciliation (issue 18): the fund's secretariat imports statements and decides their credits
  // (the wire path's own rule); the queue is read by the fund's money readers.
  importBankStatement: only('SECRETARIAT'),
  confirmBankStatementLine: only('SECRETARIAT'),
  rejectBankStatementMatch: only('SECRETARIAT'),
  ignoreBankStatementLine: only('SECRETARIAT'),
  reopenBankStatementLine: only('SECRETARIAT'),
  rematchBankStatementLines: only('SECRETARIAT'),
  bankStatementLines: only('ADMIN', 'SECRETARIAT', 'AUDITOR'),
  bankStatements: only('ADMIN', 'SECRETARIAT', 'AUDITOR'),
  // Documents: listed for whoever reads the owner (here an organisation: as `organization`). An attach
  // names the caller's own upload (someone else's answers NOT_FOUND in the payload); who may upload into
  // a slot is decided at POST /uploads (test/documents.test.ts).
  documents: scoped([...STAFF, 'NGO'], STAFF),
  attachDocument: SIGNED_IN,
  // Award acceptance (issue 18): the grantee's own members answer its award.
  acceptAward: scoped(['NGO'], []),
  declineAward: scoped(['NGO'], []),
  // Acknowledgement of receipt (issue 18): the grantee's members acknowledge its transfers; the
  // fund's secretariat resolves a reported discrepancy.
  acknowledgeTranchePayment: scoped(['NGO'], []),
  resolvePaymentDiscrepancy: scoped(['SECRETARIAT'], ['SECRETARIAT']),
  // Self-service (issue 13): one's own account; reset requests and links are public (neutral answers).
  changePassword: SIGNED_IN,
  updateProfile: SIGNED_IN,
  requestPasswordReset: PUBLIC,
  resetPassword: PUBLIC,
  // Two-stage calls (issue 18): an NGO's members send its concept note; the fund's secretariat decides.
  conceptNotes: SIGNED_IN,
  submitConceptNote: scoped(['NGO'], []),
  shortlistConceptNote: only('SECRETARIAT'),
  declineConceptNote: only('SECRETARIAT'),
  // Batch decisions (issue 18): the fund's secretariat declines many submitted applications at once.
  declineApplications: only('SECRETARIAT'),
  // Two-factor (issue 13): one's own second factors; the second step of a login is public (its challenge
  // token is the credential).
  myTwoFactor: SIGNED_IN,
  startTotpEnrolment: SIGNED_IN,
  confirmTotpEnrolment: SIGNED_IN,
  disableTotp: SIGNED_IN,
  regenerateRecoveryCodes: SIGNED_IN,
  verifySecondFactor: SIGNED_IN,
  completeLogin: PUBLIC,
  verifyEmail: PUBLIC, // an unknown token answers LINK_INVALID
  resendVerification: SIGNED_IN, // the demo users are verified: nothing is sent
  // Teams: the organisation's ORG_ADMIN (the demo NGO user administers its team) and platform admins.
  teamMembers: scoped(['ADMIN', 'NGO'], ['ADMIN']), // members read it too
  teamInvitations: scoped(['ADMIN', 'NGO'], ['ADMIN']),
  inviteMember: scoped(['ADMIN', 'NGO'], ['ADMIN']),
  changeMemberRole: scoped(['ADMIN', 'NGO'], ['ADMIN']), // a user outside the team: NOT_FOUND
  removeMember: scoped(['ADMIN', 'NGO'], ['ADMIN']), // a user outside the team: NOT_FOUND
  acceptInvitation: PUBLIC, // an unknown token answers LINK_INVALID
};

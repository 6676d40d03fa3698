import type {
  AdaptiveCardJson,
  ApprovalView,
  CardAudience,
  ChooseObjectView,
  ConfirmView,
  DeletedListView,
  ErrorView,
  ExportResultView,
  HelpView,
  JobPausedView,
  JobsListView,
  NotYoursView,
  PersonalChatNeededView,
  ProgressView,
  ResultView,
  SetupCheckView,
  SignInNeededView,
  UnknownCommandView,
  ValidationSummaryView,
  WhoamiView,
} from '../../../src/cards';
import {
  buildApprovalCard,
  buildChooseObjectCard,
  buildConfirmCard,
  buildDeletedListCard,
  buildErrorCard,
  buildExportResultCard,
  buildHelpCard,
  buildJobPausedCard,
  buildJobsListCard,
  buildNotYoursCard,
  buildPersonalChatNeededCard,
  buildProgressCard,
  buildResultCard,
  buildSetupCheckCard,
  buildSignInNeededCard,
  buildUnknownCommandCard,
  buildValidationSummaryCard,
  buildWhoamiCard,
  groupFailures,
  type CardTemplateName,
} from '../../../src/cards';

export const megan = { mri: '29:1megan-bowen-mri', name: 'Megan Bowen' };
export const personal: CardAudience = { isGroup: false, initiator: megan, viewer: 'initiator' };
export const groupInitiator: CardAudience = { isGroup: true, initiator: megan, viewer: 'initiator' };
export const groupObserver: CardAudience = { isGroup: true, initiator: megan, viewer: 'observer' };

const job = { jobId: 'job-7f3c2a', jobLabel: '7KQ2', cardToken: 'nonce-abc123' };

export const sampleHelp: HelpView = {
  commands: [
    { usage: 'restore <name | UPN | mail | object id> [as <new UPN>]', description: 'Restore a deleted object.', example: 'restore Adele Vance' },
    { usage: 'create users + CSV', description: 'Create the users in an attached CSV.', example: 'create users', needsFile: true },
  ],
  quickCommands: ['jobs', 'whoami', 'deleted users', 'template restore', 'help'],
  isPersonalChat: true,
};

export const sampleUnknown: UnknownCommandView = { text: 'resotre adele vance', suggestion: 'restore Adele Vance', examples: ['restore Adele Vance', 'jobs'] };

export const sampleValidation: ValidationSummaryView = {
  kindLabel: 'Bulk create users',
  fileName: 'new-hires-november.csv',
  totalRows: 120,
  validRows: 117,
  invalidRows: 3,
  problems: [
    { line: 14, column: 'User name [userPrincipalName]', message: 'alain@contoso is not a valid user principal name: it needs a domain such as contoso.com.' },
    { line: 27, column: 'Initial password [passwordProfile]', message: 'The password is too short: use at least 8 characters.' },
    { line: 88, message: 'The row has 3 values but the header has 6 columns.' },
  ],
  problemCount: 3,
  errorFile: { name: 'new-hires-november-errors.csv' },
  nextStep: 'Fix these rows and send the file again, or confirm on the next card to create the 117 valid users now.',
};

export const sampleConfirm: ConfirmView = {
  ...job,
  kindLabel: 'Restore',
  title: 'Restore 30 deleted users',
  description: 'They come back with their licences, group memberships and app role assignments. You can run this again safely.',
  rowCount: 30,
  outcomes: [
    { count: 28, label: 'will be restored', tone: 'good' },
    { count: 2, label: 'need a new UPN (the old one is taken)', tone: 'warning' },
  ],
  sampleRows: [
    { title: 'Adele Vance', detail: 'User · AdeleV@contoso.com', outcome: 'will be restored', tone: 'good' },
    { title: 'Alex Wilber', detail: 'User · AlexW@contoso.com', outcome: 'needs a new UPN', tone: 'warning' },
  ],
  options: {
    newUserPrincipalName: { suggested: 'AlexW2@contoso.com', required: false, hint: 'Used for the rows whose UPN is taken.' },
    autoReconcileProxyConflict: { value: false },
  },
  roleCheck: { status: 'ok', heldRole: 'User Administrator' },
  destructive: false,
  confirmLabel: 'Restore 30 users',
  expiresAt: '2026-11-23T10:30:00.000Z',
  audience: personal,
};

export const sampleDestructiveConfirm: ConfirmView = {
  ...sampleConfirm,
  kindLabel: 'Delete users',
  title: 'Delete 250 users',
  description: 'They move to the recycle bin and can be restored for 30 days.',
  rowCount: 250,
  outcomes: [{ count: 250, label: 'will be deleted', tone: 'attention' }],
  sampleRows: [{ title: 'Chris Green', detail: 'chris@contoso.com', outcome: 'will be deleted', tone: 'attention' }],
  options: undefined,
  destructive: true,
  typedCountThreshold: 10,
  confirmLabel: 'Delete 250 users',
};

export const sampleChoose: ChooseObjectView = {
  cardToken: 'nonce-choose',
  query: 'Megan Bowen',
  action: 'restore',
  candidates: [
    { objectId: '11111111-1111-1111-1111-111111111111', typeLabel: 'User', displayName: 'Megan Bowen', userPrincipalName: 'MeganB@contoso.com', mail: 'MeganB@contoso.com', deletedAt: '2026-11-20T08:00:00Z', daysLeft: 27 },
    { objectId: '22222222-2222-2222-2222-222222222222', typeLabel: 'User', displayName: 'Megan Bowen', userPrincipalName: 'megan.bowen@fabrikam.com', mail: 'megan@fabrikam.com', deletedAt: '2026-10-28T08:00:00Z', daysLeft: 4 },
  ],
  audience: personal,
};

export const sampleProgress: ProgressView = {
  ...job,
  kindLabel: 'Restore',
  title: 'Restoring 1,000 deleted users',
  state: 'running',
  counts: { total: 1000, succeeded: 400, failed: 15, skipped: 5 },
  ratePerSecond: 12.4,
  etaSeconds: 47,
  startedAt: '2026-11-23T09:00:00Z',
  updatedAt: '2026-11-23T09:01:00Z',
  audience: personal,
};

export const sampleResult: ResultView = {
  ...job,
  kindLabel: 'Restore',
  title: 'Restore 1,000 deleted users',
  outcome: 'completed',
  counts: { total: 1000, succeeded: 975, failed: 20, skipped: 5 },
  failureGroups: groupFailures([
    ...Array.from({ length: 12 }, (_, i) => ({ reason: 'The user principal name is already used by an active user: restore with a new UPN.', rowLabel: `line ${i + 2}: user${i}@contoso.com` })),
    ...Array.from({ length: 8 }, (_, i) => ({ reason: 'The object is no longer in the recycle bin (deleted more than 30 days ago).', rowLabel: `line ${i + 40}: old${i}@contoso.com` })),
  ]),
  resultsFile: { name: 'restore-7KQ2-results.csv' },
  canRetry: true,
  finishedAt: '2026-11-23T09:05:00Z',
  durationSeconds: 312,
  audience: personal,
};

export const sampleSignIn: SignInNeededView = {
  cardToken: 'nonce-sign',
  jobId: 'job-7f3c2a',
  reason: 'Your sign-in expired while job 7KQ2 was running. It is paused and continues where it stopped once you sign in.',
  permissions: ['Read and write all users’ full profiles', 'Read and write directory data'],
};

export const samplePaused: JobPausedView = {
  ...job,
  kindLabel: 'Invite guests',
  title: 'Inviting 5,000 guests',
  why: 'Microsoft Graph asked me to slow down: this tenant reached its limit for invitations.',
  resumes: 'It resumes by itself when Graph allows more requests.',
  resumeAt: '2026-11-23T09:20:00Z',
  canResume: false,
  counts: { total: 5000, succeeded: 2100, failed: 3, skipped: 0 },
  audience: personal,
};

export const sampleError: ErrorView = {
  title: 'I couldn’t restore Adele Vance',
  message: 'AdeleV@contoso.com is already used by an active user.',
  suggestion: 'Restore with a new UPN: restore Adele Vance as adele.vance2@contoso.com',
  code: 'Request_BadRequest',
  requestId: '6c1f1a0e-7a43-4d3f-9d5d-0a7a1b2c3d4e',
  occurredAt: '2026-11-23T09:02:00Z',
};

export const sampleNotYours: NotYoursView = { initiatorName: 'Megan Bowen', what: 'confirm or cancel this job', kindLabel: 'Restore', jobLabel: '7KQ2' };

export const sampleJobs: JobsListView = {
  heading: 'Your jobs',
  jobs: [
    { jobLabel: '7KQ2', kindLabel: 'Restore', title: 'Restore 1,000 deleted users', state: 'running', counts: { total: 1000, succeeded: 400, failed: 15, skipped: 5 }, createdAt: '2026-11-23T09:00:00Z' },
    { jobLabel: 'P3ZX', kindLabel: 'Invite guests', title: 'Invite 40 guests', state: 'completed', counts: { total: 40, succeeded: 39, failed: 1, skipped: 0 }, createdAt: '2026-11-22T15:00:00Z' },
    { jobLabel: 'Q9AA', kindLabel: 'Delete users', title: 'Delete 12 users', state: 'awaiting-confirmation', counts: { total: 12, succeeded: 0, failed: 0, skipped: 0 }, createdAt: '2026-11-23T09:10:00Z' },
  ],
  totalCount: 3,
};

export const sampleSetupCheck: SetupCheckView = {
  admin: 'Alex Wilber (AlexW@contoso.onmicrosoft.com)',
  tenant: 'Contoso',
  sections: [
    { heading: 'Connection', items: [{ mark: 'ok', label: 'Microsoft Graph', detail: 'https://graph.microsoft.com/v1.0 reached' }] },
    {
      heading: 'What you can do here',
      items: [
        { mark: 'ok', label: 'Restore deleted users', detail: 'Allowed by your User Administrator role.' },
        { mark: 'pim', label: 'Restore deleted groups', detail: 'You are eligible for Groups Administrator.', fix: 'Activate it in Privileged Identity Management.' },
        { mark: 'fail', label: 'Restore deleted apps', detail: 'Needs Application Administrator.', fix: 'Ask a Privileged Role Administrator.' },
      ],
    },
  ],
  allWorks: false,
};

export const sampleWhoami: WhoamiView = {
  displayName: 'Megan Bowen',
  userPrincipalName: 'MeganB@contoso.com',
  tenantName: 'Contoso',
  roles: [
    { name: 'User Administrator', canDo: 'Restore, create and delete users; invite guests; manage group members.' },
    { name: 'Groups Administrator', canDo: 'Restore and purge groups; manage group members.' },
  ],
  scopes: ['User.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
};

export const sampleDeleted: DeletedListView = {
  cardToken: 'nonce-deleted',
  heading: 'Deleted users',
  search: 'megan',
  items: [
    { objectId: '11111111-1111-1111-1111-111111111111', typeLabel: 'User', displayName: 'Megan Bowen', identifier: 'MeganB@contoso.com', deletedAt: '2026-11-20T08:00:00Z', daysLeft: 27 },
    { objectId: '22222222-2222-2222-2222-222222222222', typeLabel: 'User', displayName: 'Megan Bowen', identifier: 'megan.bowen@fabrikam.com', deletedAt: '2026-10-28T08:00:00Z', daysLeft: 4 },
    { objectId: '33333333-3333-3333-3333-333333333333', typeLabel: 'User', displayName: 'Megan Ortiz', identifier: 'megan.ortiz@contoso.com', deletedAt: '2026-10-24T08:00:00Z', daysLeft: 0 },
  ],
  totalCount: 3,
  canRestore: true,
  narrowHint: 'deleted users megan bowen',
};

/** One sample card per template, as the preview script and the template tests use them. */
export const samplePersonalChat: PersonalChatNeededView = {
  title: 'Attach the CSV in our personal chat',
  message: 'Teams gives files to bots only in a 1:1 chat. Open it and send “add members to Sales Team” there with the CSV attached.',
  botAppId: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
};

export const sampleExport: ExportResultView = {
  subject: 'users',
  rows: 23,
  fileName: 'users.csv',
  filter: 'department is Sales',
  url: 'https://contoso.sharepoint.com/users.csv',
};

export const sampleApproval: ApprovalView = {
  ...job,
  kindLabel: 'Delete users',
  title: 'Delete users: 12 rows',
  initiatorName: 'Megan Bowen',
  runRowCount: 12,
  outcomes: [{ count: 12, label: 'will be deleted (restorable for 30 days)', tone: 'warning' }],
  approverRoles: 'User Administrator or Privileged Authentication Administrator',
  expiresAt: '2026-11-21T09:30:00Z',
  mode: 'group',
};

export function sampleCards(): Record<CardTemplateName, AdaptiveCardJson> {
  return {
    help: buildHelpCard(sampleHelp),
    'unknown-command': buildUnknownCommandCard(sampleUnknown),
    'validation-summary': buildValidationSummaryCard(sampleValidation),
    confirm: buildConfirmCard(sampleConfirm),
    'choose-object': buildChooseObjectCard(sampleChoose),
    progress: buildProgressCard(sampleProgress),
    result: buildResultCard(sampleResult),
    'sign-in-needed': buildSignInNeededCard(sampleSignIn),
    'job-paused': buildJobPausedCard(samplePaused),
    error: buildErrorCard(sampleError),
    'not-yours': buildNotYoursCard(sampleNotYours),
    'jobs-list': buildJobsListCard(sampleJobs),
    whoami: buildWhoamiCard(sampleWhoami),
    'setup-check': buildSetupCheckCard(sampleSetupCheck),
    'deleted-list': buildDeletedListCard(sampleDeleted),
    'personal-chat-needed': buildPersonalChatNeededCard(samplePersonalChat),
    'export-result': buildExportResultCard(sampleExport),
    approval: buildApprovalCard(sampleApproval),
  };
}

/** `Action.Execute` verbs the cards emit; the bot routes on these. */
export const CARD_VERBS = {
  confirmJob: 'confirm-job',
  cancelJob: 'cancel-job',
  retryFailed: 'retry-failed',
  undoJob: 'undo-job',
  sendResults: 'send-results',
  resumeJob: 'resume-job',
  refreshJob: 'refresh-job',
  chooseObject: 'choose-object',
  restoreObject: 'restore-object',
  signIn: 'sign-in',
  runCommand: 'run-command',
  approveJob: 'approve-job',
  declineJob: 'decline-job',
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

export const ALL_CARD_VERBS: readonly CardVerb[] = Object.values(CARD_VERBS);

/** Ids of the inputs whose values arrive merged into the action data. */
export const CARD_INPUT_IDS = {
  typedCount: 'typedCount',
  newUserPrincipalName: 'newUserPrincipalName',
  autoReconcileProxyConflict: 'autoReconcileProxyConflict',
  includeChanged: 'includeChanged',
} as const;

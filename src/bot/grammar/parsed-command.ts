import type { UserPropertyColumn } from './user-properties';

export type DeletedObjectType = 'user' | 'group' | 'application' | 'servicePrincipal' | 'administrativeUnit';
export type TemplateKind = 'restore' | 'invite' | 'create-users' | 'delete-users' | 'update-users' | 'group-members';
export type UserTypeFilter = 'Guest' | 'Member';

/** A period the recycle bin can be asked about: "what was deleted today / this week". */
export type DeletedWithin = 'today' | 'this-week';

/**
 * `targets` (two or more) replaces `target` when one message names several; `previous` means "her/him/them": the
 * targets the bot named last for this admin in this conversation.
 */
export type ParsedCommand =
  | { intent: 'help' }
  | {
      intent: 'restore';
      target?: string;
      targets?: string[];
      /** The unsplit text when only "and" separated the names: it may be one name ("Sales and Marketing"). */
      wholeName?: string;
      previous?: true;
      objectType?: DeletedObjectType;
      newUserPrincipalName?: string;
      reconcileProxy: boolean;
    }
  | { intent: 'list-deleted'; objectType?: DeletedObjectType; search?: string; deletedWithin?: DeletedWithin }
  | { intent: 'purge'; target: string; objectType?: DeletedObjectType }
  | { intent: 'invite'; email?: string; emails?: string[]; displayName?: string; redirectUrl?: string; message?: string; sendEmail: boolean }
  | { intent: 'export-users'; userType?: UserTypeFilter; where?: { property: string; value: string }; columns?: string[] }
  | { intent: 'export-groups' }
  | { intent: 'export-group-members'; group: string }
  /** "who are the members of X": answered in the chat, with the export for the full list. */
  | { intent: 'members-question'; group: string }
  | { intent: 'add-group-members'; group: string }
  | { intent: 'remove-group-members'; group: string }
  | { intent: 'add-to-group'; members?: string[]; previous?: true; group: string }
  | { intent: 'remove-from-group'; members?: string[]; previous?: true; group: string }
  | { intent: 'create-users' }
  | { intent: 'delete-users'; target?: string; targets?: string[]; previous?: true }
  | { intent: 'update-users' }
  | { intent: 'update-user'; target?: string; previous?: true; property: UserPropertyColumn; value: string }
  | { intent: 'template'; kind?: TemplateKind }
  | { intent: 'jobs' }
  /** `latest`: "my job", "the last job", "that job": the admin's most recent job. */
  | { intent: 'status'; job?: string; latest?: true }
  | { intent: 'cancel'; job?: string; latest?: true }
  | { intent: 'retry'; job?: string; latest?: true }
  /** Posts the approval card of one's own job waiting for a second administrator here (a group chat or channel). */
  | { intent: 'approval'; job?: string }
  /** Undo a finished job; `last`: "undo my last job". */
  | { intent: 'undo'; job?: string; last?: boolean }
  /** "yes", "go ahead": confirms the admin's newest pending confirm card (personal chat only). */
  | { intent: 'confirm' }
  | { intent: 'deleted-question'; ask: 'is-deleted' | 'restore-window'; target?: string; previous?: true }
  | { intent: 'whoami' }
  | { intent: 'check-setup' }
  | { intent: 'sign-out' }
  /** A phrase that could mean more than one command: the bot asks which, with a button per runnable command. */
  | { intent: 'clarify'; question: string; options: Array<{ title: string; command: string }> }
  /** Recognised command with arguments that cannot work; `message` says what to change. */
  | { intent: 'invalid'; command: string; message: string }
  | { intent: 'unknown'; text: string; suggestion?: string };

export type Intent = ParsedCommand['intent'];

import type { RowSpec } from '../csv/validate-rows';
import type { ErrorHint } from '../graph/error-facts';
import type { BulkOperation } from './bulk-operation';
import type { RoleRequirement } from './directory-roles';

/** How chat help and the Teams command menu present a command. */
export interface ChatHelp {
  /** What a person types; angle brackets mark values, square brackets optional parts. */
  usage: string;
  /** One line for help and for the Teams command menu (at most 128 characters). */
  description: string;
  /** A full, working example. */
  example: string;
  /** Short title for the Teams command menu (at most 32 characters); absent = not in the menu. */
  menuTitle?: string;
  /** Needs a CSV attached (personal chat only, where Teams delivers files to bots). */
  needsFile?: boolean;
  /** How a card titles a one-row job: "Restore" gives "Restore Adele Vance"; absent = "<title>: 1 row". */
  singleRowVerb?: string;
  /** For kinds that act on one group: the command words before `<group>`, e.g. "add members to". */
  groupCommand?: string;
}

/**
 * Everything the product knows about one bulk kind, declared in the kind's own folder and listed once in
 * catalogue.ts: the CLI, the jobs, the bot's help and whoami, and the Teams manifest read it from there.
 * `CsvKind` is the kind whose file format it reads: its own, or another kind's (purge reads restore files).
 */
export interface OperationDefinition<Row, CsvKind extends string> {
  operation: BulkOperation<Row>;
  csv: RowSpec<Row, CsvKind>;
  /** Every role requirement the kind can check, so "what does this role allow" is answered from here. */
  roles: readonly RoleRequirement[];
  /** Row and planned-work fields that are secrets: never echoed in results, sealed at rest. */
  secretFields?: readonly string[];
  /** Why Graph refused this kind's requests, in its own words; the generic reasons cover the rest. */
  errorHints: readonly ErrorHint[];
  chat: ChatHelp;
}

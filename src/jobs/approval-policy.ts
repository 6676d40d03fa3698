/**
 * Which jobs need a second administrator's approval before they run (`APPROVAL_POLICY`, e.g.
 * `delete-users>10, purge>0`): one rule per kind, covering jobs with strictly more than `moreThan` rows.
 */
export interface ApprovalRule {
  kind: string;
  moreThan: number;
}

/** No rules: every job runs on its initiator's Confirm alone (the default). */
export type ApprovalPolicy = readonly ApprovalRule[];

export const NO_APPROVAL_POLICY: ApprovalPolicy = [];

export type ApprovalPolicyParse = { ok: true; policy: ApprovalPolicy } | { ok: false; errors: string[] };

const ENTRY = /^([a-z][a-z-]*)\s*>\s*(\S+)$/i;
const OFF = new Set(['off', 'none']);

/**
 * Reads `kind>N` entries separated by commas; `kinds` are the catalogue's kind names. Every bad entry is reported
 * with what to write instead, so a typo never silently leaves a kind without its approval.
 */
export function parseApprovalPolicy(text: string, kinds: readonly string[]): ApprovalPolicyParse {
  const trimmed = text.trim();
  if (trimmed === '' || OFF.has(trimmed.toLowerCase())) return { ok: true, policy: NO_APPROVAL_POLICY };
  const errors: string[] = [];
  const rules: ApprovalRule[] = [];
  const example = `e.g. ${kinds.includes('delete-users') ? 'delete-users' : (kinds[0] ?? 'kind')}>10`;
  for (const raw of trimmed.split(',')) {
    const entry = raw.trim();
    if (entry === '') {
      errors.push(`APPROVAL_POLICY has an empty entry (two commas in a row, or a trailing comma): write kind>N entries separated by single commas, ${example}`);
      continue;
    }
    const match = ENTRY.exec(entry);
    if (!match) {
      errors.push(`APPROVAL_POLICY entry '${entry}' is not of the form kind>N (rows strictly more than N need a second approval): write it as ${example}`);
      continue;
    }
    const kind = (match[1] ?? '').toLowerCase();
    const count = match[2] ?? '';
    if (!kinds.includes(kind)) {
      errors.push(`APPROVAL_POLICY entry '${entry}': '${kind}' is not a job kind; use one of ${kinds.join(', ')}`);
      continue;
    }
    if (!/^\d{1,9}$/.test(count)) {
      errors.push(`APPROVAL_POLICY entry '${entry}': '${count}' is not a whole number of rows; write ${kind}>0 to cover every ${kind} job, or ${kind}>N for jobs of more than N rows`);
      continue;
    }
    if (rules.some((rule) => rule.kind === kind)) {
      errors.push(`APPROVAL_POLICY names ${kind} twice ('${entry}'): keep one ${kind}>N entry`);
      continue;
    }
    rules.push({ kind, moreThan: Number(count) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: rules };
}

/** Whether a job of this kind and size waits for a second administrator after its initiator's Confirm. */
export function approvalRequired(policy: ApprovalPolicy, kind: string, rowCount: number): boolean {
  const rule = policy.find((r) => r.kind === kind);
  return rule !== undefined && rowCount > rule.moreThan;
}

/** The policy as an admin would write it, e.g. "delete-users>10, purge>0"; "off" when empty. */
export function describeApprovalPolicy(policy: ApprovalPolicy): string {
  return policy.length === 0 ? 'off' : policy.map((rule) => `${rule.kind}>${rule.moreThan}`).join(', ');
}

import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { listItems } from '../graph/pager';
import type { GraphObject } from './export-columns';
import { LICENSE_NAMES_FIELD } from './export-columns';

/** Why Graph would not give a column's data; the rest of the export ran without it. */
export type ColumnRefusalReason = 'permission-missing' | 'no-premium-license' | 'role-missing' | 'refused';

/**
 * A column the admin asked for whose data Graph refused: the export ran without it. `lastSignInDateTime` cells stay
 * empty; `assignedLicenses` shows SKU ids instead of part numbers.
 */
export interface ColumnUnavailableNote {
  kind: 'column-unavailable';
  column: 'lastSignInDateTime' | 'assignedLicenses';
  reason: ColumnRefusalReason;
  /** Graph's error code and request id for the refusal, for a support case. */
  code: string;
  requestId?: string;
}

/** Graph's typed 403 codes for signInActivity (user.md; see the sandbox's user-reads.ts). */
const SIGN_IN_REFUSALS: Readonly<Record<string, ColumnRefusalReason>> = {
  Authentication_MSGraphPermissionMissing: 'permission-missing',
  Authentication_RequestFromNonPremiumTenantOrB2CTenant: 'no-premium-license',
  Authentication_RequestFromUnsupportedUserRole: 'role-missing',
};

function refusalNote(column: ColumnUnavailableNote['column'], error: GraphError, reason: ColumnRefusalReason): ColumnUnavailableNote {
  return { kind: 'column-unavailable', column, reason, code: error.code, ...(error.requestId ? { requestId: error.requestId } : {}) };
}

/**
 * Asks once, for one user, whether Graph gives signInActivity to this caller in this tenant; a 403 becomes a note and
 * the export leaves the property out of `$select` (otherwise every page would be refused). Other failures are thrown.
 */
export async function probeSignInActivity(graph: GraphClient, signal?: AbortSignal): Promise<ColumnUnavailableNote | undefined> {
  const response = await graph.request({ method: 'GET', url: '/users?$select=id,signInActivity&$top=1', operation: 'export', ...(signal ? { signal } : {}) });
  if (response.ok) return undefined;
  if (response.error.status !== 403) throw response.error;
  return refusalNote('lastSignInDateTime', response.error, SIGN_IN_REFUSALS[response.error.code] ?? 'refused');
}

const skuSchema = z.object({ skuId: z.string(), skuPartNumber: z.string() }).passthrough();

/** skuId → skuPartNumber from `GET /subscribedSkus`, read once per export; when Graph refuses it, why. */
export async function readSkuNames(graph: GraphClient, signal?: AbortSignal): Promise<{ names: Map<string, string> } | { refused: ColumnUnavailableNote }> {
  const names = new Map<string, string>();
  try {
    for await (const item of listItems<unknown>(graph, '/subscribedSkus?$select=skuId,skuPartNumber', { operation: 'export', ...(signal ? { signal } : {}) })) {
      const sku = skuSchema.safeParse(item);
      if (sku.success) names.set(sku.data.skuId.toLowerCase(), sku.data.skuPartNumber);
    }
  } catch (error) {
    if (!(error instanceof GraphError) || error.status !== 403) throw error;
    return { refused: refusalNote('assignedLicenses', error, error.code === 'Authorization_RequestDenied' ? 'permission-missing' : 'refused') };
  }
  return { names };
}

const assignedLicensesSchema = z.array(z.object({ skuId: z.string() }).passthrough());

/** Adds each user's licenses as SKU part numbers (a SKU Graph did not name keeps its id), in place: memory stays flat. */
export async function* withLicenseNames(items: AsyncIterable<GraphObject>, names: ReadonlyMap<string, string>): AsyncGenerator<GraphObject> {
  for await (const item of items) {
    const licenses = assignedLicensesSchema.safeParse(item.assignedLicenses);
    item[LICENSE_NAMES_FIELD] = licenses.success ? licenses.data.map((l) => names.get(l.skuId.toLowerCase()) ?? l.skuId).join(';') : '';
    yield item;
  }
}

const SIGN_IN_WHY: Readonly<Record<ColumnRefusalReason, string>> = {
  'permission-missing': "the app's sign-in does not carry the AuditLog.Read.All permission (an administrator grants it in the app registration)",
  'no-premium-license': 'the tenant has no Microsoft Entra ID P1 or P2 license, which sign-in activity needs',
  'role-missing': 'your directory roles do not include one that may read sign-in activity (e.g. Reports Reader, Security Reader or Global Reader)',
  refused: 'Graph refused to give sign-in activity',
};

const LICENSE_WHY: Readonly<Record<ColumnRefusalReason, string>> = {
  'permission-missing': "the app's sign-in does not carry a permission to read the tenant's subscriptions (Organization.Read.All or Directory.Read.All)",
  'no-premium-license': 'the tenant lacks a license for it',
  'role-missing': 'your directory roles do not allow it',
  refused: 'Graph refused to list the subscriptions',
};

/** The note as a sentence for the admin (CLI and result card). */
export function describeColumnNote(note: ColumnUnavailableNote): string {
  if (note.column === 'lastSignInDateTime') {
    return `The lastSignInDateTime column is empty because ${SIGN_IN_WHY[note.reason]} (Graph code ${note.code}); the rest of the export is complete.`;
  }
  return `The assignedLicenses column shows SKU ids instead of names because ${LICENSE_WHY[note.reason]} (Graph code ${note.code}).`;
}

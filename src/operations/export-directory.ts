import type { Writable } from 'node:stream';
import { z } from 'zod';
import { BatchExecutor } from '../graph/batch-executor';
import type { GraphClient } from '../graph/graph-client';
import { listItems, listPartitioned } from '../graph/pager';
import type { PartitionFallback, PartitionPlan, PartitionQuery, PartitionStrategy } from '../graph/pager';
import type { CsvColumn } from '../csv/write-csv';
import { writeCsv } from '../csv/write-csv';
import { chooseColumns, column, joined, SELECTABLE_USER_COLUMNS, text, USER_EXPORT_COLUMNS } from './export-columns';
import type { ExportColumn, GraphObject } from './export-columns';
import { describeColumnNote, probeSignInActivity, readSkuNames, withLicenseNames } from './user-export-extras';
import type { ColumnUnavailableNote } from './user-export-extras';
import { findSingleGroup } from './group-membership';
import { toGroupSummary } from './group-lookup';
import { filterParam, odataString } from '../graph/odata-literal';

export type ExportKind = 'export-users' | 'export-groups' | 'export-group-members';

export { USER_EXPORT_COLUMNS, SELECTABLE_USER_COLUMNS } from './export-columns';

export const GROUP_EXPORT_COLUMNS: readonly ExportColumn[] = [
  column('objectId', 'id'),
  column('displayName', 'displayName'),
  { header: 'groupType', select: ['groupTypes', 'mailEnabled', 'securityEnabled'], value: (item) => toGroupSummary(item)?.kind ?? '' },
  column('mail', 'mail'),
  column('mailNickname', 'mailNickname'),
  column('description', 'description'),
  column('securityEnabled', 'securityEnabled'),
  column('mailEnabled', 'mailEnabled'),
  { header: 'membershipType', select: ['groupTypes'], value: (item) => (joined('groupTypes')(item) as string).includes('DynamicMembership') ? 'Dynamic' : 'Assigned' },
  column('isAssignableToRole', 'isAssignableToRole'),
  column('visibility', 'visibility'),
  column('createdDateTime', 'createdDateTime'),
];

export const MEMBER_EXPORT_COLUMNS: readonly ExportColumn[] = [
  column('objectId', 'id'),
  { header: 'objectType', select: [], value: (item) => String(item['@odata.type'] ?? '').replace('#microsoft.graph.', '') },
  column('displayName', 'displayName'),
  column('userPrincipalName', 'userPrincipalName'),
  column('mail', 'mail'),
  column('userType', 'userType'),
];

const AUTH_METHOD_COLUMNS: readonly ExportColumn[] = [
  { header: 'authenticationPhoneNumber', select: [], value: text('~authPhone') },
  { header: 'authenticationAlternativePhoneNumber', select: [], value: text('~authAlternatePhone') },
  { header: 'authenticationEmail', select: [], value: text('~authEmail') },
];

const methodsPageSchema = z.object({ value: z.array(z.record(z.unknown())) });

/**
 * Reads each user's phone and email authentication methods in `$batch` reads of 10 users (20 requests), keeping the
 * order of users; a user whose methods can't be read gets empty cells, not a failed export.
 */
async function* withAuthenticationMethods(graph: GraphClient, items: AsyncIterable<GraphObject>, signal?: AbortSignal): AsyncGenerator<GraphObject> {
  const executor = new BatchExecutor({ transport: graph });
  let chunk: GraphObject[] = [];
  const flush = async function* (): AsyncGenerator<GraphObject> {
    const requests = chunk.flatMap((user, index) => {
      const id = String(user.id ?? '');
      return [
        { key: `${index}:phone`, request: { method: 'GET' as const, url: `/users/${id}/authentication/phoneMethods` }, kind: 'read' as const, operation: 'export' as const },
        { key: `${index}:email`, request: { method: 'GET' as const, url: `/users/${id}/authentication/emailMethods` }, kind: 'read' as const, operation: 'export' as const },
      ];
    });
    const answers = new Map<string, Record<string, unknown>[]>();
    for await (const result of executor.run(requests, signal ? { signal } : {})) {
      if (result.outcome !== 'succeeded') continue;
      const page = methodsPageSchema.safeParse(result.body);
      if (page.success) answers.set(result.item.key, page.data.value);
    }
    for (const [index, user] of chunk.entries()) {
      const phones = answers.get(`${index}:phone`) ?? [];
      const emails = answers.get(`${index}:email`) ?? [];
      const phone = (type: string) => phones.find((p) => p.phoneType === type)?.phoneNumber;
      yield { ...user, '~authPhone': phone('mobile') ?? '', '~authAlternatePhone': phone('alternateMobile') ?? '', '~authEmail': emails[0]?.emailAddress ?? '' };
    }
    chunk = [];
  };
  for await (const user of items) {
    chunk.push(user);
    if (chunk.length === 10) yield* flush();
  }
  if (chunk.length > 0) yield* flush();
}

export interface UserExportFilter {
  userType?: 'Guest' | 'Member';
  /** One `property eq value` condition; property is a Graph user property name. */
  where?: { property: string; value: string };
  /** A raw OData `$filter`, for the CLI; combined with the others. */
  filter?: string;
}

const BOOLEAN_PROPERTIES = new Set(['accountEnabled']);

export function userExportFilter(filter: UserExportFilter): string | undefined {
  const clauses: string[] = [];
  if (filter.userType) clauses.push(`userType eq '${filter.userType}'`);
  if (filter.where) {
    const { property, value } = filter.where;
    if (BOOLEAN_PROPERTIES.has(property)) {
      const truthy = /^(true|yes|enabled|1)$/i.test(value);
      clauses.push(`${property} eq ${truthy}`);
    } else {
      clauses.push(`${property} eq ${odataString(value)}`);
    }
  }
  if (filter.filter) clauses.push(`(${filter.filter})`);
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

/**
 * Graph refused the parallel partitions' filter in this tenant, so the export ran another way; every row is still in
 * the file exactly once. `refused` lists what Graph refused, in the order tried; `midway` means Graph refused only
 * after rows had been written, and the export finished as one stream that skipped the rows already written.
 */
export interface PartitioningRefusedNote {
  kind: 'partitioning-refused';
  property: string;
  refused: PartitionQuery[];
  ranAs: PartitionStrategy;
  midway: boolean;
  /** Graph's error code and request id for the refusal, for a support case. */
  code: string;
  requestId?: string;
}

export type ExportNote = PartitioningRefusedNote | ColumnUnavailableNote;

/** e.g. "range (ge) and startswith queries on userPrincipalName". */
function refusedWords(refused: readonly PartitionQuery[], property: string): string {
  const filters = refused.flatMap((query) => (query === 'ranges' ? ['range (ge)'] : query === 'prefixes' ? ['startswith'] : []));
  const parts = [
    ...(refused.includes('count') ? ['advanced queries ($count with ConsistencyLevel: eventual)'] : []),
    ...(filters.length > 0 ? [`${filters.join(' and ')} queries on ${property}`] : []),
  ];
  return parts.join(' and ');
}

/** The note as a sentence for the admin (CLI and result card). */
export function describeExportNote(note: ExportNote): string {
  if (note.kind === 'column-unavailable') return describeColumnNote(note);
  const refused = refusedWords(note.refused, note.property);
  if (note.midway) {
    return (
      `Graph refused ${refused} part-way through, so the export finished as one stream (slower), skipping the rows ` +
      `already written: no row was repeated or left out (Graph code ${note.code}).`
    );
  }
  const ranAs = note.ranAs === 'prefixes' ? 'in parallel parts by first character instead' : 'as one stream (slower)';
  return `Graph refused ${refused} in this tenant, so the export ran ${ranAs}; every row is still in the file once (Graph code ${note.code}).`;
}

function noteFromPlan(plan: PartitionPlan, property: string): ExportNote | undefined {
  const last = plan.refused[plan.refused.length - 1];
  if (last === undefined) return undefined;
  return {
    kind: 'partitioning-refused',
    property,
    refused: plan.refused.map((r) => r.query),
    ranAs: plan.strategy,
    midway: false,
    code: last.error.code,
    ...(last.error.requestId ? { requestId: last.error.requestId } : {}),
  };
}

function noteFromFallback(fallback: PartitionFallback, property: string): ExportNote {
  return {
    kind: 'partitioning-refused',
    property,
    refused: [fallback.from],
    ranAs: 'single',
    midway: true,
    code: fallback.error.code,
    ...(fallback.error.requestId ? { requestId: fallback.error.requestId } : {}),
  };
}

export interface ExportResult {
  rows: number;
  columns: string[];
  /** What was exported, for the result message, e.g. "members of Sales Team". */
  subject: string;
  /** What the admin should know about how the export ran; empty when it ran as planned. */
  notes: ExportNote[];
}

export class ExportOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportOptionError';
  }
}

/** The chosen columns, or an ExportOptionError naming the unknown ones. */
function columnsOrThrow(all: readonly ExportColumn[], wanted: readonly string[] | undefined, defaults: readonly ExportColumn[] = all): ExportColumn[] {
  if (!wanted || wanted.length === 0) return [...defaults];
  const choice = chooseColumns(all, wanted);
  if (!choice.ok) throw new ExportOptionError(choice.message);
  return choice.columns;
}

async function writeExport(out: Writable, columns: readonly ExportColumn[], items: AsyncIterable<GraphObject>, onRow?: (count: number) => void): Promise<number> {
  let rows = 0;
  async function* counted(): AsyncGenerator<GraphObject> {
    for await (const item of items) {
      rows++;
      if (onRow && rows % 1000 === 0) onRow(rows);
      yield item;
    }
  }
  const csvColumns: CsvColumn<GraphObject>[] = columns.map((c) => ({ header: c.header, value: c.value }));
  await writeCsv(out, csvColumns, counted());
  onRow?.(rows);
  return rows;
}

export interface ExportOptions {
  columns?: readonly string[];
  /**
   * Adds the portal's authentication-method columns. They cost two extra reads per user (sent as `$batch`), and need
   * UserAuthenticationMethod.Read.All and an Authentication Administrator-level role.
   */
  authenticationMethods?: boolean;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
  /** Parallel range partitions for users; 1 lists in a single stream. */
  partitions?: number;
}

/**
 * Users to CSV, in parallel UPN partitions so that half a million users stream in minutes with bounded memory; when
 * Graph refuses the partition queries the result notes how the export ran instead (every row is still written once).
 */
export async function exportUsers(graph: GraphClient, out: Writable, filter: UserExportFilter, options: ExportOptions = {}): Promise<ExportResult> {
  const columns = columnsOrThrow(SELECTABLE_USER_COLUMNS, options.columns, USER_EXPORT_COLUMNS);
  const needs = new Set(columns.flatMap((c) => (c.needs ? [c.needs] : [])));
  const notes: ExportNote[] = [];
  let select = [...new Set(['id', ...columns.flatMap((c) => c.select)])];
  if (needs.has('sign-in-activity')) {
    const refused = await probeSignInActivity(graph, options.signal);
    if (refused) {
      notes.push(refused);
      select = select.filter((property) => property !== 'signInActivity');
    }
  }
  let licenseNames: ReadonlyMap<string, string> | undefined;
  if (needs.has('license-names')) {
    const skus = await readSkuNames(graph, options.signal);
    if ('refused' in skus) notes.push(skus.refused);
    licenseNames = 'names' in skus ? skus.names : new Map();
  }
  const odataFilter = userExportFilter(filter);
  const property = 'userPrincipalName';
  const items = needs.has('manager')
    ? listWithManagers(graph, select, odataFilter, options.signal)
    : (options.partitions ?? 24) <= 1
      ? listItems<GraphObject>(graph, `/users?$select=${select.join(',')}&$top=999${odataFilter ? `&${filterParam(odataFilter)}` : ''}`, { signal: options.signal, operation: 'export' })
      : listPartitioned<GraphObject>(graph, {
          path: '/users',
          property,
          select,
          ...(odataFilter ? { filter: odataFilter } : {}),
          concurrency: options.partitions ?? 24,
          ...(options.signal ? { signal: options.signal } : {}),
          onPlan: (plan) => {
            const note = noteFromPlan(plan, property);
            if (note) notes.push(note);
          },
          onFallback: (fallback) => notes.push(noteFromFallback(fallback, property)),
        });
  const withLicenses = licenseNames ? withLicenseNames(items, licenseNames) : items;
  const withMethods = options.authenticationMethods ? [...columns, ...AUTH_METHOD_COLUMNS] : columns;
  const source = options.authenticationMethods ? withAuthenticationMethods(graph, withLicenses, options.signal) : withLicenses;
  const rows = await writeExport(out, withMethods, source, options.onProgress);
  return {
    rows,
    columns: withMethods.map((c) => c.header),
    subject: filter.userType === 'Guest' ? 'guest users' : filter.userType === 'Member' ? 'member users' : 'users',
    notes,
  };
}

/**
 * Users with their manager's UPN, as one stream: Graph does not take `$expand` in the advanced queries the parallel
 * partitions need, and returns at most 100 objects per page with `$expand` (known issue 13635).
 */
function listWithManagers(graph: GraphClient, select: readonly string[], odataFilter: string | undefined, signal: AbortSignal | undefined): AsyncIterable<GraphObject> {
  const url = `/users?$select=${select.join(',')}&$expand=manager($select=userPrincipalName)&$top=100${odataFilter ? `&${filterParam(odataFilter)}` : ''}`;
  return listItems<GraphObject>(graph, url, { signal, operation: 'export' });
}

export async function exportGroups(graph: GraphClient, out: Writable, options: ExportOptions & { filter?: string } = {}): Promise<ExportResult> {
  const columns = columnsOrThrow(GROUP_EXPORT_COLUMNS, options.columns);
  const select = [...new Set(['id', ...columns.flatMap((c) => c.select)])];
  const url = `/groups?$select=${select.join(',')}&$top=999${options.filter ? `&${filterParam(options.filter)}` : ''}`;
  const rows = await writeExport(out, columns, listItems<GraphObject>(graph, url, { signal: options.signal, operation: 'export' }), options.onProgress);
  return { rows, columns: columns.map((c) => c.header), subject: 'groups', notes: [] };
}

export async function exportGroupMembers(graph: GraphClient, out: Writable, group: string, options: ExportOptions = {}): Promise<ExportResult> {
  const columns = columnsOrThrow(MEMBER_EXPORT_COLUMNS, options.columns);
  const resolved = await findSingleGroup(graph, group, options.signal);
  const url = `/groups/${resolved.id}/members?$select=id,displayName,userPrincipalName,mail,userType&$top=999`;
  const rows = await writeExport(out, columns, listItems<GraphObject>(graph, url, { signal: options.signal, operation: 'export' }), options.onProgress);
  return { rows, columns: columns.map((c) => c.header), subject: `members of ${resolved.displayName}`, notes: [] };
}

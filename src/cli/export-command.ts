import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { describeExportNote, ExportOptionError, exportGroupMembers, exportGroups, exportUsers } from '../operations/export-directory';
import type { ExportResult } from '../operations/export-directory';
import { CliError, EXIT } from './exit-codes';
import type { Io } from './io';

export type ExportTarget = 'users' | 'groups' | 'group-members';

export interface ExportFlags {
  filter?: string;
  columns?: string[];
  group?: string;
  out: string;
  partitions?: number;
  authenticationMethods?: boolean;
}

export async function exportCommand(target: ExportTarget, graph: GraphClient, flags: ExportFlags, io: Io): Promise<number> {
  const toStdout = flags.out === '-';
  const out: Writable = toStdout ? (io.out as Writable) : createWriteStream(flags.out);
  const onProgress = (rows: number) => {
    if (io.err.isTTY) io.err.write(`\r${rows} rows…`);
  };
  let result: ExportResult;
  try {
    const options = {
      ...(flags.columns ? { columns: flags.columns } : {}),
      onProgress,
      ...(flags.partitions ? { partitions: flags.partitions } : {}),
      ...(flags.authenticationMethods ? { authenticationMethods: true } : {}),
    };
    if (target === 'users') result = await exportUsers(graph, out, flags.filter ? { filter: flags.filter } : {}, options);
    else if (target === 'groups') result = await exportGroups(graph, out, { ...options, ...(flags.filter ? { filter: flags.filter } : {}) });
    else {
      if (!flags.group) throw new CliError('export group-members needs --group <name or object id>');
      result = await exportGroupMembers(graph, out, flags.group, options);
    }
  } catch (error) {
    if (error instanceof ExportOptionError) throw new CliError(error.message);
    if (error instanceof GraphError) throw new CliError(error.reason, error.status === 401 || error.status === 403 ? EXIT.auth : EXIT.invalid);
    if (error instanceof Error && error.name === 'GroupPlanError') throw new CliError(error.message);
    throw error;
  } finally {
    if (!toStdout) {
      out.end();
      await once(out, 'finish').catch(() => undefined);
    }
  }
  if (io.err.isTTY) io.err.write('\n');
  io.err.write(`Exported ${result.rows} ${result.subject}${toStdout ? '' : ` to ${flags.out}`}.\n`);
  for (const note of result.notes) io.err.write(`Note: ${describeExportNote(note)}\n`);
  return EXIT.ok;
}

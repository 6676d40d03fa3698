import os from 'node:os';
import { csvLine } from '../../src/csv/write-csv';
import { portalColumns, renderTemplate } from '../../src/csv/csv-template';
import { parseKindCsv } from '../../src/operations/csv-kinds';
import { createUsersTemplate } from '../../src/operations/create-users/create-users-row';
import type { BenchArgs } from '../lib/bench-args';
import { elapsedSeconds } from '../lib/connect';
import { MB, round } from '../lib/figures';
import type { ScenarioReport } from '../lib/report';
import { maxRssBytes, RssSampler } from '../lib/rss-sampler';

const TARGET_SECONDS = 3;
const TARGET_RSS_MB = 300;
const BAD_EVERY = 100;
/** The file's first data row is on line 3: line 1 is the version row, line 2 the header. */
const FIRST_DATA_LINE = 3;

/** A create-users CSV in the portal's format; every 100th row has a user name with two @. Returns the bad lines. */
export function createUsersCsv(rows: number): { bytes: Buffer; badLines: number[] } {
  const columns = portalColumns(createUsersTemplate);
  const badLines: number[] = [];
  const chunks: Buffer[] = [Buffer.from(renderTemplate(createUsersTemplate, { includeExampleRow: false }), 'utf8')];
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const bad = i % BAD_EVERY === BAD_EVERY - 1;
    if (bad) badLines.push(FIRST_DATA_LINE + i);
    const upn = bad ? `user${i}@@contoso.onmicrosoft.com` : `user${i}@contoso.onmicrosoft.com`;
    const values: Record<string, string> = {
      displayName: `Bench User ${i}`,
      userPrincipalName: upn,
      passwordProfile: `Xq7!pass${i % 997}Zz`,
      accountEnabled: i % 9 === 0 ? 'Yes' : 'No',
      givenName: 'Bench',
      surname: `User ${i}`,
      jobTitle: 'Analyst',
      department: 'Finance',
      usageLocation: 'US',
      city: 'Redmond',
      telephoneNumber: '+1 425 555 0100',
    };
    // As the portal's own file has it: a phone number's leading + is not escaped as a formula.
    lines.push(csvLine(columns.map((c) => values[c.token] ?? ''), { escapeFormulas: false }));
    if (lines.length === 1000) {
      chunks.push(Buffer.from(lines.join(''), 'utf8'));
      lines = [];
    }
  }
  chunks.push(Buffer.from(lines.join(''), 'utf8'));
  return { bytes: Buffer.concat(chunks), badLines };
}

export async function runValidate(args: BenchArgs): Promise<ScenarioReport> {
  const startedAt = new Date().toISOString();
  const rows = 100_000;
  const { bytes, badLines } = createUsersCsv(rows);
  await new Promise((resolve) => setTimeout(resolve, 50));

  const sampler = new RssSampler(10).start();
  const rssBefore = sampler.sample();
  const start = performance.now();
  const outcome = parseKindCsv(bytes, { expected: 'create-users', limits: { maxRows: 200_000, maxBytes: 256 * MB } });
  const seconds = elapsedSeconds(start);
  const peak = sampler.peak;
  sampler.stop();
  if (!outcome.ok) throw new Error(`The create-users CSV did not parse: ${outcome.problem.message}`);
  if (outcome.kind !== 'create-users') throw new Error(`The create-users CSV was read as ${outcome.kind}.`);
  const validation = outcome.validation;

  // The same file again in the same process: what a long-running bot sees once its code is warm.
  const warmStart = performance.now();
  parseKindCsv(bytes, { expected: 'create-users', limits: { maxRows: 200_000, maxBytes: 256 * MB } });
  const warmSeconds = elapsedSeconds(warmStart);

  const expectedBad = new Set(badLines);
  const reportedLines = new Set(validation.errors.map((e) => e.line));
  const missing = badLines.filter((line) => !reportedLines.has(line)).length;
  const unexpected = [...reportedLines].filter((line) => !expectedBad.has(line)).length;
  const upnErrors = validation.errors.filter((e) => e.token === 'userPrincipalName' && expectedBad.has(e.line)).length;
  const peakMb = peak / MB;
  const processMaxMb = maxRssBytes() / MB;

  const figures = {
    rows,
    bytes: bytes.length,
    seconds: round(seconds, 3),
    warmSeconds: round(warmSeconds, 3),
    loadAverage1m: round(os.loadavg()[0] ?? 0),
    rowsPerSecond: Math.round(rows / seconds),
    valid: validation.valid.length,
    errors: validation.errors.length,
    expectedBadRows: badLines.length,
    badRowsReported: badLines.length - missing,
    badRowsMissed: missing,
    goodRowsFlagged: unexpected,
    userNameErrorsOnBadRows: upnErrors,
    duplicates: validation.duplicates.length,
    rssBeforeMB: round(rssBefore / MB),
    peakRssMB: round(peakMb),
    processMaxRssMB: round(processMaxMb),
    firstError: validation.errors[0] ? `${validation.errors[0].line}: ${validation.errors[0].message}` : null,
  };
  const ideal = { seconds: TARGET_SECONDS, peakRssMB: TARGET_RSS_MB, errors: badLines.length };
  const ratios = { timeVsTarget: round(seconds / TARGET_SECONDS, 2), rssVsTarget: round(peakMb / TARGET_RSS_MB, 2) };
  const targets = [
    { name: 'validation time', target: `≤ ${TARGET_SECONDS} s`, measured: `${round(seconds, 2)} s`, met: seconds <= TARGET_SECONDS },
    { name: 'peak RSS (whole process, file in memory)', target: `≤ ${TARGET_RSS_MB} MB`, measured: `${round(peakMb, 1)} MB`, met: peakMb <= TARGET_RSS_MB },
    { name: 'every bad row reported, no good row', target: `${badLines.length} rows`, measured: `${badLines.length - missing} reported, ${unexpected} extra`, met: missing === 0 && unexpected === 0 },
  ];
  const table = [
    { metric: 'Rows (1 % bad user names)', value: String(rows), note: `${round(bytes.length / MB, 1)} MB` },
    { metric: 'parseKindCsv time', value: `${round(seconds, 2)} s`, note: `${Math.round(rows / seconds)} rows/s` },
    { metric: 'Same file again (warm)', value: `${round(warmSeconds, 2)} s`, note: 'not the target figure' },
    { metric: 'Peak RSS', value: `${round(peakMb, 1)} MB`, note: `before: ${round(rssBefore / MB, 1)} MB; process max ${round(processMaxMb, 1)} MB` },
    { metric: 'Valid / errors', value: `${validation.valid.length} / ${validation.errors.length}` },
    { metric: 'Bad rows reported / missed / extra', value: `${badLines.length - missing} / ${missing} / ${unexpected}` },
  ];
  const notes = [
    'RSS includes the whole file held in memory (as an upload is) and the tsx runtime.',
    `The timed figure is the first (cold) call in a fresh process; the 1-minute load average was ${round(os.loadavg()[0] ?? 0, 1)} on ${os.cpus().length} CPUs, so other work on the machine inflates it.`,
  ];
  return { scenario: 'validate', title: 'Validate a 100,000-row create-users CSV', quick: args.quick, timeScale: 1, startedAt, finishedAt: new Date().toISOString(), figures, ideal, ratios, targets, table, notes };
}

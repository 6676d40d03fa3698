import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TargetCheck {
  name: string;
  /** e.g. "≥ 18 /s" */
  target: string;
  measured: string;
  met: boolean;
}

export interface TableRow {
  metric: string;
  value: string;
  note?: string;
}

export interface ScenarioReport {
  scenario: string;
  title: string;
  quick: boolean;
  timeScale: number;
  startedAt: string;
  finishedAt: string;
  figures: Record<string, unknown>;
  ideal: Record<string, unknown>;
  ratios: Record<string, number | null>;
  targets: TargetCheck[];
  table: TableRow[];
  notes: string[];
}

export function machineDescription(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.map((c) => ({ model: c.model, speedMHz: c.speed })),
    cpuCount: cpus.length,
    totalMemoryMB: Math.round(os.totalmem() / 1024 / 1024),
    freeMemoryMB: Math.round(os.freemem() / 1024 / 1024),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** A plain-text table: aligned columns, one header rule. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A Markdown table of the same rows, for the README. */
export function formatMarkdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|');
  return [`| ${headers.map(esc).join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function renderReport(report: ScenarioReport): string {
  const figures = formatTable(
    ['Figure', 'Value', 'Note'],
    report.table.map((r) => [r.metric, r.value, r.note ?? '']),
  );
  const targets = formatTable(
    ['Target', 'Wanted', 'Measured', 'Met'],
    report.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO']),
  );
  const notes = report.notes.length > 0 ? `\n${report.notes.map((n) => `  * ${n}`).join('\n')}` : '';
  const load = os.loadavg()[0] ?? 0;
  return `\n== ${report.title} (${report.quick ? 'quick' : 'full'}, time scale ${report.timeScale}; ${os.cpus().length} CPUs, load ${load.toFixed(1)}) ==\n${figures}\n\n${targets}${notes}\n`;
}

export const RESULTS_DIR = path.join(__dirname, '..', 'results');

export async function writeReport(report: ScenarioReport): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${report.scenario}.json`);
  await writeFile(file, `${JSON.stringify({ ...report, machine: machineDescription() }, null, 2)}\n`);
  return file;
}

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ScenarioName } from './bench-args';
import { formatMarkdownTable, RESULTS_DIR } from './report';

const resultSchema = z.object({
  title: z.string(),
  quick: z.boolean(),
  timeScale: z.number(),
  finishedAt: z.string(),
  targets: z.array(z.object({ name: z.string(), target: z.string(), measured: z.string(), met: z.boolean() })),
  machine: z.object({ cpuCount: z.number(), node: z.string(), cpus: z.array(z.object({ model: z.string() })) }).passthrough(),
});

/** One Markdown table of every scenario's targets from the JSON results, for the README's Performance section. */
export async function writeSummary(scenarios: readonly ScenarioName[]): Promise<string | undefined> {
  const rows: string[][] = [];
  let machine = '';
  for (const scenario of scenarios) {
    let text: string;
    try {
      text = await readFile(path.join(RESULTS_DIR, `${scenario}.json`), 'utf8');
    } catch {
      continue;
    }
    const parsed = resultSchema.safeParse(JSON.parse(text));
    if (!parsed.success) continue;
    const r = parsed.data;
    machine = `${r.machine.cpuCount} × ${r.machine.cpus[0]?.model ?? 'CPU'}, Node ${r.machine.node}`;
    for (const t of r.targets) rows.push([`${r.title}${r.quick ? ' (quick)' : ''}`, t.name, t.target, t.measured, t.met ? 'yes' : '**no**']);
  }
  if (rows.length === 0) return undefined;
  const markdown = `${formatMarkdownTable(['Scenario', 'Figure', 'Target', 'Measured', 'Met'], rows)}\n\nMachine: ${machine}. Generated ${new Date().toISOString()}.\n`;
  const file = path.join(RESULTS_DIR, 'summary.md');
  await writeFile(file, markdown);
  return file;
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import { childArgs, parseBenchArgs, SCENARIOS } from './lib/bench-args';
import type { BenchArgs, ScenarioName } from './lib/bench-args';
import { renderReport, writeReport } from './lib/report';
import { writeSummary } from './lib/summary';
import type { ScenarioReport } from './lib/report';

type Runner = (args: BenchArgs) => Promise<ScenarioReport>;

// Loaded on demand: a scenario's peak RSS must not include modules only another scenario needs (the bot, for one).
const RUNNERS: Record<ScenarioName, () => Promise<Runner>> = {
  restore: async () => (await import('./scenarios/restore')).runRestore,
  update: async () => (await import('./scenarios/update')).runUpdate,
  invite: async () => (await import('./scenarios/invite')).runInvite,
  export: async () => (await import('./scenarios/export')).runExport,
  validate: async () => (await import('./scenarios/validate')).runValidate,
  'chat-latency': async () => (await import('./scenarios/chat-latency')).runChatLatency,
  'scale-out': async () => (await import('./scenarios/scale-out')).runScaleOut,
};

async function runOne(args: BenchArgs, scenario: ScenarioName): Promise<boolean> {
  const runner = await RUNNERS[scenario]();
  const report = await runner(args);
  console.log(renderReport(report));
  const file = await writeReport(report);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  return report.targets.every((t) => t.met);
}

function runChild(args: BenchArgs, scenario: ScenarioName): Promise<number> {
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    const child = spawn(tsx, [__filename, ...childArgs(args, scenario)], { stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exitCode = 2;
    return;
  }
  const args = parsed.value;
  if (args.scenario) {
    const met = await runOne(args, args.scenario);
    process.exitCode = met ? 0 : 1;
    return;
  }
  // Each scenario in a fresh process: peak RSS is then that scenario's alone.
  const failed: string[] = [];
  for (const scenario of SCENARIOS) {
    const code = await runChild(args, scenario);
    if (code !== 0) failed.push(scenario);
  }
  const summary = await writeSummary(SCENARIOS);
  if (summary) console.log(`\nWrote ${path.relative(process.cwd(), summary)} (Markdown table for the README)`);
  if (failed.length > 0) console.log(`\nTargets missed or errors in: ${failed.join(', ')} (see the tables above).`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

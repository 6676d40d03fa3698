import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SCENARIOS = ['restore', 'update', 'invite', 'export', 'validate', 'chat-latency', 'scale-out'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchArgs {
  quick: boolean;
  /** Runs only this scenario, in this process; without it every scenario runs in a child process of its own. */
  scenario: ScenarioName | undefined;
  /**
   * The sandbox's time scale for the write scenarios (restore, update); the export runs at real time unless set, and the
   * update's dry run always does.
   */
  timeScale: number;
  exportTimeScale: number;
  /**
   * The invite scenario's time scale, 1 (real time) unless set: invitation batches go one at a time, so each round trip's
   * fixed loopback overhead (HTTP, JSON, event loop), which no time scale shrinks, would otherwise count k times over.
   */
  inviteTimeScale: number;
  /**
   * The scale-out scenario's time scale, 4 unless set: three bot processes each do their own storage and HTTP work per
   * batch, which no time scale shrinks, so on a small machine a higher scale measures the machine, not the budget.
   */
  scaleOutTimeScale: number;
}

const argsSchema = z.object({
  quick: z.boolean().default(false),
  scenario: z.enum(SCENARIOS).optional(),
  'time-scale': z.coerce.number().positive().max(100).default(10),
  'export-time-scale': z.coerce.number().positive().max(100).default(1),
  'invite-time-scale': z.coerce.number().positive().max(100).default(1),
  'scale-out-time-scale': z.coerce.number().min(1).max(100).default(4),
});

export const BENCH_USAGE = `Usage: npm run bench -- [--quick] [--scenario ${SCENARIOS.join('|')}] [--time-scale <k>] [--export-time-scale <k>] [--invite-time-scale <k>] [--scale-out-time-scale <k>]`;

export type ParsedBenchArgs = { ok: true; value: BenchArgs } | { ok: false; message: string };

export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        scenario: { type: 'string' },
        'time-scale': { type: 'string' },
        'export-time-scale': { type: 'string' },
        'invite-time-scale': { type: 'string' },
        'scale-out-time-scale': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n${BENCH_USAGE}` };
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${BENCH_USAGE}` };
  }
  return {
    ok: true,
    value: {
      quick: parsed.data.quick,
      scenario: parsed.data.scenario,
      timeScale: parsed.data['time-scale'],
      exportTimeScale: parsed.data['export-time-scale'],
      inviteTimeScale: parsed.data['invite-time-scale'],
      scaleOutTimeScale: parsed.data['scale-out-time-scale'],
    },
  };
}

/** The arguments a child process gets to run one scenario with the same settings. */
export function childArgs(args: BenchArgs, scenario: ScenarioName): string[] {
  return [
    '--scenario',
    scenario,
    '--time-scale',
    String(args.timeScale),
    '--export-time-scale',
    String(args.exportTimeScale),
    '--invite-time-scale',
    String(args.inviteTimeScale),
    '--scale-out-time-scale',
    String(args.scaleOutTimeScale),
    ...(args.quick ? ['--quick'] : []),
  ];
}

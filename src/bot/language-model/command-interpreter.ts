import type { ParsedCommand } from '../command-parser';

/**
 * Reads a message the command grammar did not understand. Resolves to the command it proposes (which the bot then
 * handles exactly as if it had been typed: dry run, confirm card), to an `invalid` command whose message says why a
 * proposal was refused, or to undefined when there is nothing usable. It must stop when `signal` aborts.
 */
export type CommandInterpreter = (text: string, signal: AbortSignal) => Promise<ParsedCommand | undefined>;

/** The interpreter the bot was composed with and how long one message may take before the bot says it didn't understand. */
export interface LanguageModelReader {
  interpret: CommandInterpreter;
  timeoutMs: number;
}

export const DEFAULT_INTERPRET_TIMEOUT_MS = 10_000;

/** The interpreter's answer within the reader's time, or undefined when it is late, fails or aborts. */
export async function interpretWithin(reader: LanguageModelReader, text: string): Promise<ParsedCommand | undefined> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(undefined);
    }, reader.timeoutMs);
  });
  try {
    return await Promise.race([reader.interpret(text, controller.signal).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

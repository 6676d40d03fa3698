/** entra-bulk's exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Invalid input or usage. */
  invalid: 1,
  /** Some rows failed; the results file says which and why. */
  someFailed: 2,
  /** Authentication or permission. */
  auth: 3,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

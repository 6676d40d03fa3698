/** A start-up failure with a message a person can act on (a port taken, a config error, a process that died). */
export class LocalStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalStackError';
  }
}

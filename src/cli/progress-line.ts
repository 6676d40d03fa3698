/** A one-line progress display: a bar redrawn in place on a terminal, a line every 10 % otherwise. */
export class ProgressLine {
  private lastDecile = -1;
  private readonly startedAt = Date.now();

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
    private readonly verb: string,
  ) {}

  update(done: number, failed: number): void {
    const fraction = this.total === 0 ? 1 : done / this.total;
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const text = `${done}/${this.total} ${this.verb}${failed ? `, ${failed} failed` : ''} · ${rate.toFixed(1)}/s`;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${text}   `);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${Math.floor(fraction * 100)}% ${text}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

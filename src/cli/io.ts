export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** Where a CLI command writes, and whether a person is there to answer a prompt. */
export interface Io {
  out: OutputStream;
  err: OutputStream;
  isInteractive: boolean;
}

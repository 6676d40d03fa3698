/**
 * A write budget shared beyond this executor (e.g. with the other instances running jobs of the same tenant), bound
 * to one tenant by whoever creates the executor. Taken after the executor's own pacer, just before a `$batch` of
 * writes is sent; resolves early if the signal aborts.
 */
export interface WriteBudget {
  acquire(n: number, signal?: AbortSignal): Promise<void>;
}

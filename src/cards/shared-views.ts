/** Row counts of a job as the cards show them. `total` counts every row, including those not yet processed. */
export interface JobCounts {
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Succeeded rows that were already done before they ran (also counted in `succeeded`); absent means 0. */
  alreadyDone?: number;
}

/** A file the bot sends next to the card (FileConsent in personal chat) or hosts at a URL. */
export interface CardFileRef {
  name: string;
  url?: string;
}

export function processedRows(counts: JobCounts): number {
  return counts.succeeded + counts.failed + counts.skipped;
}

/** One sorted result set; rows are listing rows (`Row` in ./listing). */
export interface ListingSnapshot {
  rows: Record<string, unknown>[];
}

/** Sorted result sets kept between the pages of one `$orderby` query, so later pages need no new sort. */
export class ListingCache {
  private readonly snapshots = new Map<string, ListingSnapshot>();
  private counter = 0;

  put(snapshot: ListingSnapshot): string {
    this.counter += 1;
    const key = `s${this.counter}`;
    this.snapshots.set(key, snapshot);
    if (this.snapshots.size > 64) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    return key;
  }

  get(key: string): ListingSnapshot | undefined {
    return this.snapshots.get(key);
  }
}

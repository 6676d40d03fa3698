export interface AuditEntry {
  index: number;
  time: string;
  actorOid: string | null;
  method: string;
  path: string;
  status: number;
  requestId: string;
  batchId?: string;
}

export class AuditLog {
  private readonly entries: AuditEntry[] = [];

  record(entry: Omit<AuditEntry, 'index'>): void {
    this.entries.push({ index: this.entries.length, ...entry });
  }

  since(index: number, limit = 5000): { entries: AuditEntry[]; next: number } {
    const entries = this.entries.slice(index, index + limit);
    return { entries, next: index + entries.length };
  }

  get size(): number {
    return this.entries.length;
  }
}

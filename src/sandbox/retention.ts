import { OBJECT_KINDS } from './tenant/entities';
import type { TenantState } from './tenant/tenant-state';
import { RETENTION_MS } from './tenant/tenant-state';

/** Hard-deletes whatever has been in the recycle bin for 30 days; returns how many objects went. */
export function purgeExpired(state: TenantState, nowMs: number): number {
  let purged = 0;
  for (const kind of OBJECT_KINDS) {
    const collection = state.collection(kind);
    const expired: string[] = [];
    for (const [id, object] of collection.deleted) {
      if (object.deletedAtMs !== null && nowMs - object.deletedAtMs >= RETENTION_MS) expired.push(id);
    }
    for (const id of expired) {
      collection.purge(id);
      state.forget(id);
      purged += 1;
    }
  }
  return purged;
}

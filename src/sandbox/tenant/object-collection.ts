import type { ObjectKind, StoredOf } from './entities';

/**
 * Active and soft-deleted objects of one kind. Listing order is insertion order, kept in append-only arrays so that a
 * page can resume from a numeric position (the skiptoken) without sorting; positions left behind by deletes are
 * skipped while iterating.
 */
export class ObjectCollection<K extends ObjectKind> {
  readonly active = new Map<string, StoredOf<K>>();
  readonly deleted = new Map<string, StoredOf<K>>();
  private readonly activeOrder: string[] = [];
  private readonly deletedOrder: string[] = [];
  private readonly activePosition = new Map<string, number>();
  private readonly deletedPosition = new Map<string, number>();

  constructor(readonly kind: K) {}

  addActive(object: StoredOf<K>): void {
    const id = object.data.id;
    this.active.set(id, object);
    this.activePosition.set(id, this.activeOrder.length);
    this.activeOrder.push(id);
  }

  addDeleted(object: StoredOf<K>): void {
    const id = object.data.id;
    this.deleted.set(id, object);
    this.deletedPosition.set(id, this.deletedOrder.length);
    this.deletedOrder.push(id);
  }

  moveToDeleted(id: string): StoredOf<K> | undefined {
    const object = this.active.get(id);
    if (!object) return undefined;
    this.active.delete(id);
    this.activePosition.delete(id);
    this.addDeleted(object);
    return object;
  }

  moveToActive(id: string): StoredOf<K> | undefined {
    const object = this.deleted.get(id);
    if (!object) return undefined;
    this.deleted.delete(id);
    this.deletedPosition.delete(id);
    this.addActive(object);
    return object;
  }

  removeActive(id: string): void {
    this.active.delete(id);
    this.activePosition.delete(id);
  }

  purge(id: string): StoredOf<K> | undefined {
    const object = this.deleted.get(id);
    if (!object) return undefined;
    this.deleted.delete(id);
    this.deletedPosition.delete(id);
    return object;
  }

  /** The object's listing position, if it is active (or deleted, for `which` = 'deleted'). */
  positionOf(which: 'active' | 'deleted', id: string): number | undefined {
    return (which === 'active' ? this.activePosition : this.deletedPosition).get(id);
  }

  /** Yields [position, object] from `start` on, in listing order. */
  *iterate(which: 'active' | 'deleted', start = 0): Generator<[number, StoredOf<K>]> {
    const order = which === 'active' ? this.activeOrder : this.deletedOrder;
    const positions = which === 'active' ? this.activePosition : this.deletedPosition;
    const objects = which === 'active' ? this.active : this.deleted;
    for (let i = start; i < order.length; i += 1) {
      const id = order[i];
      if (id === undefined || positions.get(id) !== i) continue;
      const object = objects.get(id);
      if (object) yield [i, object];
    }
  }
}

import { invalidParameter } from '../errors/registry-errors';
import type { SearchEntity } from './search-filter';

/**
 * One parsed `order_by` entry.
 */
export interface OrderByKey {
  key: 'name' | 'version_number' | 'creation_timestamp' | 'last_updated_timestamp';
  descending: boolean;
}

const allowedKeys: Record<SearchEntity, OrderByKey['key'][]> = {
  registered_model: ['name', 'creation_timestamp', 'last_updated_timestamp'],
  model_version: ['name', 'version_number', 'creation_timestamp', 'last_updated_timestamp'],
};

/**
 * Parses MLflow `order_by` entries (`"<key> [ASC|DESC]"`) and appends MLflow's tiebreaks:
 * `name ASC` for models; `name ASC, version_number DESC` for versions.
 *
 * @example
 * ```ts
 * parseOrderBy(['creation_timestamp DESC'], 'model_version');
 * ```
 */
export function parseOrderBy(orderBy: string[] | undefined, entity: SearchEntity): OrderByKey[] {
  const keys: OrderByKey[] = [];
  for (const [index, entry] of (orderBy ?? []).entries()) {
    // Trimmed first, and one space run between key and direction: with optional spaces on
    // both sides of an optional word, a long run of spaces backtracked quadratically.
    const match = /^(?:attributes?\.)?([a-z_]+)(?:\s+(asc|desc))?$/i.exec(
      typeof entry === 'string' ? entry.trim() : '',
    );
    const key = match?.[1]?.toLowerCase() as OrderByKey['key'] | undefined;
    if (!match || key === undefined || !allowedKeys[entity].includes(key)) {
      throw invalidParameter(
        'order_by',
        `Invalid order_by[${index}] ${JSON.stringify(entry)}: use "<key> [ASC|DESC]" with key one of ${allowedKeys[entity].join(', ')}.`,
        { index, entry },
      );
    }
    keys.push({ key, descending: match[2]?.toUpperCase() === 'DESC' });
  }
  const tiebreaks: OrderByKey[] =
    entity === 'registered_model'
      ? [{ key: 'name', descending: false }]
      : [
          { key: 'name', descending: false },
          { key: 'version_number', descending: true },
        ];
  for (const tiebreak of tiebreaks) {
    if (!keys.some(existing => existing.key === tiebreak.key)) keys.push(tiebreak);
  }
  return keys;
}

/**
 * Builds a comparator from parsed keys and a reader of each key's value.
 */
export function compareBy<Item>(
  keys: OrderByKey[],
  read: (item: Item, key: OrderByKey['key']) => string | number,
): (left: Item, right: Item) => number {
  return (left, right) => {
    for (const { key, descending } of keys) {
      const a = read(left, key);
      const b = read(right, key);
      if (a === b) continue;
      const order = a < b ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  };
}

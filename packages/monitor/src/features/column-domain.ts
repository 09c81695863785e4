import type { ColumnProfile, DatasetProfile } from '@ballast/contracts';
import type { CellValue } from './cell-value';

/** The values a column took in the reference: a numeric range or a closed set of categories. */
export type ColumnDomain =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'categories'; values: ReadonlySet<string> };

function domainOf(column: ColumnProfile): ColumnDomain | undefined {
  if (column.type === 'integer' || column.type === 'float') {
    if (column.moments && column.moments.count > 0) {
      return { kind: 'range', min: column.moments.min, max: column.moments.max };
    }
  }
  // Only a complete category list is a domain: with an "other" bucket, unseen keys are unknown.
  if (column.categories && column.categories.otherCount === 0) {
    return { kind: 'categories', values: new Set(Object.keys(column.categories.counts)) };
  }
  if (column.moments && column.moments.count > 0) {
    return { kind: 'range', min: column.moments.min, max: column.moments.max };
  }
  return undefined;
}

/** The domain of every reference column that has one, by column name. */
export function referenceDomains(profile: DatasetProfile): Map<string, ColumnDomain> {
  const domains = new Map<string, ColumnDomain>();
  for (const column of profile.columns) {
    const domain = domainOf(column);
    if (domain) domains.set(column.name, domain);
  }
  return domains;
}

/** True when a present value lies outside the reference range or category set. */
export function isOutOfDomain(domain: ColumnDomain, value: Exclude<CellValue, null>): boolean {
  if (domain.kind === 'range') {
    return typeof value === 'number' ? value < domain.min || value > domain.max : true;
  }
  return !domain.values.has(String(value));
}

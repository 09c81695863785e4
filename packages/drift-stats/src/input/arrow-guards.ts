import type { Data, Vector } from 'apache-arrow';

/**
 * True when `value` looks like an Apache Arrow `Vector` (duck-typed so any apache-arrow copy works).
 */
export function isArrowVector(value: unknown): value is Vector {
  return (
    value !== null &&
    typeof value === 'object' &&
    'data' in value &&
    Array.isArray((value as { data: unknown }).data) &&
    'type' in value &&
    typeof (value as { type: { typeId?: unknown } }).type?.typeId === 'number'
  );
}

/**
 * True when slot `index` of `data` holds a value (Arrow validity bitmaps are offset-relative).
 */
export function isValidSlot(data: Data, index: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return true;
  const bit = data.offset + index;
  return ((bitmap[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}

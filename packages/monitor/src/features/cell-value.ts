/** One value of a monitored column: a number, a string, a boolean, or null when missing. */
export type CellValue = number | string | boolean | null;

/** A 64-bit integer as a cell: a number when exact, else its decimal string. */
export function bigintCell(value: bigint): CellValue {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

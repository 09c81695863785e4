/** One value of a monitored column: a number, a string, a boolean, or null when missing. */
export type CellValue = number | string | boolean | null;

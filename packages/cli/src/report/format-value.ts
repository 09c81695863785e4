/** A number for people: 4 significant digits, exponent form for tiny or huge values, `—` for none. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e7) return value.toExponential(2);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** Any observed value, short: numbers formatted, objects as compact JSON cut at `max` characters. */
export function formatObserved(value: unknown, max = 120): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

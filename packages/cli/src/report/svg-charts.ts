import type { CategoricalDistribution, NumericDistribution } from './column-distributions';
import { escapeHtml } from './escape-html';
import { formatNumber } from './format-value';

const WIDTH = 440;
const HEIGHT = 190;
const LEFT = 44;
const RIGHT = 10;
const TOP = 12;
const BOTTOM = 40;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

function shares(counts: readonly number[], extra = 0): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0) + extra;
  return counts.map(count => (total > 0 ? count / total : 0));
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Y axis with three gridlines, labelled as percentages of each side's rows. */
function axes(maxShare: number): string {
  const lines: string[] = [];
  for (const fraction of [0, 0.5, 1]) {
    const y = TOP + PLOT_HEIGHT * (1 - fraction);
    lines.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${round(y)}" y2="${round(y)}"/>`,
      `<text class="tick" x="${LEFT - 6}" y="${round(y + 3)}" text-anchor="end">${(maxShare * fraction * 100).toFixed(maxShare < 0.1 ? 1 : 0)}%</text>`,
    );
  }
  return lines.join('');
}

function legend(): string {
  const y = HEIGHT - 8;
  return (
    `<rect class="ref" x="${LEFT}" y="${y - 8}" width="10" height="10"/>` +
    `<text class="legend" x="${LEFT + 14}" y="${y + 1}">reference</text>` +
    `<rect class="cur" x="${LEFT + 90}" y="${y - 8}" width="10" height="10"/>` +
    `<text class="legend" x="${LEFT + 104}" y="${y + 1}">current</text>`
  );
}

function svg(label: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${body}</svg>`;
}

/**
 * Reference and current histograms of a numeric column, overlaid on shared edges, each as
 * shares of its own rows (so samples of different sizes compare), as an inline SVG.
 */
export function histogramSvg(column: string, distribution: NumericDistribution): string {
  const reference = shares(distribution.reference);
  const current = shares(distribution.current);
  const maxShare = Math.max(...reference, ...current, 1e-9);
  const bins = reference.length;
  const width = PLOT_WIDTH / Math.max(bins, 1);
  const bars: string[] = [];
  for (const [side, values] of [
    ['ref', reference],
    ['cur', current],
  ] as const) {
    values.forEach((share, index) => {
      const height = (share / maxShare) * PLOT_HEIGHT;
      if (height <= 0) return;
      const low = distribution.edges[index];
      const high = distribution.edges[index + 1];
      bars.push(
        `<rect class="${side}" x="${round(LEFT + index * width + 0.5)}" y="${round(TOP + PLOT_HEIGHT - height)}" width="${round(Math.max(width - 1, 0.5))}" height="${round(height)}"><title>${side === 'ref' ? 'reference' : 'current'} [${escapeHtml(formatNumber(low))}, ${escapeHtml(formatNumber(high))}): ${(share * 100).toFixed(1)}%</title></rect>`,
      );
    });
  }
  const first = distribution.edges[0];
  const last = distribution.edges[distribution.edges.length - 1];
  const middle = first !== undefined && last !== undefined ? (first + last) / 2 : undefined;
  const baseline = TOP + PLOT_HEIGHT;
  const ticks =
    `<text class="tick" x="${LEFT}" y="${baseline + 14}" text-anchor="start">${escapeHtml(formatNumber(first))}</text>` +
    `<text class="tick" x="${LEFT + PLOT_WIDTH / 2}" y="${baseline + 14}" text-anchor="middle">${escapeHtml(formatNumber(middle))}</text>` +
    `<text class="tick" x="${WIDTH - RIGHT}" y="${baseline + 14}" text-anchor="end">${escapeHtml(formatNumber(last))}</text>`;
  return svg(
    `Histogram of ${column}: reference and current`,
    `${axes(maxShare)}${bars.join('')}<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${baseline}" y2="${baseline}"/>${ticks}${legend()}`,
  );
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Reference and current shares of the most frequent categories of a column, side by side, with
 * the rest grouped as "(other)", as an inline SVG.
 */
export function categoryBarsSvg(column: string, distribution: CategoricalDistribution): string {
  const labels = [...distribution.categories];
  const referenceCounts = [...distribution.reference];
  const currentCounts = [...distribution.current];
  if (distribution.other.reference + distribution.other.current > 0) {
    labels.push('(other)');
    referenceCounts.push(distribution.other.reference);
    currentCounts.push(distribution.other.current);
  }
  const reference = shares(referenceCounts);
  const current = shares(currentCounts);
  const maxShare = Math.max(...reference, ...current, 1e-9);
  const slot = PLOT_WIDTH / Math.max(labels.length, 1);
  const bar = Math.max(Math.min(slot * 0.38, 28), 1);
  const baseline = TOP + PLOT_HEIGHT;
  const parts: string[] = [];
  const maxLabel = Math.max(Math.floor(slot / 6), 3);
  labels.forEach((label, index) => {
    const center = LEFT + slot * (index + 0.5);
    for (const [side, share, offset] of [
      ['ref', reference[index] ?? 0, -bar],
      ['cur', current[index] ?? 0, 0],
    ] as const) {
      const height = (share / maxShare) * PLOT_HEIGHT;
      parts.push(
        `<rect class="${side}" x="${round(center + offset)}" y="${round(baseline - height)}" width="${round(bar)}" height="${round(height)}"><title>${side === 'ref' ? 'reference' : 'current'} ${escapeHtml(label)}: ${(share * 100).toFixed(1)}%</title></rect>`,
      );
    }
    parts.push(
      `<text class="tick" x="${round(center)}" y="${baseline + 14}" text-anchor="middle">${escapeHtml(shorten(label, maxLabel))}<title>${escapeHtml(label)}</title></text>`,
    );
  });
  return svg(
    `Category shares of ${column}: reference and current`,
    `${axes(maxShare)}${parts.join('')}<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${baseline}" y2="${baseline}"/>${legend()}`,
  );
}

import { InvalidInputError } from '@ballast/contracts';
import { linspaceEdges, sturgesEdges } from '../binning/sturges-edges';
import type { KllSketch } from '../sketch/kll-sketch';

/** How a profile derives a numeric column's histogram edges from the reference. */
export type ProfileBinning =
  | { method: 'sturges' }
  | { method: 'equal-width'; bins: number }
  | { method: 'quantile'; bins: number };

/**
 * Histogram edges for one reference column: Sturges equal-width over the reference range by
 * default (numpy's `bins='sturges'` on the reference alone), a fixed number of equal-width
 * bins, or bins at the reference quantiles read from the sketch (equal-frequency within the
 * sketch's rank error; tied quantiles collapse into one edge).
 */
export function referenceEdges(sketch: KllSketch, binning: ProfileBinning): number[] {
  const { min, max, count } = sketch;
  if (binning.method === 'sturges') return [...sturgesEdges(min, max, count)];
  if (binning.method === 'equal-width' || min === max) {
    const [first, last] = min === max ? [min - 0.5, max + 0.5] : [min, max];
    return [...linspaceEdges(first, last, binning.method === 'equal-width' ? binning.bins : 1)];
  }
  const edges: number[] = [];
  for (let index = 0; index <= binning.bins; index += 1) {
    const edge = sketch.quantile(index / binning.bins);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  return edges;
}

/** Throws `INVALID_BIN_EDGES` unless `edges` are at least two finite, strictly increasing numbers. */
export function assertValidEdges(edges: readonly number[], path: string): void {
  const valid =
    edges.length >= 2 &&
    edges.every(
      (edge, index) =>
        Number.isFinite(edge) && (index === 0 || edge > (edges[index - 1] as number)),
    );
  if (!valid) {
    throw new InvalidInputError({
      code: 'INVALID_BIN_EDGES',
      message: `Invalid bin edges at ${path}: expected at least two finite, strictly increasing numbers.`,
      details: { path, received: edges },
    });
  }
}

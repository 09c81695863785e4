import type { TfTensor, Tfjs } from './tfjs-api';

/**
 * Sums a float32 tensor in blocks of 1024 and then sums the block totals, so the rounding
 * error grows with log(n) rather than n on backends that accumulate in float32 (wasm).
 */
export function blockSum(tf: Tfjs, values: TfTensor): TfTensor {
  const flat = tf.reshape(values, [-1]);
  const size = flat.size;
  const block = 1024;
  const padded = Math.ceil(size / block) * block;
  const filled = padded === size ? flat : tf.concat([flat, tf.zeros([padded - size], flat.dtype)]);
  return tf.sum(tf.sum(tf.reshape(filled, [padded / block, block]), 1));
}

/**
 * The pooled sample sorted ascending, with, after each position, how far the reference's ECDF
 * is above the current one (`F_ref − F_cur`) and the gap to the next value. Counts are kept in
 * int32 so the CDFs are exact up to the final float32 division.
 */
export function pooledCdfDifference(
  tf: Tfjs,
  reference: TfTensor,
  current: TfTensor,
): { difference: TfTensor; gaps: TfTensor; lastOfTies: TfTensor } {
  const n = reference.size;
  const m = current.size;
  const pooled = tf.concat([reference, current]);
  const isReference = tf.concat([tf.ones([n], 'int32'), tf.zeros([m], 'int32')]);
  const { values: descending, indices } = tf.topk(pooled, n + m, true);
  const sorted = tf.reverse(descending);
  const order = tf.reverse(indices);
  const referenceSeen = tf.cumsum(tf.gather(isReference, order));
  const position = tf.range(1, n + m + 1, 1, 'int32');
  const currentSeen = tf.sub(position, referenceSeen);
  const difference = tf.sub(
    tf.div(tf.cast(referenceSeen, 'float32'), n),
    tf.div(tf.cast(currentSeen, 'float32'), m),
  );
  const next = tf.slice(sorted, 1);
  const previous = tf.slice(sorted, 0, n + m - 1);
  const gaps = tf.sub(next, previous);
  // Only the last of a run of equal values sees the CDFs after every tie has been counted.
  const lastOfTies = tf.concat([tf.cast(tf.notEqual(next, previous), 'float32'), tf.ones([1])]);
  return { difference, gaps, lastOfTies };
}

/** Binned counts of `values` on ascending `edges` (numpy's convention; values outside are not counted). */
export function histogramCountsTensor(tf: Tfjs, values: TfTensor, edges: TfTensor): TfTensor {
  const binCount = edges.size - 1;
  const first = tf.slice(edges, 0, 1);
  const last = tf.slice(edges, binCount, 1);
  const inside = tf.cast(
    tf.logicalAnd(tf.greaterEqual(values, first), tf.lessEqual(values, last)),
    'float32',
  );
  // searchSorted 'right' − 1 is the bin of [e_i, e_i+1); the closing edge belongs to the last bin.
  const bins = tf.clipByValue(tf.sub(tf.searchSorted(edges, values, 'right'), 1), 0, binCount - 1);
  return tf.bincount(tf.cast(bins, 'int32'), inside, binCount);
}

/** Evidently's empty-bin smoothing of one side's shares, as tensor ops. */
export function smoothShares(tf: Tfjs, shares: TfTensor): TfTensor {
  const positive = tf.greater(shares, 0);
  const smallest = tf.min(
    tf.where(positive, shares, tf.fill(shares.shape, Number.POSITIVE_INFINITY)),
  );
  const replacement = tf.where(
    tf.lessEqual(smallest, 1e-4),
    tf.div(smallest, 1e6),
    tf.scalar(1e-4),
  );
  return tf.where(positive, shares, tf.broadcastTo(replacement, shares.shape));
}

/** Σ p·ln(p/q) with 0·ln(0/q) = 0, over shares renormalised to sum to one (scipy's `entropy`). */
export function relativeEntropy(tf: Tfjs, p: TfTensor, q: TfTensor): TfTensor {
  const terms = tf.mul(p, tf.log(tf.div(p, q)));
  return tf.sum(tf.where(tf.greater(p, 0), terms, tf.zerosLike(terms)));
}

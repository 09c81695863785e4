/**
 * A tfjs tensor, as far as drift-stats uses it. Structural, so a tensor of any tfjs build
 * (`@tensorflow/tfjs`, `-node`, `-node-gpu`) fits without importing their types.
 */
export interface TfTensor {
  /** Dimensions of the tensor. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  /** Element type, e.g. `'float32'`. */
  readonly dtype: string;
  /** Reads the values (a typed array for numeric tensors). */
  data(): Promise<ArrayLike<unknown>>;
  /** Frees the tensor's memory. */
  dispose(): void;
}

// Arguments are `any` on purpose: each tfjs build declares its own Tensor class and accepts
// tensor-likes, so only an unconstrained argument lets every build's module fit this interface.
type Arg = any;

/**
 * The tfjs operations the tfjs backend uses: `@tensorflow/tfjs`, `@tensorflow/tfjs-node` and
 * `@tensorflow/tfjs-node-gpu` all provide them. Declared here, structurally, so no type entry
 * of this package imports an optional peer.
 */
export interface Tfjs {
  ready(): Promise<void>;
  getBackend(): string;
  /** Runs `fn`, disposing every tensor it created except those it returns. */
  tidy(fn: () => Arg): Arg;
  dispose(container: Arg): void;
  scalar(value: number): TfTensor;
  tensor1d(values: Arg, dtype?: Arg): TfTensor;
  tensor2d(values: Arg, shape?: Arg, dtype?: Arg): TfTensor;
  zeros(shape: Arg, dtype?: Arg): TfTensor;
  ones(shape: Arg, dtype?: Arg): TfTensor;
  fill(shape: Arg, value: Arg, dtype?: Arg): TfTensor;
  zerosLike(x: Arg): TfTensor;
  range(start: number, stop: number, step?: number, dtype?: Arg): TfTensor;
  add(a: Arg, b: Arg): TfTensor;
  sub(a: Arg, b: Arg): TfTensor;
  mul(a: Arg, b: Arg): TfTensor;
  div(a: Arg, b: Arg): TfTensor;
  abs(x: Arg): TfTensor;
  sqrt(x: Arg): TfTensor;
  square(x: Arg): TfTensor;
  exp(x: Arg): TfTensor;
  log(x: Arg): TfTensor;
  relu(x: Arg): TfTensor;
  sigmoid(x: Arg): TfTensor;
  minimum(a: Arg, b: Arg): TfTensor;
  maximum(a: Arg, b: Arg): TfTensor;
  sum(x: Arg, axis?: Arg, keepDims?: boolean): TfTensor;
  min(x: Arg, axis?: Arg, keepDims?: boolean): TfTensor;
  max(x: Arg, axis?: Arg, keepDims?: boolean): TfTensor;
  cumsum(x: Arg, axis?: number, exclusive?: boolean, reverse?: boolean): TfTensor;
  moments(x: Arg, axis?: Arg, keepDims?: boolean): { mean: TfTensor; variance: TfTensor };
  greater(a: Arg, b: Arg): TfTensor;
  greaterEqual(a: Arg, b: Arg): TfTensor;
  lessEqual(a: Arg, b: Arg): TfTensor;
  notEqual(a: Arg, b: Arg): TfTensor;
  logicalAnd(a: Arg, b: Arg): TfTensor;
  where(condition: Arg, a: Arg, b: Arg): TfTensor;
  cast(x: Arg, dtype: Arg): TfTensor;
  reshape(x: Arg, shape: Arg): TfTensor;
  concat(tensors: Arg, axis?: number): TfTensor;
  slice(x: Arg, begin: Arg, size?: Arg): TfTensor;
  reverse(x: Arg, axis?: Arg): TfTensor;
  gather(x: Arg, indices: Arg, axis?: number): TfTensor;
  transpose(x: Arg, perm?: Arg): TfTensor;
  broadcastTo(x: Arg, shape: Arg): TfTensor;
  clipByValue(x: Arg, min: number, max: number): TfTensor;
  matMul(a: Arg, b: Arg, transposeA?: boolean, transposeB?: boolean): TfTensor;
  topk(x: Arg, k?: number, sorted?: boolean): { values: TfTensor; indices: TfTensor };
  unique(x: Arg, axis?: number): { values: TfTensor; indices: TfTensor };
  searchSorted(sortedSequence: Arg, values: Arg, side?: 'left' | 'right'): TfTensor;
  bincount(x: Arg, weights: Arg, size: number): TfTensor;
}

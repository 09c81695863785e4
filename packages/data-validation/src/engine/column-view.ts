import { isAscii } from 'node:buffer';
import { InvalidInputError, type LogicalType } from '@ballast/contracts';
import {
  type ArrowDataLike,
  int64Halves,
  readNumbersInto,
  StringCounter,
  TWO_TO_32,
  utf8Chunk,
} from '@ballast/kit';
import { isLargeListType, isUtf8ViewType } from '../arrow/arrow-compat';
import {
  type Data,
  DataType,
  DateUnit,
  makeVector,
  Precision,
  type RecordBatch,
  type Schema,
  type Field,
  TimeUnit,
  type Vector,
} from 'apache-arrow';

interface ViewBase {
  readonly length: number;
  /** Packed validity bits (1 = present), or null when every row is present. */
  readonly validity: Uint8Array | null;
  readonly validityOffset: number;
  readonly nullCount: number;
  readonly logicalType: LogicalType;
  readonly arrowType: string;
  /** For paths through lists: the batch row of each element. */
  readonly rows?: Int32Array | undefined;
  /**
   * Rows (elements) left out by a row condition: their validity bits are cleared, so they are
   * also counted in `nullCount`, and every count of elements or missing values subtracts them.
   */
  readonly excludedCount: number;
  /** Per element, 1 when a row condition selected it; null when no condition applies. */
  readonly selection: Uint8Array | null;
  /** The value of row `index` in a JSON-friendly form, for reports. */
  valueAt(index: number): unknown;
}

/** Numbers (ints, floats, and dates/timestamps as epoch milliseconds) as a typed array. */
export interface NumberView extends ViewBase {
  readonly kind: 'number';
  /** Read once into a local before a loop: the first read may convert the batch. */
  readonly values: ArrayLike<number>;
  readonly temporal: boolean;
  /** Float columns may hold NaN, which counts as missing. */
  readonly floating: boolean;
  /**
   * NaN among the present values, once a kernel that reads every value has counted them
   * (`undefined` until then), so later checks of the same batch can skip their NaN scan.
   */
  nanCount: number | undefined;
  /**
   * For 64-bit integer storage (int64, uint64, 64-bit timestamps, durations): the values in
   * place as 32-bit halves, so the hot kernels (ranges, sums) read them without converting the
   * batch to a fresh float64 array. Value `i` is `(hi[2i+1] * 2^32 + lo[2i]) * scale`, the
   * same double `values[i]` holds (exact up to 2^53, beyond it the nearest double).
   */
  readonly int64?: Int64Values | undefined;
}

/** The 32-bit halves of a 64-bit integer batch, read in place (see `NumberView.int64`). */
export interface Int64Values {
  readonly lo: Uint32Array;
  /** Signed for int64 storage, unsigned (the `lo` array itself) for uint64. */
  readonly hi: Int32Array | Uint32Array;
  /** Unit multiplier: milliseconds per stored unit for temporal types, 1 for integers. */
  readonly scale: number;
}

/** Booleans as packed bits. */
export interface BooleanView extends ViewBase {
  readonly kind: 'boolean';
  readonly bits: Uint8Array;
  readonly bitOffset: number;
}

/** Dictionary-encoded values: per-row indices into a dictionary decoded once. */
export interface DictionaryView extends ViewBase {
  readonly kind: 'dictionary';
  readonly indices: ArrayLike<number>;
  /** The decoded dictionary entries; the same array object for every batch sharing it. */
  readonly entries: readonly unknown[];
  /**
   * How many present rows of the batch hold each entry, counted once per batch and shared by
   * every check of the column: a set check then costs one pass over the dictionary, not the rows.
   */
  entryCounts(): Float64Array;
  /**
   * Throws `DICTIONARY_INDEX_OUT_OF_RANGE` when a present row points outside the dictionary;
   * done once per batch (free once `entryCounts` ran), for checks that settle a batch from
   * its dictionary alone.
   */
  checkIndices(): void;
}

/**
 * The distinct values of a string batch, found on their bytes: each distinct value is decoded
 * once, and every row carries the id of its value.
 */
export interface DistinctStrings {
  /** Distinct values, by id. */
  readonly values: readonly string[];
  /** Per row, the id of its value in `values`; -1 for a null row. */
  readonly codes: Int32Array;
}

/** When {@link Utf8View.distinct} counts a batch's distinct values. */
export type DistinctMode = 'always' | 'sample' | 'cached';

/** UTF-8 strings as offsets into one byte buffer, decoded only when a check needs them. */
export interface Utf8View extends ViewBase {
  readonly kind: 'utf8';
  readonly offsets: ArrayLike<number>;
  readonly bytes: Uint8Array;
  /** Every byte is ASCII, so a value's length is its byte length. */
  readonly ascii: boolean;
  stringAt(index: number): string;
  /**
   * The batch's distinct values and per-row ids, counted on the bytes; shared by every check of
   * the batch. `always` counts them; `sample` (default) does unless a sample of the batch shows
   * mostly distinct values, where testing each row directly is cheaper than hashing it first;
   * `cached` only returns them when another check of the batch already counted them.
   */
  distinct(mode?: DistinctMode): DistinctStrings | undefined;
  /** How many present rows of the view hold each distinct value (see `distinct`). */
  distinctCounts(distinct: DistinctStrings): Float64Array;
}

/** Anything else (structs, lists, binary, decimals): read through the Arrow vector. */
export interface GenericView extends ViewBase {
  readonly kind: 'generic';
}

/** One batch of one column, in the shape the kernels loop over. */
export type ColumnView = NumberView | BooleanView | DictionaryView | Utf8View | GenericView;

const decoder = new TextDecoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const decodedColumns = new WeakMap<
  Data,
  { text: string; starts: ArrayLike<number>; ascii: boolean }
>();

const asciiColumns = new WeakMap<Data, boolean>();

/** Whether every byte of a UTF-8 column's values is ASCII (cached per Arrow data). */
function isAsciiColumn(data: Data, offsets: ArrayLike<number>, bytes: Uint8Array): boolean {
  const cached = asciiColumns.get(data);
  if (cached !== undefined) return cached;
  const first = offsets[0] ?? 0;
  const ascii = isAscii(bytes.subarray(first, offsets[data.length] ?? first));
  asciiColumns.set(data, ascii);
  return ascii;
}

/**
 * Decodes a whole UTF-8 column with one decoder call and maps each value's byte offsets to
 * UTF-16 offsets in the decoded text, so a value is a cheap `substring` instead of a decoder
 * call per row. ASCII buffers need no mapping; invalid UTF-8 falls back to per-value decoding.
 */
function decodeUtf8Column(
  data: Data,
  offsets: ArrayLike<number>,
  bytes: Uint8Array,
): { text: string; starts: ArrayLike<number>; ascii: boolean } {
  const cached = decodedColumns.get(data);
  if (cached) return cached;
  const length = data.length;
  const first = offsets[0] ?? 0;
  const last = offsets[length] ?? first;
  const slice = bytes.subarray(first, last);
  const ascii = isAsciiColumn(data, offsets, bytes);
  let decoded: { text: string; starts: ArrayLike<number>; ascii: boolean };
  if (ascii) {
    let starts = offsets;
    if (first !== 0) {
      const shifted = new Float64Array(length + 1);
      for (let index = 0; index <= length; index++) shifted[index] = offsets[index]! - first;
      starts = shifted;
    }
    decoded = { text: decoder.decode(slice), starts, ascii };
  } else {
    let text: string | undefined;
    try {
      text = strictDecoder.decode(slice);
    } catch {
      text = undefined;
    }
    if (text === undefined) {
      // Invalid UTF-8: decode value by value so one bad value cannot shift the others.
      const values = Array.from({ length }, (_, index) =>
        decoder.decode(bytes.subarray(offsets[index]!, offsets[index + 1]!)),
      );
      const starts = new Float64Array(length + 1);
      for (let index = 0; index < length; index++)
        starts[index + 1] = starts[index]! + values[index]!.length;
      decoded = { text: values.join(''), starts, ascii };
    } else {
      // UTF-16 units per UTF-8 byte: 1 for a lead byte (2 for a 4-byte lead), 0 for continuations.
      const starts = new Float64Array(length + 1);
      let units = 0;
      let position = first;
      for (let index = 0; index < length; index++) {
        starts[index] = units;
        const end = offsets[index + 1]!;
        for (; position < end; position++) {
          const byte = bytes[position]!;
          if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
        }
      }
      starts[length] = units;
      decoded = { text, starts, ascii };
    }
  }
  decodedColumns.set(data, decoded);
  return decoded;
}
const decodedDictionaries = new WeakMap<Vector, unknown[]>();

/**
 * The present, non-NaN numbers of a batch packed in order, with the view index of each, for
 * checks that judge values against their neighbours or against whole-column figures.
 */
export function presentNumbers(view: NumberView): {
  values: Float64Array;
  indices: Int32Array;
  nan: number;
} {
  const { values: source, validity, validityOffset, length } = view;
  const values = new Float64Array(length - view.nullCount);
  const indices = new Int32Array(values.length);
  let count = 0;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = source[index] as number;
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    values[count] = value;
    indices[count++] = index;
  }
  return { values: values.subarray(0, count), indices: indices.subarray(0, count), nan };
}

/** True when row `index` of `view` holds a value (not null). NaN is handled by callers. */
export function isPresent(view: ColumnView, index: number): boolean {
  const { validity } = view;
  if (validity === null) return true;
  const bit = view.validityOffset + index;
  return ((validity[bit >> 3] as number) & (1 << (bit & 7))) !== 0;
}

/**
 * A per-row reader of present values for one batch: `undefined` for null or NaN, numbers for
 * numeric columns, dictionary entries, strings, or plain objects for nested values.
 */
export function cellReader(view: ColumnView): (index: number) => unknown {
  if (view.kind === 'number') {
    const values = view.values;
    return index => {
      if (!isPresent(view, index)) return undefined;
      const value = values[index] as number;
      return Number.isNaN(value) ? undefined : value;
    };
  }
  if (view.kind === 'dictionary') {
    const { entries, indices } = view;
    return index => (isPresent(view, index) ? entries[indices[index] as number] : undefined);
  }
  return index => (isPresent(view, index) ? view.valueAt(index) : undefined);
}

/** Converts Arrow values (bigints, rows, vectors) into plain JSON-friendly values. */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Array.from(value);
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return toPlainValue(withJson.toJSON());
  if (Array.isArray(value)) return value.map(toPlainValue);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item)]));
}

/** The logical type (shared with the contracts' ColumnSchema) of an Arrow type. */
export function logicalTypeOf(type: DataType): LogicalType {
  if (DataType.isDictionary(type)) {
    return DataType.isUtf8(type.dictionary) || DataType.isLargeUtf8(type.dictionary)
      ? 'categorical'
      : logicalTypeOf(type.dictionary);
  }
  if (DataType.isInt(type)) return 'integer';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'float';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || isUtf8ViewType(type)) return 'string';
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isStruct(type)) return 'struct';
  if (DataType.isList(type) || DataType.isFixedSizeList(type) || isLargeListType(type))
    return 'list';
  if (DataType.isNull(type)) return 'null';
  return 'binary';
}

/** One step of a dot path: into a struct field, or from a list into its elements. */
type PathStep = { kind: 'field'; index: number; field: Field } | { kind: 'elements'; field: Field };

function isListType(type: DataType): type is DataType & { children: Field[] } {
  return DataType.isList(type) || isLargeListType(type);
}

/**
 * Resolves a dot path against a schema. Struct fields are entered by name (a name may itself
 * contain dots; the longest match wins). A list is entered into its elements, naming the
 * element field (`tags.item`) or going straight on into a struct element (`items.price`).
 */
function pathSteps(rootFields: readonly Field[], path: string): PathStep[] | undefined {
  const direct = rootFields.findIndex(field => field.name === path);
  if (direct >= 0) return [{ kind: 'field', index: direct, field: rootFields[direct]! }];
  const parts = path.split('.');
  const steps: PathStep[] = [];
  let depth = 0;
  while (depth < parts.length) {
    let current: Field | undefined = steps[steps.length - 1]?.field;
    if (current && isListType(current.type)) {
      const element = current.type.children[0]!;
      steps.push({ kind: 'elements', field: element });
      if (parts[depth] === element.name) {
        depth++;
        continue;
      }
      current = element;
    }
    const fields =
      current === undefined
        ? rootFields
        : DataType.isStruct(current.type)
          ? current.type.children
          : undefined;
    if (!fields) return undefined;
    let matched = false;
    for (let end = parts.length; end > depth; end--) {
      const name = parts.slice(depth, end).join('.');
      const index = fields.findIndex(field => field.name === name);
      if (index < 0) continue;
      steps.push({ kind: 'field', index, field: fields[index]! });
      depth = end;
      matched = true;
      break;
    }
    if (!matched) return undefined;
  }
  return steps;
}

/**
 * Finds the field addressed by a dot path (`user.address.city`, `items.price`) in a schema.
 */
export function findField(schema: Schema, path: string): Field | undefined {
  return pathSteps(schema.fields, path)?.at(-1)?.field;
}

/** Clears the mask entries of `data`'s null slots; `null` means "all present so far". */
function foldNulls(mask: Uint8Array | null, data: Data): Uint8Array | null {
  if (data.nullCount === 0) return mask;
  const folded = mask ?? new Uint8Array(data.length).fill(1);
  for (let index = 0; index < data.length; index++) if (!data.getValid(index)) folded[index] = 0;
  return folded;
}

/** The column a dot path addresses in one batch, with its validity and, for list elements, rows. */
export interface ResolvedColumn {
  data: Data;
  validity: Uint8Array | null;
  validityOffset: number;
  nullCount: number;
  /** For paths through lists: the batch row of each element. */
  rows?: Int32Array;
}

/**
 * The Arrow data of the column addressed by `path` in `batch`, with struct parents' nulls
 * folded into its validity. Through a list the data is the flattened elements of the batch's
 * rows (a null list contributes none), with `rows` mapping each element to its row.
 * `undefined` when the path does not exist.
 */
export function resolveColumnData(batch: RecordBatch, path: string): ResolvedColumn | undefined {
  const steps = pathSteps(batch.schema.fields, path);
  if (!steps) return undefined;
  let data = batch.data as Data;
  let mask: Uint8Array | null = null;
  let rows: Int32Array | undefined;
  steps.forEach((step, position) => {
    if (position > 0) mask = foldNulls(mask, data);
    if (step.kind === 'field') {
      data = data.children[step.index] as Data;
      return;
    }
    const offsets = data.valueOffsets as unknown as ArrayLike<number | bigint>;
    const start = Number(offsets[0]);
    const end = Number(offsets[data.length]);
    const elementRows = new Int32Array(end - start);
    const elementMask = mask === null ? null : new Uint8Array(end - start);
    for (let row = 0; row < data.length; row++) {
      for (let element = Number(offsets[row]); element < Number(offsets[row + 1]); element++) {
        elementRows[element - start] = rows === undefined ? row : rows[row]!;
        if (elementMask) elementMask[element - start] = (mask as Uint8Array | null)![row]!;
      }
    }
    rows = elementRows;
    mask = elementMask;
    data = (data.children[0] as Data).slice(start, end - start);
  });
  const leafMask = steps.length > 1 ? foldNulls(mask, data) : mask;
  const base = rows === undefined ? {} : { rows };
  if (leafMask === null) {
    return {
      data,
      validity: data.nullCount > 0 ? (data.nullBitmap ?? null) : null,
      validityOffset: data.offset,
      nullCount: data.nullCount,
      ...base,
    };
  }
  const bits = new Uint8Array((data.length + 7) >> 3);
  let missing = 0;
  for (let index = 0; index < data.length; index++) {
    if (leafMask[index]) bits[index >> 3]! |= 1 << (index & 7);
    else missing++;
  }
  return {
    data,
    validity: missing > 0 ? bits : null,
    validityOffset: 0,
    nullCount: missing,
    ...base,
  };
}

/** The batch row of element `index` of a view (the index itself unless the path crosses a list). */
export function rowOf(view: ColumnView, index: number): number {
  return view.rows === undefined ? index : view.rows[index]!;
}

const millisecondsPerUnit: Record<number, number> = {
  [TimeUnit.SECOND]: 1000,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 1e-3,
  [TimeUnit.NANOSECOND]: 1e-6,
};

/**
 * The numbers of a 64-bit or temporal column at their row positions, as float64 in `scale`
 * units (milliseconds for temporal types). Read by kit's columnar layer from the two 32-bit
 * halves of each value, without a BigInt per row; the chunk is handed over as null-free so the
 * values keep their positions (null slots hold whatever was stored, and the view's validity
 * hides them).
 */
function toFloat64(data: Data, scale: number): Float64Array {
  const positional: ArrowDataLike = {
    typeId: data.typeId,
    type: data.type as ArrowDataLike['type'],
    length: data.length,
    offset: data.offset,
    nullCount: 0,
    values: data.values as ArrowDataLike['values'],
  };
  const result = new Float64Array(data.length);
  readNumbersInto(positional, result, 0);
  if (scale !== 1) for (let index = 0; index < result.length; index++) result[index]! *= scale;
  return result;
}

/**
 * How to read a numeric column as numbers: in place for 8-32 bit ints and floats, converted to
 * float64 (milliseconds for temporal types) for 64-bit ints, timestamps and dates. The
 * conversion runs only if a check actually reads the values.
 */
function numericValues(
  data: Data,
):
  | { load: () => ArrayLike<number>; temporal: boolean; int64: Int64Values | undefined }
  | undefined {
  const { type } = data;
  const raw = data.values as ArrayLike<number>;
  if (DataType.isInt(type)) {
    return {
      load: () => (type.bitWidth === 64 ? toFloat64(data, 1) : raw),
      temporal: false,
      int64: int64Values(data, 1),
    };
  }
  if (DataType.isFloat(type) && type.precision !== Precision.HALF) {
    return { load: () => raw, temporal: false, int64: undefined };
  }
  if (DataType.isTimestamp(type)) {
    const scale = millisecondsPerUnit[type.unit] ?? 1;
    return { load: () => toFloat64(data, scale), temporal: true, int64: int64Values(data, scale) };
  }
  if (DataType.isDate(type)) {
    const scale = type.unit === DateUnit.DAY ? 86_400_000 : 1;
    return { load: () => toFloat64(data, scale), temporal: true, int64: int64Values(data, scale) };
  }
  return undefined;
}

/**
 * The halves of a batch stored as 64-bit integers (see `NumberView.int64`), or `undefined` for
 * narrower storage, or a buffer too short for the batch's rows (the float64 path then reports
 * it as malformed).
 */
function int64Values(data: Data, scale: number): Int64Values | undefined {
  const values = data.values as unknown;
  if (!(values instanceof BigInt64Array || values instanceof BigUint64Array)) return undefined;
  if (values.length < data.length) return undefined;
  return { ...int64Halves(values, data.length), scale };
}

function decodeDictionary(dictionary: Vector): unknown[] {
  let entries = decodedDictionaries.get(dictionary);
  if (!entries) {
    entries =
      decodeStringEntries(dictionary) ??
      Array.from({ length: dictionary.length }, (_, index) => toPlainValue(dictionary.get(index)));
    decodedDictionaries.set(dictionary, entries);
  }
  return entries;
}

/**
 * The entries of a one-chunk Utf8/LargeUtf8 dictionary, decoded with one decoder call over its
 * bytes (see `decodeUtf8Column`) instead of one `get` per entry, which for LargeUtf8 also reads
 * each 64-bit offset as a BigInt; null entries stay null. `undefined` for other dictionaries.
 */
function decodeStringEntries(dictionary: Vector): unknown[] | undefined {
  if (dictionary.data.length !== 1) return undefined;
  const data = dictionary.data[0] as Data;
  if (!DataType.isUtf8(data.type) && !DataType.isLargeUtf8(data.type)) return undefined;
  const offsets = DataType.isLargeUtf8(data.type)
    ? utf8Chunk(data as unknown as ArrowDataLike, 'dictionary').offsets
    : (data.valueOffsets as unknown as ArrayLike<number>);
  const { text, starts } = decodeUtf8Column(data, offsets, data.values as Uint8Array);
  const entries = new Array<unknown>(data.length);
  for (let index = 0; index < data.length; index++) {
    entries[index] =
      data.nullCount > 0 && !data.getValid(index)
        ? null
        : text.substring(starts[index]!, starts[index + 1]!);
  }
  return entries;
}

/** The fields every lazily loaded view carries, copied once from its batch description. */
abstract class LazyViewBase {
  readonly length: number;
  readonly validity: Uint8Array | null;
  readonly validityOffset: number;
  readonly nullCount: number;
  readonly logicalType: LogicalType;
  readonly arrowType: string;
  readonly rows: Int32Array | undefined;
  readonly excludedCount: number;
  readonly selection: Uint8Array | null;

  constructor(base: Omit<ViewBase, 'valueAt'>) {
    this.length = base.length;
    this.validity = base.validity;
    this.validityOffset = base.validityOffset;
    this.nullCount = base.nullCount;
    this.logicalType = base.logicalType;
    this.arrowType = base.arrowType;
    this.rows = base.rows;
    this.excludedCount = base.excludedCount;
    this.selection = base.selection;
  }
}

/**
 * A number view whose values are converted on first read. A class, so every view shares one
 * hidden class: a getter in an object literal would give each view its own map and make the
 * kernels that read views megamorphic.
 */
class LazyNumberView extends LazyViewBase implements NumberView {
  readonly kind = 'number';
  nanCount: number | undefined = undefined;
  private loaded: ArrayLike<number> | undefined;

  constructor(
    base: Omit<ViewBase, 'valueAt'>,
    private readonly load: () => ArrayLike<number>,
    readonly temporal: boolean,
    readonly floating: boolean,
    readonly int64: Int64Values | undefined,
  ) {
    super(base);
  }

  get values(): ArrayLike<number> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  valueAt(index: number): unknown {
    // A value listed in a report is read from the halves: listing must not convert the batch.
    const { int64 } = this;
    const value =
      this.loaded === undefined && int64 !== undefined
        ? int64At(int64, index)
        : this.values[index]!;
    return this.temporal ? new Date(value).toISOString() : value;
  }
}

/** Value `index` of 64-bit integer storage, as the float64 conversion computes it. */
export function int64At(int64: Int64Values, index: number): number {
  // Multiplying by a scale of 1 is exact: the same double as the float64 conversion's.
  return (
    ((int64.hi[2 * index + 1] as number) * TWO_TO_32 + (int64.lo[2 * index] as number)) *
    int64.scale
  );
}

/**
 * A dictionary batch's indices as numbers: 64-bit indices (rare; Arrow allows them) are
 * converted once, so the kernels never mix BigInt into their integer arithmetic.
 */
function dictionaryIndices(values: unknown): ArrayLike<number> {
  if (!(values instanceof BigInt64Array || values instanceof BigUint64Array))
    return values as ArrayLike<number>;
  const numbers = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) numbers[index] = Number(values[index]);
  return numbers;
}

/** A dictionary view whose per-entry counts are computed on first use. */
class LazyDictionaryView extends LazyViewBase implements DictionaryView {
  readonly kind = 'dictionary';
  private counts: Float64Array | undefined;

  constructor(
    base: Omit<ViewBase, 'valueAt'>,
    readonly indices: ArrayLike<number>,
    readonly entries: readonly unknown[],
  ) {
    super(base);
  }

  entryCounts(): Float64Array {
    this.counts ??= countEntries(
      this.indices,
      this.entries.length,
      this.validity,
      this.validityOffset,
      this.length,
    );
    this.checked = true;
    return this.counts;
  }

  private checked = false;

  checkIndices(): void {
    if (this.checked) return;
    // Out of range (or an empty dictionary with rows): the count says how many rows, and throws.
    if (
      !indicesInRange(
        this.indices,
        this.entries.length,
        this.validity,
        this.validityOffset,
        this.length,
      )
    )
      this.entryCounts();
    this.checked = true;
  }

  valueAt(index: number): unknown {
    return this.entries[this.indices[index]!];
  }
}

function countEntries(
  indices: ArrayLike<number>,
  entryCount: number,
  validity: Uint8Array | null,
  validityOffset: number,
  length: number,
): Float64Array {
  if (validity === null) return countEntriesDense(indices, entryCount, length);
  // Null slots may hold any index (often 0), so they are counted into a spare last slot.
  const withSpare = new Float64Array(entryCount + 1);
  let nulls = 0;
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    const present = ((validity[bit >> 3] as number) >> (bit & 7)) & 1;
    if (present === 0) nulls++;
    withSpare[present === 1 ? (indices[index] as number) : entryCount]! += 1;
  }
  const entries = withSpare.subarray(0, entryCount);
  checkAllCounted(entries, length - nulls);
  return entries;
}

/**
 * Whether every present row's index points into a dictionary of `entryCount` entries, from the
 * least and greatest index (branch-free; a null row reads as 0 and is not counted).
 */
function indicesInRange(
  indices: ArrayLike<number>,
  entryCount: number,
  validity: Uint8Array | null,
  validityOffset: number,
  length: number,
): boolean {
  if (length === 0) return true;
  if (validity === null) {
    let least = indices[0] as number;
    let most = least;
    for (let index = 1; index < length; index++) {
      const key = indices[index] as number;
      least = Math.min(least, key);
      most = Math.max(most, key);
    }
    return least >= 0 && most < entryCount;
  }
  let least = 0;
  let most = 0;
  let present = 0;
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    const valid = ((validity[bit >> 3] as number) >> (bit & 7)) & 1;
    const key = (indices[index] as number) * valid;
    least = Math.min(least, key);
    most = Math.max(most, key);
    present += valid;
  }
  return present === 0 || (least >= 0 && most < entryCount);
}

/**
 * {@link countEntries} of a batch without nulls. Four interleaved count arrays let consecutive
 * rows of one entry (runs are common) update different slots instead of waiting on each other;
 * an index outside the dictionary is caught by OR-ing every index with its distance to the
 * last entry (negative for either side) before the lanes are summed.
 */
function countEntriesDense(
  indices: ArrayLike<number>,
  entryCount: number,
  length: number,
): Float64Array {
  const lanes = new Uint32Array(entryCount * 4);
  const last = entryCount - 1;
  const second = entryCount;
  const third = 2 * entryCount;
  const fourth = 3 * entryCount;
  let outside = 0;
  let index = 0;
  for (; index + 3 < length; index += 4) {
    const a = indices[index] as number;
    const b = indices[index + 1] as number;
    const c = indices[index + 2] as number;
    const d = indices[index + 3] as number;
    outside |= a | b | c | d | (last - a) | (last - b) | (last - c) | (last - d);
    lanes[a]!++;
    lanes[second + b]!++;
    lanes[third + c]!++;
    lanes[fourth + d]!++;
  }
  for (; index < length; index++) {
    const a = indices[index] as number;
    outside |= a | (last - a);
    lanes[a]!++;
  }
  if (outside < 0) {
    let rows = 0;
    for (let row = 0; row < length; row++) {
      const key = indices[row] as number;
      if (!(key >= 0 && key <= last)) rows++;
    }
    throw indexOutOfRange(rows, entryCount);
  }
  const counts = new Float64Array(entryCount);
  for (let entry = 0; entry < entryCount; entry++)
    counts[entry] =
      (lanes[entry] as number) +
      (lanes[second + entry] as number) +
      (lanes[third + entry] as number) +
      (lanes[fourth + entry] as number);
  return counts;
}

function indexOutOfRange(rows: number, size: number): InvalidInputError {
  return new InvalidInputError({
    code: 'DICTIONARY_INDEX_OUT_OF_RANGE',
    message: `${rows} rows of a dictionary column point past its ${size} entries: the Arrow data is malformed.`,
    details: { rows, size },
  });
}

/**
 * Throws when fewer rows were counted than hold a value: a Float64Array drops writes past its
 * end, so an index outside the dictionary would otherwise vanish from every count unseen.
 */
function checkAllCounted(counts: Float64Array, expected: number): void {
  let counted = 0;
  for (let entry = 0; entry < counts.length; entry++) counted += counts[entry]!;
  if (counted !== expected) throw indexOutOfRange(expected - counted, counts.length);
}

const distinctStrings = new WeakMap<Data, DistinctStrings | null>();

/** Rows sampled to tell a repetitive string batch (airport codes) from a mostly unique one. */
const distinctSample = 1024;

/**
 * The distinct values of a Utf8/LargeUtf8 batch (cached per Arrow data, so every check and
 * statistic of the batch shares one counting pass); see {@link Utf8View.distinct} for `mode`.
 */
function distinctOf(data: Data, mode: DistinctMode): DistinctStrings | undefined {
  const cached = distinctStrings.get(data);
  if (cached) return cached;
  if (mode === 'cached' || (cached === null && mode === 'sample')) return undefined;
  if (mode === 'sample' && data.length > 2 * distinctSample) {
    const sample = new StringCounter();
    sample.add(data.slice(0, distinctSample) as unknown as ArrowDataLike);
    if (sample.result().values.length > distinctSample / 4) {
      distinctStrings.set(data, null);
      return undefined;
    }
  }
  const counter = new StringCounter();
  const codes = new Int32Array(data.length);
  counter.add(data as unknown as ArrowDataLike, codes);
  const distinct = { values: counter.result().values, codes };
  distinctStrings.set(data, distinct);
  return distinct;
}

/**
 * A UTF-8 view that decodes its batch only when a value is first read as a string, so checks
 * answered from the bytes (lengths of ASCII values, simple patterns, distinct values) never
 * decode it whole.
 */
class LazyUtf8View extends LazyViewBase implements Utf8View {
  readonly kind = 'utf8';
  private decoded: { text: string; starts: ArrayLike<number> } | undefined;
  private narrowed: ArrayLike<number> | undefined;

  constructor(
    base: Omit<ViewBase, 'valueAt'>,
    private readonly data: Data,
    private readonly path: string,
    readonly bytes: Uint8Array,
  ) {
    super(base);
  }

  /**
   * Row boundaries in `bytes`. LargeUtf8's 64-bit offsets are narrowed by kit on first read
   * (no BigInt per row), so a batch checked only through `distinct` never narrows them here.
   */
  get offsets(): ArrayLike<number> {
    this.narrowed ??= DataType.isLargeUtf8(this.data.type)
      ? utf8Chunk(this.data as unknown as ArrowDataLike, this.path).offsets
      : (this.data.valueOffsets as unknown as ArrayLike<number>);
    return this.narrowed;
  }

  get ascii(): boolean {
    return isAsciiColumn(this.data, this.offsets, this.bytes);
  }

  stringAt(index: number): string {
    this.decoded ??= decodeUtf8Column(this.data, this.offsets, this.bytes);
    return this.decoded.text.substring(
      this.decoded.starts[index]!,
      this.decoded.starts[index + 1]!,
    );
  }

  valueAt(index: number): unknown {
    return this.stringAt(index);
  }

  distinct(mode: DistinctMode = 'sample'): DistinctStrings | undefined {
    return distinctOf(this.data, mode);
  }

  distinctCounts(distinct: DistinctStrings): Float64Array {
    const { codes } = distinct;
    const { validity, validityOffset, length } = this;
    // A null row's code is -1: it is counted into a spare last slot, which is dropped.
    const counts = new Float64Array(distinct.values.length + 1);
    const spare = distinct.values.length;
    if (validity === null) {
      // No validity bitmap: no row is null, so every code is an id.
      for (let index = 0; index < length; index++) counts[codes[index]!]! += 1;
    } else {
      for (let index = 0; index < length; index++) {
        const bit = validityOffset + index;
        const present = ((validity[bit >> 3] as number) >> (bit & 7)) & 1;
        counts[present === 1 ? codes[index]! : spare]! += 1;
      }
    }
    return counts.subarray(0, spare);
  }
}

/** The rows a row condition selected in one batch, as a byte mask and as packed bits. */
export interface RowSelection {
  /** 1 per selected batch row. */
  readonly mask: Uint8Array;
  /** The mask packed as validity bits (1 = selected), shared by every column of the batch. */
  readonly bits: Uint8Array;
  readonly selected: number;
}

/**
 * Packs a row mask into validity bits once per batch, so each column's view only combines it
 * with its own validity byte by byte.
 */
export function packRowSelection(mask: Uint8Array): RowSelection {
  const bits = new Uint8Array((mask.length + 7) >> 3);
  let selected = 0;
  for (let index = 0; index < mask.length; index++) {
    const chosen = mask[index]!;
    selected += chosen;
    bits[index >> 3]! |= chosen << (index & 7);
  }
  return { mask, bits, selected };
}

const bitCounts = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let value = byte; value > 0; value >>= 1) count += value & 1;
  return count;
});

/**
 * Folds a row selection into a column's validity: unselected rows, or the elements of
 * unselected rows for paths through lists, read as missing and are counted in `excludedCount`
 * so that counts can leave them out.
 */
function selectRows(
  resolved: ResolvedColumn,
  rowSelection: RowSelection,
): { validity: Uint8Array; nullCount: number; excludedCount: number; selection: Uint8Array } {
  const { data, validity, validityOffset, rows } = resolved;
  const length = data.length;
  if (rows === undefined && validity === null) {
    const excluded = length - rowSelection.selected;
    return {
      validity: rowSelection.bits,
      nullCount: excluded,
      excludedCount: excluded,
      selection: rowSelection.mask,
    };
  }
  let selection = rowSelection.mask;
  let bits = rowSelection.bits;
  let selected = rowSelection.selected;
  if (rows !== undefined) {
    selection = new Uint8Array(length);
    for (let index = 0; index < length; index++)
      selection[index] = rowSelection.mask[rows[index]!]!;
    ({ bits, selected } = packRowSelection(selection));
  }
  const excluded = length - selected;
  if (validity === null)
    return { validity: bits, nullCount: excluded, excludedCount: excluded, selection };
  const combined = new Uint8Array(bits.length);
  let present = 0;
  if ((validityOffset & 7) === 0) {
    const first = validityOffset >> 3;
    for (let byte = 0; byte < combined.length; byte++) {
      const value = (bits[byte] as number) & (validity[first + byte] as number);
      combined[byte] = value;
      present += bitCounts[value] as number;
    }
    // Bits past the last row may be set in the validity buffer; the selection has them clear.
  } else {
    for (let index = 0; index < length; index++) {
      const bit = validityOffset + index;
      const value = selection[index]! & (((validity[bit >> 3] as number) >> (bit & 7)) & 1);
      combined[index >> 3]! |= value << (index & 7);
      present += value;
    }
  }
  return { validity: combined, nullCount: length - present, excludedCount: excluded, selection };
}

/**
 * Builds the typed view of column `path` of `batch` that the kernels loop over, or `undefined`
 * when the path does not exist. Typed arrays are used in place (zero copy) except for 64-bit
 * integers and temporal types, which are converted lazily, once per batch, to float64
 * (milliseconds for temporal types). With `rowSelection` (1 per selected batch row, from a
 * row condition) the view excludes the other rows (see `excludedCount`).
 */
export function createColumnView(
  batch: RecordBatch,
  path: string,
  rowSelection?: RowSelection,
): ColumnView | undefined {
  const resolved = resolveColumnData(batch, path);
  if (!resolved) return undefined;
  const { data, rows } = resolved;
  const selected = rowSelection === undefined ? undefined : selectRows(resolved, rowSelection);
  const base = {
    length: data.length,
    validity: selected?.validity ?? resolved.validity,
    validityOffset: selected ? 0 : resolved.validityOffset,
    nullCount: selected?.nullCount ?? resolved.nullCount,
    logicalType: logicalTypeOf(data.type),
    arrowType: String(data.type),
    rows,
    excludedCount: selected?.excludedCount ?? 0,
    selection: selected?.selection ?? null,
  };
  let vector: Vector | undefined;
  const genericValueAt = (index: number) => {
    vector ??= makeVector(data);
    return toPlainValue(vector.get(index));
  };
  const type = data.type;
  if (DataType.isDictionary(type) && data.dictionary) {
    return new LazyDictionaryView(
      base,
      dictionaryIndices(data.values),
      decodeDictionary(data.dictionary),
    );
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    return new LazyUtf8View(base, data, path, data.values as Uint8Array);
  }
  if (DataType.isBool(type)) {
    const bits = data.values as Uint8Array;
    const bitOffset = data.offset;
    const valueAt = (index: number) => {
      const bit = bitOffset + index;
      return ((bits[bit >> 3]! >> (bit & 7)) & 1) === 1;
    };
    return { ...base, kind: 'boolean', bits, bitOffset, valueAt };
  }
  const numeric = numericValues(data);
  if (numeric)
    return new LazyNumberView(
      base,
      numeric.load,
      numeric.temporal,
      DataType.isFloat(type),
      numeric.int64,
    );
  return { ...base, kind: 'generic', valueAt: genericValueAt };
}

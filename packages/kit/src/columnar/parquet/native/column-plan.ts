// Which top-level columns the native reader can decode, and into what: the Arrow type each
// gets (the one parquet-wasm gives the same file) and how its physical values are stored.
import {
  type ArrowField,
  type ArrowFieldType,
  arrowFieldType,
  dictionaryFieldType,
} from '../../arrow-c-data';
import { type ArrowTypeHint, arrowSchemaDefect, readArrowSchemaHint } from './arrow-schema-hint';
import { codecName, isSupportedCodec } from './decompress-page';
import type { ColumnChunkMeta, FileMetadata, SchemaElement } from './file-metadata';

/** Physical types. */
export const Physical = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  INT96: 3,
  FLOAT: 4,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
  FIXED_LEN_BYTE_ARRAY: 7,
} as const;

/** Encoding values. */
export const Encoding = {
  PLAIN: 0,
  PLAIN_DICTIONARY: 2,
  RLE: 3,
  BIT_PACKED: 4,
  DELTA_BINARY_PACKED: 5,
  DELTA_LENGTH_BYTE_ARRAY: 6,
  DELTA_BYTE_ARRAY: 7,
  RLE_DICTIONARY: 8,
  BYTE_STREAM_SPLIT: 9,
} as const;

const encodingNames = [
  'PLAIN',
  'GROUP_VAR_INT',
  'PLAIN_DICTIONARY',
  'RLE',
  'BIT_PACKED',
  'DELTA_BINARY_PACKED',
  'DELTA_LENGTH_BYTE_ARRAY',
  'DELTA_BYTE_ARRAY',
  'RLE_DICTIONARY',
  'BYTE_STREAM_SPLIT',
];

/** The name of encoding `encoding`, for messages. */
export function encodingName(encoding: number): string {
  return encodingNames[encoding] ?? `encoding ${encoding}`;
}

/** How a column's decoded values become its Arrow buffer. */
export type OutputKind =
  | 'bool'
  | 'int32'
  | 'int8'
  | 'int16'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'date64'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double'
  | 'float16'
  | 'bytes';

/** The decoding plan of one selected column. */
export interface ColumnPlan {
  name: string;
  field: ArrowField;
  physical: number;
  /** Bytes per value of a FIXED_LEN_BYTE_ARRAY column. */
  typeLength: number;
  /** Definition level 1 exists (the column is OPTIONAL). */
  optional: boolean;
  output: OutputKind;
  /** BYTE_ARRAY: offsets are 64-bit (LargeUtf8). */
  large: boolean;
  /** BYTE_ARRAY: the output is Dictionary chunks (indices into the chunk's distinct values). */
  dictionary: boolean;
  /** Index of the column's chunk in each row group's column list. */
  chunkIndex: number;
}

/**
 * A plan, or why there is none: a column and a feature (for `PARQUET_UNSUPPORTED`), or a
 * corrupt Arrow schema (for `INVALID_PARQUET`: handing it to parquet-wasm would abort).
 */
export type PlanResult =
  | { plans: ColumnPlan[]; fields: ArrowField[] }
  | { column: string; feature: string }
  | { corrupt: string };

const unitLetters: Record<string, string> = { MILLIS: 'm', MICROS: 'u', NANOS: 'n' };

interface Mapped {
  format: string;
  output: OutputKind;
}

/** The Arrow format parquet-wasm (arrow-rs) gives a leaf without an Arrow schema hint. */
function mapLeaf(element: SchemaElement): Mapped | string {
  const logical = element.logical;
  const converted = element.convertedType;
  const kind = logical?.kind;
  switch (element.type) {
    case Physical.BOOLEAN:
      return kind ? `logical type ${kind} on BOOLEAN` : { format: 'b', output: 'bool' };
    case Physical.INT32: {
      if (kind === 'INTEGER') {
        const key = `${logical?.signed === false ? 'u' : 's'}${logical?.bitWidth}`;
        const mapped = (
          {
            s8: { format: 'c', output: 'int8' },
            s16: { format: 's', output: 'int16' },
            s32: { format: 'i', output: 'int32' },
            u8: { format: 'C', output: 'uint8' },
            u16: { format: 'S', output: 'uint16' },
            u32: { format: 'I', output: 'uint32' },
          } as Record<string, Mapped>
        )[key];
        return mapped ?? `INTEGER(${logical?.bitWidth}) on INT32`;
      }
      if (kind === 'DATE') return { format: 'tdD', output: 'int32' };
      if (kind === 'TIME' && logical?.unit === 'MILLIS') return { format: 'ttm', output: 'int32' };
      if (kind) return `logical type ${kind} on INT32`;
      const legacy: Record<number, Mapped> = {
        6: { format: 'tdD', output: 'int32' },
        7: { format: 'ttm', output: 'int32' },
        11: { format: 'C', output: 'uint8' },
        12: { format: 'S', output: 'uint16' },
        13: { format: 'I', output: 'uint32' },
        15: { format: 'c', output: 'int8' },
        16: { format: 's', output: 'int16' },
        17: { format: 'i', output: 'int32' },
      };
      if (converted === -1) return { format: 'i', output: 'int32' };
      return legacy[converted] ?? `converted type ${converted} on INT32`;
    }
    case Physical.INT64: {
      if (kind === 'INTEGER') {
        if (logical?.bitWidth !== 64) return `INTEGER(${logical?.bitWidth}) on INT64`;
        return logical.signed === false
          ? { format: 'L', output: 'uint64' }
          : { format: 'l', output: 'int64' };
      }
      if (kind === 'TIMESTAMP') {
        const letter = unitLetters[logical?.unit ?? ''];
        if (!letter) return 'a TIMESTAMP unit it does not know';
        return { format: `ts${letter}:${logical?.utc ? 'UTC' : ''}`, output: 'int64' };
      }
      if (kind === 'TIME' && (logical?.unit === 'MICROS' || logical?.unit === 'NANOS'))
        return { format: logical.unit === 'MICROS' ? 'ttu' : 'ttn', output: 'int64' };
      if (kind) return `logical type ${kind} on INT64`;
      if (converted === -1 || converted === 18) return { format: 'l', output: 'int64' };
      if (converted === 14) return { format: 'L', output: 'uint64' };
      if (converted === 8) return { format: 'ttu', output: 'int64' };
      return `converted type ${converted} on INT64`;
    }
    case Physical.INT96:
      return 'INT96 timestamps';
    case Physical.FLOAT:
      return kind ? `logical type ${kind} on FLOAT` : { format: 'f', output: 'float' };
    case Physical.DOUBLE:
      return kind ? `logical type ${kind} on DOUBLE` : { format: 'g', output: 'double' };
    case Physical.BYTE_ARRAY:
      if (kind === 'STRING' || kind === 'ENUM' || kind === 'JSON')
        return { format: 'u', output: 'bytes' };
      if (!kind && (converted === 0 || converted === 4 || converted === 19))
        return { format: 'u', output: 'bytes' };
      return 'BYTE_ARRAY without a string type (binary)';
    case Physical.FIXED_LEN_BYTE_ARRAY:
      if (kind === 'FLOAT16' && element.typeLength === 2) return { format: 'e', output: 'float16' };
      return `FIXED_LEN_BYTE_ARRAY${kind ? ` (${kind})` : ''}`;
    default:
      return `physical type ${element.type}`;
  }
}

/** Applies the Arrow schema hint the way arrow-rs does, or says why the pair is not supported. */
function applyHint(mapped: Mapped, hint: ArrowTypeHint | undefined): Mapped | string {
  if (!hint || hint.dictionaryIndex !== undefined) return mapped;
  const wanted = hint.format;
  if (wanted === mapped.format) return mapped;
  if (mapped.format === 'u' && wanted === 'U') return { format: 'U', output: 'bytes' };
  if (mapped.format === 'tdD' && wanted === 'tdm') return { format: 'tdm', output: 'date64' };
  if (mapped.format === 'l' && /^tD[smun]$/.test(wanted))
    return { format: wanted, output: 'int64' };
  if (mapped.format.startsWith('ts') && wanted.startsWith('ts')) {
    // arrow-rs keeps the Parquet unit and takes the time zone from the hint.
    const zone = wanted.slice(4);
    return {
      format: `${mapped.format.slice(0, 4)}${zone || (mapped.format.endsWith('UTC') ? 'UTC' : '')}`,
      output: 'int64',
    };
  }
  return `Arrow type ${wanted} stored as ${mapped.format}`;
}

/** The top-level columns of the schema, in file order: their element and whether they are leaves. */
export function topLevel(
  schema: readonly SchemaElement[],
): Array<{ element: SchemaElement; leaf: boolean }> {
  const columns: Array<{ element: SchemaElement; leaf: boolean }> = [];
  const root = schema[0];
  let index = 1;
  for (let child = 0; root && child < root.children && index < schema.length; child++) {
    const element = schema[index] as SchemaElement;
    columns.push({ element, leaf: element.children === 0 && element.type >= 0 });
    let pending = 1;
    while (pending > 0 && index < schema.length) {
      pending += Math.max(0, (schema[index] as SchemaElement).children) - 1;
      index++;
    }
  }
  return columns;
}

/** The leaves of the schema tree in file order: their full path and physical type. */
function schemaLeaves(schema: readonly SchemaElement[]): Array<{ path: string; type: number }> {
  const leaves: Array<{ path: string; type: number }> = [];
  // Depth-first over the flattened tree: a stack of [path prefix, children left].
  const stack: Array<{ prefix: string[]; left: number }> = [
    { prefix: [], left: schema[0]?.children ?? 0 },
  ];
  for (let index = 1; index < schema.length && stack.length > 0; index++) {
    const parent = stack[stack.length - 1] as { prefix: string[]; left: number };
    const element = schema[index] as SchemaElement;
    parent.left--;
    const path = [...parent.prefix, element.name];
    if (element.children > 0) stack.push({ prefix: path, left: element.children });
    else leaves.push({ path: path.join('.'), type: element.type });
    while (stack.length > 0 && (stack[stack.length - 1] as { left: number }).left <= 0) stack.pop();
  }
  return leaves;
}

/**
 * False for an encoding the format defines only for other physical types (a DELTA_BYTE_ARRAY
 * INT64 column cannot exist); encodings it does not know count as fitting (a later format
 * version may add them; the reader then reports them as unsupported).
 */
function encodingFitsType(encoding: number, physical: number): boolean {
  switch (encoding) {
    case Encoding.DELTA_BINARY_PACKED:
      return physical === Physical.INT32 || physical === Physical.INT64;
    case Encoding.DELTA_LENGTH_BYTE_ARRAY:
      return physical === Physical.BYTE_ARRAY;
    case Encoding.DELTA_BYTE_ARRAY:
      return physical === Physical.BYTE_ARRAY || physical === Physical.FIXED_LEN_BYTE_ARRAY;
    case Encoding.BYTE_STREAM_SPLIT:
      return (
        physical !== Physical.BOOLEAN &&
        physical !== Physical.BYTE_ARRAY &&
        physical !== Physical.INT96
      );
    default:
      return true;
  }
}

/**
 * Why the row groups do not match the schema (a chunk per leaf, in order, of its type, with
 * encodings allowed for that type), or undefined when they do. A corrupt footer like this is refused before any engine reads:
 * arrow-rs (parquet-wasm) aborts the process on some of them.
 */
function chunkMismatch(metadata: FileMetadata): string | undefined {
  const leaves = schemaLeaves(metadata.schema);
  for (const [group, rowGroup] of metadata.rowGroups.entries()) {
    if (rowGroup.columns.length !== leaves.length)
      return `row group ${group} has ${rowGroup.columns.length} column chunks for the schema's ${leaves.length} columns: the footer is corrupt.`;
    for (const [index, chunk] of rowGroup.columns.entries()) {
      const leaf = leaves[index] as { path: string; type: number };
      const path = chunk.path.join('.');
      if (path !== leaf.path || chunk.type !== leaf.type)
        return `column chunk ${index} of row group ${group} is "${path}" (type ${chunk.type}), but the schema's column ${index} is "${leaf.path}" (type ${leaf.type}): the footer is corrupt.`;
      if (!(chunk.codec >= 0 && chunk.codec <= 7))
        return `column chunk "${path}" of row group ${group} has codec ${chunk.codec}, which the format does not define: the footer is corrupt.`;
      const invalid = chunk.encodings.find(encoding => !encodingFitsType(encoding, chunk.type));
      if (invalid !== undefined)
        return `column chunk "${path}" of row group ${group} lists the ${encodingName(invalid)} encoding, which the format does not allow for its physical type ${chunk.type}: the footer is corrupt.`;
    }
  }
  return undefined;
}

const dictionaryEncodings = [Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY];

function encodingsSupported(physical: number, encodings: readonly number[]): number | undefined {
  for (const encoding of encodings) {
    if (encoding === Encoding.PLAIN || encoding === Encoding.RLE) continue;
    if (encoding === Encoding.BIT_PACKED) continue; // listed for levels by old writers; checked per page
    if (dictionaryEncodings.includes(encoding as 2 | 8) && physical !== Physical.BOOLEAN) continue;
    if (
      encoding === Encoding.DELTA_BINARY_PACKED &&
      (physical === Physical.INT32 || physical === Physical.INT64)
    )
      continue;
    if (
      (encoding === Encoding.DELTA_LENGTH_BYTE_ARRAY || encoding === Encoding.DELTA_BYTE_ARRAY) &&
      physical === Physical.BYTE_ARRAY
    )
      continue;
    if (
      encoding === Encoding.BYTE_STREAM_SPLIT &&
      physical !== Physical.BOOLEAN &&
      physical !== Physical.BYTE_ARRAY
    )
      continue;
    return encoding;
  }
  return undefined;
}

/**
 * Plans the native read of `names` (every top-level column when undefined) over `rowGroups`:
 * each must be a flat leaf (not repeated, max definition level <= 1) of a supported type,
 * with supported codecs and encodings in the given row groups. With `skipUnsupported`, the
 * plans of the columns that are, leaving the others out (a corrupt file is still refused).
 */
export function planColumns(
  metadata: FileMetadata,
  names: readonly string[] | undefined,
  rowGroups: readonly number[],
  dictionaries: 'keep' | 'decode',
  skipUnsupported = false,
): PlanResult {
  const columns = topLevel(metadata.schema);
  const selected = names
    ? names.map(name => columns.find(column => column.element.name === name))
    : columns;
  const hintText = metadata.keyValues.get('ARROW:schema');
  const hints =
    hintText === undefined ? new Map<string, ArrowTypeHint>() : readArrowSchemaHint(hintText);
  const defect = hintText === undefined ? undefined : arrowSchemaDefect(hintText);
  if (defect) return { corrupt: `its Arrow schema (ARROW:schema metadata) is corrupt: ${defect}.` };
  if (!hints) return { column: '*', feature: 'an Arrow schema (ARROW:schema) it cannot read' };
  const mismatch = chunkMismatch(metadata);
  if (mismatch) return { corrupt: mismatch };
  for (const [name, hint] of hints) {
    if (hint.format === '!' || hint.dictionaryIndex === '!')
      return {
        corrupt: `its Arrow schema (ARROW:schema metadata) is corrupt: field "${name}" has a type that does not exist or has invalid parameters (an integer width, precision or time unit).`,
      };
  }
  const plans: ColumnPlan[] = [];
  // Files keep each top-level name once; order of `selected` is the file's (like parquet-wasm).
  const ordered = names ? columns.filter(column => selected.includes(column)) : columns;
  const planOne = (
    element: SchemaElement,
    leaf: boolean,
  ): ColumnPlan | { column: string; feature: string } => {
    const name = element.name;
    if (!leaf) return { column: name, feature: 'a nested (group) type' };
    if (element.repetition === 2) return { column: name, feature: 'repetition (a repeated field)' };
    const mapped = mapLeaf(element);
    if (typeof mapped === 'string') return { column: name, feature: mapped };
    const hint = hints.get(name);
    const hinted = applyHint(mapped, hint);
    if (typeof hinted === 'string') return { column: name, feature: hinted };
    const chunks: ColumnChunkMeta[] = [];
    let chunkIndex = -1;
    for (const group of rowGroups) {
      const list = metadata.rowGroups[group]?.columns ?? [];
      const index = list.findIndex(chunk => chunk.path.length === 1 && chunk.path[0] === name);
      if (index < 0) return { column: name, feature: 'a row group without its column chunk' };
      if (chunkIndex >= 0 && index !== chunkIndex)
        return { column: name, feature: 'column chunks in varying order' };
      chunkIndex = index;
      chunks.push(list[index] as ColumnChunkMeta);
    }
    for (const chunk of chunks) {
      if (chunk.external) return { column: name, feature: 'column chunks in another file' };
      if (!isSupportedCodec(chunk.codec))
        return { column: name, feature: `the ${codecName(chunk.codec)} codec` };
      if (chunk.type !== element.type)
        return { column: name, feature: 'a chunk type that differs from the schema' };
      const encoding = encodingsSupported(element.type, chunk.encodings);
      if (encoding !== undefined)
        return { column: name, feature: `the ${encodingName(encoding)} encoding` };
    }
    let dictionary = false;
    let format = hinted.format;
    if (hint?.dictionaryIndex !== undefined) {
      // parquet-wasm gives a dictionary column where the Arrow schema has one.
      if (
        hinted.output !== 'bytes' ||
        hint.dictionaryIndex !== 'i' ||
        !(hint.format === 'u' || hint.format === 'U')
      )
        return {
          column: name,
          feature: `a dictionary of ${hint.format} indexed by ${hint.dictionaryIndex}`,
        };
      dictionary = true;
      format = hint.format;
    } else if (dictionaries === 'keep' && hinted.output === 'bytes') {
      dictionary =
        chunks.length > 0 &&
        chunks.every(chunk =>
          chunk.encodings.some(encoding => dictionaryEncodings.includes(encoding as 2 | 8)),
        );
    }
    const valueType = arrowFieldType(format) as ArrowFieldType;
    const type = dictionary ? dictionaryFieldType('i', valueType) : valueType;
    return {
      name,
      field: { name, type, nullable: element.repetition === 1 },
      physical: element.type,
      typeLength: element.typeLength,
      optional: element.repetition === 1,
      output: hinted.output,
      large: format === 'U',
      dictionary,
      chunkIndex: Math.max(0, chunkIndex),
    };
  };
  for (const { element, leaf } of ordered) {
    const plan = planOne(element, leaf);
    if ('field' in plan) plans.push(plan);
    else if (!skipUnsupported) return plan;
  }
  return { plans, fields: plans.map(plan => plan.field) };
}

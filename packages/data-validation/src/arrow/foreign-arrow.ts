import { InvalidInputError } from '@ballast/contracts';
import { makeLargeListType } from './arrow-compat';
import {
  Binary,
  Bool,
  Data,
  type DataType,
  Date_,
  Decimal,
  Dictionary,
  Duration,
  Field,
  FixedSizeBinary,
  FixedSizeList,
  Float,
  Int,
  Interval,
  LargeBinary,
  LargeUtf8,
  List,
  Map_,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Time,
  Timestamp,
  Type,
  Utf8,
  Vector,
} from 'apache-arrow';

// Arrow objects are recognised by their shape, never with `instanceof`: a table built with the
// caller's own apache-arrow (another copy, another major) has other classes than ours. Such
// objects are adopted: their types are rebuilt with our classes (by `typeId`, which is part of
// the Arrow format) and their buffers are reused as they are, so adopting costs no copy.

/** The shape of an Arrow type from any copy of apache-arrow. */
interface TypeLike {
  readonly typeId: number;
}

/** The shape of an Arrow field from any copy of apache-arrow. */
interface FieldLike {
  name: string;
  type: TypeLike;
  nullable?: boolean;
  metadata?: Map<string, string>;
}

/** The shape of a schema from any copy of apache-arrow. */
export interface SchemaLike {
  fields: readonly FieldLike[];
  metadata?: Map<string, string>;
}

/** The shape of a column's data (`Data`) from any copy of apache-arrow. */
interface DataLike {
  type: TypeLike;
  offset: number;
  length: number;
  nullCount: number;
  values?: unknown;
  valueOffsets?: unknown;
  nullBitmap?: unknown;
  typeIds?: unknown;
  children?: readonly DataLike[];
  dictionary?: { data: readonly DataLike[] };
}

/** The shape of a record batch from any copy of apache-arrow. */
export interface RecordBatchLike {
  schema: SchemaLike;
  numRows: number;
  data: DataLike;
}

/** The shape of a table from any copy of apache-arrow. */
export interface TableLike {
  schema: SchemaLike;
  batches: readonly RecordBatchLike[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** A schema from any copy of apache-arrow: an object with an array of fields. */
export function isSchemaLike(value: unknown): value is SchemaLike {
  return isObject(value) && Array.isArray(value.fields);
}

/** A table from any copy of apache-arrow: a schema and an array of record batches. */
export function isTableLike(value: unknown): value is TableLike {
  return isObject(value) && isSchemaLike(value.schema) && Array.isArray(value.batches);
}

/** A record batch from any copy of apache-arrow: a schema, a row count and struct data. */
export function isRecordBatchLike(value: unknown): value is RecordBatchLike {
  return (
    isObject(value) &&
    isSchemaLike(value.schema) &&
    typeof value.numRows === 'number' &&
    isObject(value.data) &&
    Array.isArray((value.data as { children?: unknown }).children)
  );
}

function unsupported(what: string): InvalidInputError {
  return new InvalidInputError({
    code: 'UNSUPPORTED_INPUT',
    message: `The Arrow input has ${what}, which this version of @ballast/data-validation cannot read.`,
    details: { path: 'input' },
  });
}

const number = (value: unknown) => value as number;

function adoptType(like: TypeLike): DataType {
  // The parameters each type carries (bitWidth, unit, children...) are read by name.
  const type = like as TypeLike & Record<string, unknown>;
  const children = () => ((type.children as FieldLike[] | undefined) ?? []).map(adoptField);
  switch (type.typeId) {
    case Type.Null:
      return new Null();
    case Type.Int:
      return new Int(Boolean(type.isSigned), number(type.bitWidth) as 8 | 16 | 32 | 64);
    case Type.Float:
      return new Float(number(type.precision));
    case Type.Binary:
      return new Binary();
    case Type.LargeBinary:
      return new LargeBinary();
    case Type.Utf8:
      return new Utf8();
    case Type.LargeUtf8:
      return new LargeUtf8();
    case Type.Bool:
      return new Bool();
    case Type.Decimal:
      return new Decimal(number(type.scale), number(type.precision), number(type.bitWidth));
    case Type.Date:
      return new Date_(number(type.unit));
    case Type.Time:
      return new Time(number(type.unit), number(type.bitWidth) as 32 | 64);
    case Type.Timestamp:
      return new Timestamp(number(type.unit), (type.timezone as string | null) ?? null);
    case Type.Interval:
      return new Interval(number(type.unit));
    case Type.Duration:
      return new Duration(number(type.unit));
    case Type.FixedSizeBinary:
      return new FixedSizeBinary(number(type.byteWidth));
    case Type.List:
      return new List(children()[0]!);
    case Type.LargeList: {
      const largeList = makeLargeListType(children()[0]!);
      if (largeList) return largeList;
      throw unsupported('a LargeList column (the installed apache-arrow predates LargeList)');
    }
    case Type.FixedSizeList:
      return new FixedSizeList(number(type.listSize), children()[0]!);
    case Type.Struct:
      return new Struct(children());
    case Type.Map:
      return new Map_(
        children()[0] as ConstructorParameters<typeof Map_>[0],
        Boolean(type.keysSorted),
      );
    case Type.Dictionary: {
      const id = type.id as number | bigint | null | undefined;
      return new Dictionary(
        adoptType(type.dictionary as TypeLike),
        adoptType(type.indices as TypeLike) as ConstructorParameters<typeof Dictionary>[1],
        id ?? null,
        Boolean(type.isOrdered),
      );
    }
    default:
      throw unsupported(`a column of type ${String(type)} (type id ${type.typeId})`);
  }
}

function adoptField(field: FieldLike): Field {
  return new Field(field.name, adoptType(field.type), field.nullable ?? true, field.metadata);
}

/** Our schema for a schema of any copy of apache-arrow. */
export function adoptSchema(schema: SchemaLike): Schema {
  if (isOwn(schema, Schema)) return schema as unknown as Schema;
  return new Schema(schema.fields.map(adoptField), schema.metadata);
}

function adoptData(data: DataLike): Data {
  const dictionary = data.dictionary ? new Vector(data.dictionary.data.map(adoptData)) : undefined;
  const buffers = [data.valueOffsets, data.values, data.nullBitmap, data.typeIds];
  return new Data(
    adoptType(data.type),
    data.offset,
    data.length,
    data.nullCount,
    buffers as ConstructorParameters<typeof Data>[4],
    (data.children ?? []).map(adoptData),
    dictionary,
  );
}

/** Whether `value` is an instance of our own copy's class (its prototype, not a look-alike). */
function isOwn(value: unknown, ownClass: { prototype: unknown }): boolean {
  return Object.getPrototypeOf(value) === ownClass.prototype;
}

/** Our record batch for a record batch of any copy of apache-arrow (buffers shared). */
export function adoptRecordBatch(batch: RecordBatchLike): RecordBatch {
  if (isOwn(batch, RecordBatch)) return batch as unknown as RecordBatch;
  const schema = adoptSchema(batch.schema);
  const data = adoptData(batch.data);
  const struct = new Data(
    new Struct(schema.fields),
    data.offset,
    batch.numRows,
    data.nullCount,
    [undefined, undefined, data.nullBitmap] as ConstructorParameters<typeof Data>[4],
    data.children,
  );
  return new RecordBatch(schema, struct as unknown as Data<Struct>);
}

function adoptItem(batch: unknown): RecordBatch {
  if (isRecordBatchLike(batch)) return adoptRecordBatch(batch);
  throw new InvalidInputError({
    code: 'UNSUPPORTED_INPUT',
    message: 'An item of the batch stream is not an Arrow RecordBatch.',
    details: { path: 'input' },
  });
}

/** Adopts each batch of a stream that may come from another copy of apache-arrow. */
export async function* adoptBatches(batches: AsyncIterable<unknown>): AsyncGenerator<RecordBatch> {
  for await (const batch of batches) yield adoptItem(batch);
}

/** Adopts each batch of an iterable that may come from another copy of apache-arrow. */
export function* adoptBatchesSync(batches: Iterable<unknown>): Generator<RecordBatch> {
  for (const batch of batches) yield adoptItem(batch);
}

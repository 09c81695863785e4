import { InvalidInputError } from '@ballast/contracts';
import type { ArrowField, ArrowFieldType } from '@ballast/kit';
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  DateMillisecond,
  Dictionary,
  Duration,
  Field,
  Float16,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  LargeBinary,
  LargeUtf8,
  type Int as IntType,
  Time,
  Timestamp,
  TimeUnit,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from 'apache-arrow';

// kit's readers type columns with Arrow C Data Interface format strings (no apache-arrow
// dependency); the engine reads apache-arrow types. This is the one place that maps them.

const timeUnits: Record<string, TimeUnit> = {
  s: TimeUnit.SECOND,
  m: TimeUnit.MILLISECOND,
  u: TimeUnit.MICROSECOND,
  n: TimeUnit.NANOSECOND,
};

const integers: Record<string, () => IntType> = {
  c: () => new Int8(),
  C: () => new Uint8(),
  s: () => new Int16(),
  S: () => new Uint16(),
  i: () => new Int32(),
  I: () => new Uint32(),
  l: () => new Int64(),
  L: () => new Uint64(),
};

const plain: Record<string, () => DataType> = {
  ...integers,
  b: () => new Bool(),
  e: () => new Float16(),
  f: () => new Float32(),
  g: () => new Float64(),
  u: () => new Utf8(),
  U: () => new LargeUtf8(),
  z: () => new Binary(),
  Z: () => new LargeBinary(),
  tdD: () => new DateDay(),
  tdm: () => new DateMillisecond(),
  tts: () => new Time(TimeUnit.SECOND, 32),
  ttm: () => new Time(TimeUnit.MILLISECOND, 32),
  ttu: () => new Time(TimeUnit.MICROSECOND, 64),
  ttn: () => new Time(TimeUnit.NANOSECOND, 64),
};

/**
 * The apache-arrow type of one of kit's field types: ints, floats, bool, Utf8/LargeUtf8,
 * Binary/LargeBinary, dates, times, timestamps (`tsu:` without, `tsu:UTC` with a time zone),
 * durations, and dictionaries of them (`format` is then the index type). `undefined` for a
 * format kit's readers never produce.
 */
export function arrowTypeOf(type: ArrowFieldType): DataType | undefined {
  const { format } = type;
  if (type.dictionary !== undefined) {
    const values = arrowTypeOf(type.dictionary);
    const indices = integers[format]?.();
    // apache-arrow types the index parameter so that no single Int class satisfies it.
    return values && indices ? new Dictionary(values, indices as never) : undefined;
  }
  const simple = plain[format];
  if (simple) return simple();
  const unit = timeUnits[format[2] ?? ''];
  if (unit === undefined) return undefined;
  if (format.startsWith('ts') && format[3] === ':') {
    const zone = format.slice(4);
    return new Timestamp(unit, zone === '' ? null : zone);
  }
  if (format.startsWith('tD') && format.length === 3) return new Duration(unit);
  return undefined;
}

/**
 * kit's fields as apache-arrow fields, with the same names and nullability.
 *
 * @throws InvalidInputError `ARROW_TYPE_UNSUPPORTED` for a field whose format has no mapping.
 */
export function arrowFieldsOf(fields: readonly ArrowField[]): Field[] {
  return fields.map(field => {
    const type = arrowTypeOf(field.type);
    if (!type) {
      throw new InvalidInputError({
        code: 'ARROW_TYPE_UNSUPPORTED',
        message: `Column "${field.name}" has Arrow format "${field.type.format}", which data-validation cannot read.`,
        details: { path: field.name, column: field.name, format: field.type.format },
      });
    }
    return new Field(field.name, type, field.nullable);
  });
}

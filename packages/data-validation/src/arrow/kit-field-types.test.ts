import type { ArrowFieldType } from '@ballast/kit';
import { describe, expect, it } from 'vitest';
import { arrowFieldsOf, arrowTypeOf } from './kit-field-types';

const kitType = (format: string, dictionary?: ArrowFieldType): ArrowFieldType => ({
  typeId: 0,
  format,
  ...(dictionary ? { dictionary } : {}),
  toString: () => format,
});

describe('kit field types as apache-arrow types', () => {
  it.each([
    ['c', 'Int8'],
    ['C', 'Uint8'],
    ['s', 'Int16'],
    ['S', 'Uint16'],
    ['i', 'Int32'],
    ['I', 'Uint32'],
    ['l', 'Int64'],
    ['L', 'Uint64'],
    ['e', 'Float16'],
    ['f', 'Float32'],
    ['g', 'Float64'],
    ['b', 'Bool'],
    ['u', 'Utf8'],
    ['U', 'LargeUtf8'],
    ['z', 'Binary'],
    ['Z', 'LargeBinary'],
    ['tdD', 'Date32<DAY>'],
    ['tdm', 'Date64<MILLISECOND>'],
    ['tts', 'Time32<SECOND>'],
    ['ttm', 'Time32<MILLISECOND>'],
    ['ttu', 'Time64<MICROSECOND>'],
    ['ttn', 'Time64<NANOSECOND>'],
    ['tss:', 'Timestamp<SECOND>'],
    ['tsm:', 'Timestamp<MILLISECOND>'],
    ['tsu:', 'Timestamp<MICROSECOND>'],
    ['tsn:UTC', 'Timestamp<NANOSECOND, UTC>'],
    ['tsu:Europe/Paris', 'Timestamp<MICROSECOND, Europe/Paris>'],
    ['tDs', 'Duration<SECOND>'],
    ['tDn', 'Duration<NANOSECOND>'],
  ])('maps %s to %s', (format, name) => {
    expect(String(arrowTypeOf(kitType(format)))).toBe(name);
  });

  it('maps dictionaries by index and value type', () => {
    const large = arrowTypeOf(kitType('i', kitType('U')));
    expect(String(large)).toBe('Dictionary<Int32, LargeUtf8>');
    expect(String(arrowTypeOf(kitType('C', kitType('u'))))).toBe('Dictionary<Uint8, Utf8>');
    expect(arrowTypeOf(kitType('g', kitType('u')))).toBeUndefined();
  });

  it('keeps time zones, and refuses unknown formats with a typed error', () => {
    const [field] = arrowFieldsOf([{ name: 'at', type: kitType('tsu:UTC'), nullable: false }]);
    expect(field!.name).toBe('at');
    expect(field!.nullable).toBe(false);
    expect((field!.type as unknown as { timezone: string }).timezone).toBe('UTC');
    for (const format of ['+s', 'tsx:', 'tDx', 'w:4', 'd:10,2', '']) {
      expect(arrowTypeOf(kitType(format))).toBeUndefined();
    }
    expect(() => arrowFieldsOf([{ name: 'x', type: kitType('+l'), nullable: true }])).toThrow(
      expect.objectContaining({ code: 'ARROW_TYPE_UNSUPPORTED' }),
    );
  });
});

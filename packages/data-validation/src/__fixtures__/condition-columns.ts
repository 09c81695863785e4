import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Struct,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/**
 * The eight rows the row-condition tests share, with nulls and NaN where conditions must treat
 * them as pandas does:
 *
 * ```
 * row:       0      1      2     3     4     5              6     7
 * amount:    1      5      NaN   null  10    7              3     null
 * tier:      a      b      a     null  b     a              c     b      (dictionary)
 * user.age:  20     15     null  40    33    (null parent)  18    70
 * flag:      true   false  true  null  true  false          true  false
 * ```
 */
export function conditionColumns() {
  return {
    amount: vectorFromArray([1, 5, Number.NaN, null, 10, 7, 3, null], new Float64()),
    tier: vectorFromArray(
      ['a', 'b', 'a', null, 'b', 'a', 'c', 'b'],
      new Dictionary(new Utf8(), new Int32()),
    ),
    user: vectorFromArray(
      [
        { age: 20 },
        { age: 15 },
        { age: null },
        { age: 40 },
        { age: 33 },
        null,
        { age: 18 },
        { age: 70 },
      ],
      new Struct([new Field('age', new Int32(), true)]),
    ),
    flag: vectorFromArray([true, false, true, null, true, false, true, false], new Bool()),
  };
}

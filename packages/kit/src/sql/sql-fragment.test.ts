import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { isSqlFragment, joinSql, rawSql, sql, sqlParameter, sqlParameters } from './sql-fragment';

describe('sql fragments', () => {
  it('splices fragments and binds everything else, in order', () => {
    const inner = sql`b = ${2}`;
    const outer = sql`a = ${1} AND ${inner} AND c = ${'x'}`;
    expect(sqlParameters(outer)).toEqual([1, 2, 'x']);
    expect(outer.chunks.filter(chunk => typeof chunk === 'string').join('')).toBe(
      'a =  AND b =  AND c = ',
    );
    expect(isSqlFragment(outer)).toBe(true);
    expect(isSqlFragment({ chunks: [] })).toBe(false);
  });
  it('joins with a separator', () => {
    const joined = joinSql([rawSql('a'), sqlParameter(null), rawSql('c')], ' | ');
    expect(joined.chunks).toEqual(['a', ' | ', { value: null }, ' | ', 'c']);
  });
  it('refuses values an engine cannot bind faithfully', () => {
    expect(() => sql`${Number.NaN}`).toThrow(InvalidInputError);
    expect(() => sqlParameter(new Date(Number.NaN))).toThrow(InvalidInputError);
    expect(() => sql`${{} as never}`).toThrow(InvalidInputError);
  });
});

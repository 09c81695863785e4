import { InvalidInputError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deferred } from '../__fixtures__/deferred';
import {
  createTrinoEngine,
  hostAndPort,
  type TrinoClientLike,
  type TrinoQueryResultLike,
} from './trino-engine';
import { trinoLiteral } from './trino-literal';

function fakeTrino(pages: (text: string) => TrinoQueryResultLike[] | 'hang') {
  const sent: { query: string; catalog?: string; schema?: string }[] = [];
  const cancelled: string[] = [];
  const stop = deferred();
  const client: TrinoClientLike = {
    async query(query) {
      const request = typeof query === 'string' ? { query } : query;
      sent.push(request);
      const result = pages(request.query);
      return (async function* () {
        if (result === 'hang') {
          yield { id: 'q-long' };
          await stop.promise;
          throw Object.assign(new Error('Query was canceled'), { errorName: 'USER_CANCELED' });
        }
        yield* result;
      })();
    },
    async cancel(id) {
      cancelled.push(id);
      stop.resolve();
    },
  };
  return { client, sent, cancelled };
}

/** Splits Trino SQL into string literals and the rest, as the server's lexer does. */
function tokens(sql: string): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < sql.length) {
    if (sql[index] === "'") {
      let end = index + 1;
      for (;;) {
        const quote = sql.indexOf("'", end);
        if (quote === -1) throw new Error('unterminated literal');
        if (sql[quote + 1] === "'") end = quote + 2;
        else {
          out.push(sql.slice(index, quote + 1));
          index = quote + 1;
          break;
        }
      }
    } else {
      const next = sql.indexOf("'", index);
      out.push(sql.slice(index, next === -1 ? sql.length : next));
      index = next === -1 ? sql.length : next;
    }
  }
  return out;
}

describe('createTrinoEngine', () => {
  it('names the coordinator for lineage and uses the trino dialect', () => {
    const { client } = fakeTrino(() => []);
    const engine = createTrinoEngine({
      client,
      server: 'https://trino.example.com',
      catalog: 'hive',
    });
    expect([engine.dialect, engine.lineageNamespace, engine.database]).toEqual([
      'trino',
      'trino://trino.example.com:443',
      'hive',
    ]);
    expect(hostAndPort('trino:8081', 8080)).toBe('trino:8081');
    expect(hostAndPort('trino', 8080)).toBe('trino:8080');
    expect(hostAndPort('http://trino', 8080)).toBe('trino:80');
  });

  it('sends a statement without parameters as is and collects every page', async () => {
    const { client, sent } = fakeTrino(() => [
      {
        id: 'q1',
        columns: [
          { name: 'n', type: 'bigint' },
          { name: 'd', type: 'decimal(38,0)' },
          { name: 't', type: 'timestamp(3)' },
        ],
      },
      { id: 'q1', data: [[1, '123456789012345678901', '2024-01-02 03:04:05.678']] },
      { id: 'q1', data: [[2, '5', '1970-01-01 00:00:00.000']] },
    ]);
    const engine = createTrinoEngine({
      client,
      server: 'http://trino:8080',
      catalog: 'hive',
      schema: 'ml',
    });
    const result = await engine.query({ text: 'select n, d, t from x' });
    expect(sent).toEqual([{ query: 'select n, d, t from x', catalog: 'hive', schema: 'ml' }]);
    expect(result.rows).toEqual([
      { n: 1, d: 123456789012345678901n, t: new Date('2024-01-02T03:04:05.678Z') },
      { n: 2, d: 5, t: new Date('1970-01-01T00:00:00.000Z') },
    ]);
  });

  it('binds parameters with EXECUTE IMMEDIATE … USING, one literal per value', async () => {
    const { client, sent } = fakeTrino(() => [{ id: 'q', columns: [{ name: 'v' }], data: [[1]] }]);
    const engine = createTrinoEngine({ client, server: 'trino:8080' });
    await engine.query({
      text: 'select count(*) from t where a = ? and b > ? and c = ? and d < ? and e = ? and f is distinct from ?',
      parameters: [
        "x'; drop table t; --",
        1.5,
        true,
        2n ** 70n,
        new Date('2024-01-02T03:04:05.678Z'),
        null,
      ],
    });
    expect(sent[0]?.query).toBe(
      "EXECUTE IMMEDIATE 'select count(*) from t where a = ? and b > ? and c = ? and d < ? and e = ? and f is distinct from ?' " +
        "USING 'x''; drop table t; --', DOUBLE '1.5', TRUE, DECIMAL '1180591620717411303424', TIMESTAMP '2024-01-02 03:04:05.678', NULL",
    );
  });

  it('keeps any statement and string values inside their literals (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 4 }), (statement, values) => {
        const sql = `EXECUTE IMMEDIATE ${trinoLiteral(statement)} USING ${values.map(trinoLiteral).join(', ')}`;
        const literals = tokens(sql).filter(token => token.startsWith("'"));
        expect(literals.map(literal => literal.slice(1, -1).replaceAll("''", "'"))).toEqual([
          statement,
          ...values,
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('cancels the query on the coordinator when the signal aborts, and at the deadline', async () => {
    const aborted = fakeTrino(() => 'hang');
    const engine = createTrinoEngine({ client: aborted.client, server: 'trino:8080' });
    const controller = new AbortController();
    const running = engine.query({ text: 'select 1' }, { signal: controller.signal });
    await new Promise(resolve => setTimeout(resolve, 10));
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    await engine.close();
    expect(aborted.cancelled).toEqual(['q-long']);

    const timed = fakeTrino(() => 'hang');
    const second = createTrinoEngine({ client: timed.client, server: 'trino:8080' });
    const error = await second
      .query({ text: 'select 1' }, { timeoutMs: 20 })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    await second.close();
    expect(timed.cancelled).toEqual(['q-long']);
  });

  it('maps a query error to QUERY_FAILED and a network failure to ENGINE_UNAVAILABLE', async () => {
    const failing = createTrinoEngine({
      client: fakeTrino(() => [
        { id: 'q', error: { message: 'line 1:8: Column x cannot be resolved' } },
      ]).client,
      server: 'trino:8080',
    });
    const error = await failing.query({ text: 'select x' }).catch((caught: unknown) => caught);
    expect(InvalidInputError.isInstance(error) && error.code).toBe('QUERY_FAILED');
    const down = createTrinoEngine({
      client: {
        query: () =>
          Promise.reject(
            Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          ),
        cancel: async () => {},
      },
      server: 'trino:8080',
    });
    const unavailable = await down.query({ text: 'select 1' }).catch((caught: unknown) => caught);
    expect(UnavailableDependencyError.isInstance(unavailable) && unavailable.isRetryable).toBe(
      true,
    );
  });

  it('rejects a missing client or server', () => {
    expect(() => createTrinoEngine({ client: {} as TrinoClientLike, server: 'x' })).toThrow(
      /client must be/,
    );
    expect(() => createTrinoEngine({ client: fakeTrino(() => []).client, server: '' })).toThrow(
      /server is required/,
    );
  });
});

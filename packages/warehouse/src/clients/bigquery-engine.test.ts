import { describe, expect, it } from 'vitest';
import { deferred } from '../__fixtures__/deferred';
import {
  type BigQueryClientLike,
  createBigQueryEngine,
  normalizeBigQueryValue,
} from './bigquery-engine';

class BigQueryInt {
  constructor(readonly value: string) {}
}
class BigQueryTimestamp {
  constructor(readonly value: string) {}
}
class BigQueryDate {
  constructor(readonly value: string) {}
}
class Big {
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function fakeBigQuery(rows: Record<string, unknown>[] | 'hang') {
  const jobs: unknown[] = [];
  let cancelled = 0;
  const stop = deferred();
  const client: BigQueryClientLike = {
    projectId: 'ml-prod',
    async createQueryJob(options) {
      jobs.push(options);
      return [
        {
          id: 'job-1',
          async getQueryResults() {
            if (rows === 'hang') {
              await stop.promise;
              throw new Error('Job cancelled');
            }
            return [
              rows,
              null,
              { schema: { fields: Object.keys(rows[0] ?? {}).map(name => ({ name, type: 'X' })) } },
            ];
          },
          async cancel() {
            cancelled += 1;
            stop.resolve();
          },
        },
      ];
    },
  };
  return { client, jobs, cancelled: () => cancelled };
}

describe('createBigQueryEngine', () => {
  it('uses the bigquery dialect, the bigquery namespace and the client project', () => {
    const engine = createBigQueryEngine({ client: fakeBigQuery([]).client });
    expect([engine.dialect, engine.lineageNamespace, engine.database]).toEqual([
      'bigquery',
      'bigquery',
      'ml-prod',
    ]);
  });

  it('sends typed positional parameters and unwraps INT64, NUMERIC and dates exactly', async () => {
    const fake = fakeBigQuery([
      {
        n: new BigQueryInt('42'),
        big: new BigQueryInt('9007199254740993'),
        amount: new Big('12.5'),
        at: new BigQueryTimestamp('2024-01-02T03:04:05.678Z'),
        day: new BigQueryDate('2024-03-01'),
        nothing: null,
      },
    ]);
    const engine = createBigQueryEngine({ client: fake.client, location: 'EU' });
    const { rows } = await engine.query({
      text: 'select ... where a = ? and b = ? and c = ? and d = ? and e = ? and f = ? and g = ?',
      parameters: ["x'; --", 7, 0.5, true, 2n ** 62n, new Date(0), null],
    });
    expect(fake.jobs[0]).toEqual({
      query: 'select ... where a = ? and b = ? and c = ? and d = ? and e = ? and f = ? and g = ?',
      params: ["x'; --", 7, 0.5, true, String(2n ** 62n), new Date(0), null],
      types: ['STRING', 'INT64', 'FLOAT64', 'BOOL', 'INT64', 'TIMESTAMP', 'STRING'],
      location: 'EU',
    });
    expect(rows).toEqual([
      {
        n: 42,
        big: 9007199254740993n,
        amount: 12.5,
        at: new Date('2024-01-02T03:04:05.678Z'),
        day: new Date('2024-03-01T00:00:00Z'),
        nothing: null,
      },
    ]);
  });

  it('cancels the job when the signal aborts', async () => {
    const fake = fakeBigQuery('hang');
    const engine = createBigQueryEngine({ client: fake.client });
    const controller = new AbortController();
    const running = engine.query({ text: 'select 1' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(running).rejects.toThrow('stop');
    await engine.close();
    expect(fake.cancelled()).toBe(1);
  });

  it('unwraps nested records', () => {
    expect(
      normalizeBigQueryValue({ a: [new BigQueryInt('1')], b: { c: new BigQueryInt('2') } }),
    ).toEqual({
      a: [1],
      b: { c: 2 },
    });
  });
});

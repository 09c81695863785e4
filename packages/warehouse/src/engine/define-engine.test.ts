import type { SqlQuery, SqlResult } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { deferred } from '../__fixtures__/deferred';
import { defineEngine } from './define-engine';

function fakeEngine(run: (query: SqlQuery, isStopped: () => boolean) => Promise<SqlResult>) {
  const cancelled: string[] = [];
  let released = 0;
  const engine = defineEngine({
    name: 'Fake engine',
    dialect: 'postgres',
    lineageNamespace: 'postgres://fake:5432',
    execute: (query, onCancel, isStopped) => {
      onCancel(() => {
        cancelled.push(query.text);
      });
      return run(query, isStopped);
    },
    release: () => {
      released += 1;
    },
  });
  return { engine, cancelled, released: () => released };
}

const empty: SqlResult = { columns: [], rows: [] };

describe('defineEngine', () => {
  it('treats a deadline beyond the timer range as no deadline', async () => {
    const { engine } = fakeEngine(
      () => new Promise(resolve => setTimeout(() => resolve(empty), 20)),
    );
    await expect(engine.query({ text: 'select 1' }, { timeoutMs: 1e12 })).resolves.toEqual(empty);
  });

  it('tells execute the caller gave up, so a statement waiting for a connection is not sent', async () => {
    const connection = deferred();
    let sent = false;
    let stoppedWhenConnected: boolean | undefined;
    const { engine } = fakeEngine(async (_query, isStopped) => {
      await connection.promise;
      stoppedWhenConnected = isStopped();
      if (!stoppedWhenConnected) sent = true;
      return empty;
    });
    const controller = new AbortController();
    const running = engine.query({ text: 'insert' }, { signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(running).rejects.toThrow('gave up');
    connection.resolve();
    await engine.close();
    expect([stoppedWhenConnected, sent]).toEqual([true, false]);
  });

  it('cancels on abort, and close waits for the statement to stop before releasing once', async () => {
    const stop = deferred();
    const { engine, cancelled, released } = fakeEngine(async () => {
      await stop.promise;
      throw new Error('interrupted');
    });
    const controller = new AbortController();
    const running = engine.query({ text: 'long' }, { signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    await Promise.resolve();
    expect(cancelled).toEqual(['long']);
    const closing = engine.close();
    let closed = false;
    void closing.then(() => {
      closed = true;
    });
    await new Promise(resolve => setImmediate(resolve));
    expect([closed, released()]).toEqual([false, 0]);
    stop.resolve();
    await closing;
    await engine.close();
    expect(released()).toBe(1);
  });
});

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorAlert } from './monitor-alert';
import { WebhookOutbox } from './webhook-outbox';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

const alert: MonitorAlert = {
  id: 'm:1:temp@3',
  key: 'm:1:temp',
  kind: 'feature_drift',
  status: 'open',
  model: { name: 'm', version: '1' },
  feature: 'temp',
  openedWindow: 3,
  openedAt: '2026-01-01T00:00:00.000Z',
};

describe('WebhookOutbox', () => {
  it('retries a failing endpoint with backoff and removes the alert once accepted', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-outbox-'));
    directories.push(directory);
    const statuses = [503, 500, 200];
    const bodies: unknown[] = [];
    const outbox = new WebhookOutbox(
      directory,
      {
        url: 'http://hooks.invalid/alerts',
        maxDelayMs: 5,
        fetch: (async (_url: string, init: RequestInit) => {
          bodies.push(JSON.parse(String(init.body)));
          return new Response('', { status: statuses.shift() ?? 200 });
        }) as typeof fetch,
      },
      error => {
        throw error;
      },
    );
    await outbox.enqueue(alert);
    await outbox.deliver();
    expect(bodies).toHaveLength(3);
    expect(bodies[2]).toEqual({ alert });
    expect(readdirSync(join(directory, 'outbox'))).toEqual([]);
    await outbox.close();
  });

  it('keeps undelivered alerts across a restart and delivers them on the next start', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-outbox-'));
    directories.push(directory);
    const down = new WebhookOutbox(
      directory,
      {
        url: 'http://hooks.invalid/alerts',
        retries: 1,
        maxDelayMs: 1,
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      },
      () => {},
    );
    await down.enqueue(alert);
    await down.deliver();
    await down.close();
    expect(
      readdirSync(join(directory, 'outbox')).filter(name => name.endsWith('.json')),
    ).toHaveLength(1);
    const received: unknown[] = [];
    const up = new WebhookOutbox(
      directory,
      {
        url: 'http://hooks.invalid/alerts',
        fetch: (async (_url: string, init: RequestInit) => {
          received.push(JSON.parse(String(init.body)));
          return new Response(null, { status: 204 });
        }) as typeof fetch,
      },
      () => {},
    );
    await up.deliver();
    expect(received).toEqual([{ alert }]);
    await up.close();
  });

  it('sets aside an alert the endpoint rejects with a 4xx', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-outbox-'));
    directories.push(directory);
    const errors: unknown[] = [];
    const outbox = new WebhookOutbox(
      directory,
      {
        url: 'http://hooks.invalid/alerts',
        fetch: (async () => new Response('', { status: 400 })) as typeof fetch,
      },
      error => errors.push(error),
    );
    await outbox.enqueue(alert);
    await outbox.deliver();
    expect(readdirSync(join(directory, 'outbox', 'rejected'))).toHaveLength(1);
    expect(errors).toHaveLength(1);
    await outbox.close();
  });
});

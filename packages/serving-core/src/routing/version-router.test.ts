import { describe, expect, it } from 'vitest';
import { excerpt } from '../codec/excerpt';
import type { TrafficPolicy } from './traffic-policy';
import {
  currentVersion,
  pickShadow,
  pickVersion,
  type RoutableModel,
  type RoutableVersion,
  stableFraction,
} from './version-router';

function model(
  versions: Record<string, RoutableVersion['state']>,
  defaultVersion: string | undefined,
  traffic: TrafficPolicy = {},
  name = 'm',
): RoutableModel<RoutableVersion> {
  return {
    name,
    defaultVersion,
    traffic,
    versions: new Map(
      Object.entries(versions).map(([version, state]) => [version, { version, state }]),
    ),
  };
}

describe('pickVersion', () => {
  it('returns the named version, 404 for an unknown one and 503 for one not ready', () => {
    const m = model({ '1': 'READY', '2': 'LOADING' }, '1');
    expect(pickVersion(m, '1', {}).version).toBe('1');
    expect(() => pickVersion(m, '9', {})).toThrow(
      expect.objectContaining({ code: 'MODEL_VERSION_NOT_FOUND' }),
    );
    expect(() => pickVersion(m, '2', {})).toThrow(
      expect.objectContaining({ code: 'MODEL_NOT_READY' }),
    );
  });

  it('quotes at most a short excerpt of a long requested version', () => {
    const m = model({ '1': 'READY' }, '1');
    const long = '9'.repeat(100_000);
    try {
      pickVersion(m, long, {});
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
      expect((error as Error).message).toContain(excerpt(long));
    }
  });

  it('serves the default version without weights, 503 when it is not ready', () => {
    expect(pickVersion(model({ '1': 'READY', '2': 'READY' }, '2'), undefined, {}).version).toBe(
      '2',
    );
    expect(() => currentVersion(model({ '1': 'DRAINING' }, '1'))).toThrow(
      expect.objectContaining({ code: 'MODEL_NOT_READY' }),
    );
  });

  it('spreads by canary weight using the random position', () => {
    const m = model({ '1': 'READY', '2': 'READY' }, '1', { weights: { '1': 90, '2': 10 } });
    expect(pickVersion(m, undefined, {}, () => 0.5).version).toBe('1');
    expect(pickVersion(m, undefined, {}, () => 0.95).version).toBe('2');
  });

  it('skips weighted versions that are not ready, and falls back to the default', () => {
    const m = model({ '1': 'READY', '2': 'LOADING' }, '1', { weights: { '2': 100 } });
    expect(pickVersion(m, undefined, {}, () => 0.5).version).toBe('1');
  });

  it('keeps one sticky header value on one version', () => {
    const m = model({ '1': 'READY', '2': 'READY' }, '1', {
      weights: { '1': 50, '2': 50 },
      stickyHeader: 'X-User',
    });
    const first = pickVersion(m, undefined, { 'x-user': 'alice' }, () => 0).version;
    for (const position of [0.1, 0.5, 0.99]) {
      expect(pickVersion(m, undefined, { 'x-user': 'alice' }, () => position).version).toBe(first);
    }
    expect(first).toBe(stableFraction('alice') < 0.5 ? '1' : '2');
  });
});

describe('pickShadow', () => {
  it('mirrors to another version of the same model, never to the one that served', () => {
    const m = model({ '1': 'READY', '2': 'READY' }, '1', {
      shadow: { version: '2', percent: 100 },
    });
    const served = m.versions.get('1') as RoutableVersion;
    expect(
      pickShadow(
        m,
        served,
        () => undefined,
        () => 0,
      )?.version,
    ).toBe('2');
    expect(
      pickShadow(
        m,
        m.versions.get('2') as RoutableVersion,
        () => undefined,
        () => 0,
      ),
    ).toBe(undefined);
  });

  it('mirrors to another model at its current version, and only the chosen share', () => {
    const candidate = model({ '5': 'READY' }, '5', {}, 'candidate');
    const m = model({ '1': 'READY' }, '1', { shadow: { model: 'candidate', percent: 10 } });
    const served = m.versions.get('1') as RoutableVersion;
    const find = (name: string) => (name === 'candidate' ? candidate : undefined);
    expect(pickShadow(m, served, find, () => 0.05)?.version).toBe('5');
    expect(pickShadow(m, served, find, () => 0.5)).toBe(undefined);
  });

  it('skips a target that is unknown or not ready', () => {
    const m = model({ '1': 'READY', '2': 'LOADING' }, '1', {
      shadow: { version: '2', percent: 100 },
    });
    expect(
      pickShadow(
        m,
        m.versions.get('1') as RoutableVersion,
        () => undefined,
        () => 0,
      ),
    ).toBe(undefined);
    const other = model({ '1': 'READY' }, '1', { shadow: { model: 'gone', percent: 100 } });
    expect(
      pickShadow(
        other,
        other.versions.get('1') as RoutableVersion,
        () => undefined,
        () => 0,
      ),
    ).toBe(undefined);
  });
});

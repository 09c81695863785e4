import { describe, expect, it } from 'vitest';
import { validateTrafficPolicy } from './traffic-policy';

describe('validateTrafficPolicy', () => {
  it('accepts weights, a shadow version and a sticky header', () => {
    expect(() =>
      validateTrafficPolicy('m', {
        weights: { '1': 90, '2': 10 },
        shadow: { version: '3', percent: 20 },
        stickyHeader: 'x-user',
      }),
    ).not.toThrow();
  });

  it.each([
    [{ weights: { '1': -1 } }, 'INVALID_TRAFFIC_WEIGHT'],
    [{ weights: { '1': Number.NaN } }, 'INVALID_TRAFFIC_WEIGHT'],
    [{ shadow: { percent: 10 } }, 'INVALID_SHADOW_TARGET'],
    [{ shadow: { model: 'm', percent: 10 } }, 'INVALID_SHADOW_TARGET'],
    [{ shadow: { version: '2', percent: 101 } }, 'INVALID_SHADOW_PERCENT'],
    [{ shadow: { model: 'other', percent: -1 } }, 'INVALID_SHADOW_PERCENT'],
  ])('refuses %j with %s', (policy, code) => {
    expect(() => validateTrafficPolicy('m', policy)).toThrow(expect.objectContaining({ code }));
  });
});

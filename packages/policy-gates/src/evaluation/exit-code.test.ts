import { describe, expect, it } from 'vitest';
import { exitCode } from './exit-code';

describe('exitCode', () => {
  it('follows Conftest --fail-on-warn: 0 allow, 1 warn, 2 deny', () => {
    expect(exitCode({ outcome: 'allow' })).toBe(0);
    expect(exitCode({ outcome: 'warn' })).toBe(0);
    expect(exitCode({ outcome: 'warn' }, { failOnWarn: true })).toBe(1);
    expect(exitCode({ outcome: 'deny' })).toBe(2);
    expect(exitCode({ outcome: 'deny' }, { failOnWarn: true })).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { UnavailableDependencyError } from '@ballast/contracts';
import { loadOptionalPeer } from './load-optional-peer';

describe('loadOptionalPeer', () => {
  it('returns an injected module without loading', async () => {
    const module = { version: 'injected' };
    await expect(
      loadOptionalPeer('x', module, () => Promise.reject(new Error('no'))),
    ).resolves.toBe(module);
  });

  it('calls an injected loader', async () => {
    await expect(
      loadOptionalPeer(
        'x',
        async () => ({ version: 2 }),
        () => Promise.reject(new Error('no')),
      ),
    ).resolves.toEqual({
      version: 2,
    });
  });

  it('turns a failed import into MISSING_PEER_DEPENDENCY with install advice and the cause', async () => {
    const error = await loadOptionalPeer(
      'onnxruntime-node',
      undefined,
      () =>
        // @ts-expect-error the package is deliberately absent
        import('ballast-package-that-does-not-exist'),
    ).catch((caught: unknown) => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    const typed = error as UnavailableDependencyError;
    expect(typed.code).toBe('MISSING_PEER_DEPENDENCY');
    expect(typed.isRetryable).toBe(false);
    expect(typed.message).toContain('npm install onnxruntime-node');
    expect(typed.cause).toBeInstanceOf(Error);
  });
});

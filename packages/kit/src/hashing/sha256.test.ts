import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256File, sha256Hex, sha256Of } from './sha256';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kit-sha256-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).toBe(
      createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'),
    );
    expect(sha256Hex(new Uint8Array([0xc3, 0xa9]))).toBe(sha256Hex('é'));
  });

  it('agrees with sha256Of for strings', () => {
    expect(sha256Of('abc')).toBe(sha256Hex('abc'));
  });
});

describe('sha256File', () => {
  it('streams a file larger than one read chunk and reports its size', async () => {
    const bytes = Buffer.alloc(300_000);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 31) & 0xff;
    const path = join(directory, 'blob.bin');
    await writeFile(path, bytes);
    await expect(sha256File(path)).resolves.toEqual({ sha256: sha256Hex(bytes), size: 300_000 });
  });

  it('hashes an empty file', async () => {
    const path = join(directory, 'empty');
    await writeFile(path, '');
    await expect(sha256File(path)).resolves.toEqual({ sha256: sha256Hex(''), size: 0 });
  });

  it('rejects with ENOENT for a missing file', async () => {
    await expect(sha256File(join(directory, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

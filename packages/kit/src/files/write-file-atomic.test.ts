import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileDurable } from './append-file-durable';
import { uniqueTempPath } from './unique-temp-path';
import { writeFileAtomic, writeFileAtomicSync } from './write-file-atomic';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kit-files-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('uniqueTempPath', () => {
  it('gives hidden siblings that never repeat', () => {
    const target = join(directory, 'state.json');
    const paths = new Set(Array.from({ length: 1000 }, () => uniqueTempPath(target)));
    expect(paths.size).toBe(1000);
    for (const path of paths) {
      expect(dirname(path)).toBe(directory);
      expect(path).toMatch(
        new RegExp(`/\\.state\\.json\\.${process.pid}\\.\\d+\\.[0-9a-f]{12}\\.tmp$`),
      );
    }
  });
});

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  [
    'writeFileAtomicSync',
    async (...args: Parameters<typeof writeFileAtomicSync>) => writeFileAtomicSync(...args),
  ],
] as const)('%s', (_name, write) => {
  it('creates and replaces a file, leaving no temporary file behind', async () => {
    const target = join(directory, 'state.json');
    await write(target, '{"v":1}');
    await write(target, new TextEncoder().encode('{"v":2}'));
    expect(await readFile(target, 'utf8')).toBe('{"v":2}');
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  it('sets the requested mode exactly, regardless of the umask', async () => {
    if (process.platform === 'win32') return;
    const target = join(directory, 'secret');
    await write(target, 'x', { mode: 0o600 });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    await write(target, 'y', { mode: 0o666 });
    expect((await stat(target)).mode & 0o777).toBe(0o666);
  });

  it('removes its temporary file and keeps the target when the rename fails', async () => {
    const target = join(directory, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'keep');
    await expect(write(target, 'data')).rejects.toMatchObject({ code: expect.any(String) });
    expect(await readdir(directory)).toEqual(['occupied']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('keep');
  });

  it('fails without creating anything when the directory is missing', async () => {
    await expect(write(join(directory, 'missing', 'file'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(directory)).toEqual([]);
  });

  it('writes without fsync when asked', async () => {
    const target = join(directory, 'fast');
    await write(target, 'quick', { fsync: false });
    expect(await readFile(target, 'utf8')).toBe('quick');
  });
});

describe('writeFileAtomic under concurrency', () => {
  it('leaves exactly one complete version when many writers race', async () => {
    const target = join(directory, 'raced.txt');
    const contents = Array.from({ length: 25 }, (_, index) => String(index).repeat(10_000));
    await Promise.all(contents.map(content => writeFileAtomic(target, content)));
    expect(contents).toContain(await readFile(target, 'utf8'));
    expect(await readdir(directory)).toEqual(['raced.txt']);
  });
});

describe('appendFileDurable', () => {
  it('creates the file and appends to it', async () => {
    const target = join(directory, 'log.jsonl');
    await appendFileDurable(target, 'a\n');
    await appendFileDurable(target, new TextEncoder().encode('b\n'));
    await appendFileDurable(target, 'c\n', { fsync: false });
    expect(await readFile(target, 'utf8')).toBe('a\nb\nc\n');
  });

  it('keeps every record whole when appends race', async () => {
    const target = join(directory, 'log.jsonl');
    const lines = Array.from({ length: 50 }, (_, index) => `${'x'.repeat(100)}-${index}\n`);
    await Promise.all(lines.map(line => appendFileDurable(target, line)));
    const written = (await readFile(target, 'utf8')).split('\n').filter(Boolean);
    expect(written.sort()).toEqual(lines.map(line => line.trimEnd()).sort());
  });

  it('rejects when the directory is missing', async () => {
    await expect(appendFileDurable(join(directory, 'no', 'log'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

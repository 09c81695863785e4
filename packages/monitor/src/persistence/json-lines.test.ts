import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendJsonLine, appendJsonLines, readLastJsonLine } from './json-lines';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

describe('JSON Lines', () => {
  it('appends lines in new directories and reads the last complete one back', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-jsonl-'));
    directories.push(directory);
    const path = join(directory, 'deep', 'log.jsonl');
    expect(readLastJsonLine(path)).toBeUndefined();
    await appendJsonLine(path, { index: 0 });
    await appendJsonLine(path, { index: 1, pad: 'x'.repeat(100_000) });
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
    expect((readLastJsonLine(path) as { index: number }).index).toBe(1);
    appendFileSync(path, '{"index": 2, "torn');
    expect((readLastJsonLine(path) as { index: number }).index).toBe(1);
  });

  it('appends several values as lines in order, and nothing for none', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-jsonl-'));
    directories.push(directory);
    const path = join(directory, 'deep', 'log.jsonl');
    await appendJsonLines(path, []);
    expect(readLastJsonLine(path)).toBeUndefined();
    await appendJsonLine(path, { index: 0 });
    await appendJsonLines(path, [{ index: 1 }, 'two\nlines', { index: 3 }]);
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter(line => line !== '')
        .map(line => JSON.parse(line)),
    ).toEqual([{ index: 0 }, { index: 1 }, 'two\nlines', { index: 3 }]);
  });
});

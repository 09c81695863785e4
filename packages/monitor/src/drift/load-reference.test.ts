import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadReference } from './load-reference';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

describe('loadReference', () => {
  it('profiles a data file and reads a saved profile back', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-reference-'));
    directories.push(directory);
    const csv = join(directory, 'train.csv');
    const rows = Array.from(
      { length: 50 },
      (_, index) => `${index},${index % 2 === 0 ? 'a' : 'b'},${index === 3 ? '' : index / 10}`,
    );
    writeFileSync(csv, `id,city,wind\n${rows.join('\n')}\n`);
    const profile = await loadReference(csv, { columns: ['city', 'wind'] });
    expect(profile.rowCount).toBe(50);
    expect(profile.columns.map(column => column.name)).toEqual(['city', 'wind']);
    expect(profile.columns[1]?.missing).toBe(1);
    const saved = join(directory, 'reference.profile.json');
    writeFileSync(saved, JSON.stringify(profile));
    expect(await loadReference(saved)).toEqual(profile);
  });
});

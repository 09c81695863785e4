import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSnippets, repositoryRoot } from './snippets';

// Every TypeScript block in the documentation is type-checked (strict, like a user's project)
// and then executed in a fresh temporary working directory, so a page cannot show code that does
// not compile or does not run.
const snippets = extractSnippets();
const snippetDirectory = join(import.meta.dirname, '..', '.snippets');
const diagnostics = new Map<string, string[]>();
const workingDirectories: string[] = [];
// tsx's loader by absolute URL: each block runs in a temporary working directory.
const tsxLoader = pathToFileURL(
  join(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;

beforeAll(() => {
  rmSync(snippetDirectory, { recursive: true, force: true });
  mkdirSync(snippetDirectory, { recursive: true });
  for (const snippet of snippets) {
    // `export {}` makes each block a module, so top-level await works and names do not clash.
    writeFileSync(join(snippetDirectory, snippet.name), `${snippet.code}\nexport {};\n`);
  }
  writeFileSync(
    join(snippetDirectory, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, skipLibCheck: true, noUnusedLocals: false },
      include: ['*.ts'],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', snippetDirectory],
    { encoding: 'utf8' },
  );
  for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    const match = /^([^(]+\.ts)\(/.exec(line);
    if (!match?.[1]) continue;
    const name = match[1].split(/[\\/]/).pop() ?? match[1];
    diagnostics.set(name, [...(diagnostics.get(name) ?? []), line]);
  }
}, 120_000);

afterAll(() => {
  for (const directory of workingDirectories) rmSync(directory, { recursive: true, force: true });
});

describe('documentation blocks', () => {
  it('finds the documentation blocks', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  for (const snippet of snippets) {
    it(`${snippet.file}:${snippet.line} type-checks and runs`, () => {
      const typeErrors = diagnostics.get(snippet.name) ?? [];
      if (typeErrors.length > 0) throw new Error(`type errors:\n${typeErrors.join('\n')}`);
      const cwd = mkdtempSync(join(tmpdir(), 'ballast-docs-'));
      workingDirectories.push(cwd);
      const run = spawnSync(
        process.execPath,
        ['--import', tsxLoader, join(snippetDirectory, snippet.name)],
        {
          cwd,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' },
        },
      );
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    }, 90_000);
  }
});

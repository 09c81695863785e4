import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createProgram, runCli } from './program';
import { rows, runBallast, tempDir, writeCsv } from './testing/cli-harness';

const run = promisify(execFile);
const packageRoot = join(import.meta.dirname, '..');

function commandPaths(
  command: ReturnType<typeof createProgram>,
  prefix: string[] = [],
): string[][] {
  return [
    prefix,
    ...command.commands.flatMap(child => commandPaths(child, [...prefix, child.name()])),
  ];
}

describe('the ballast program', () => {
  it('gives every command --help with an example, exit codes and --json where it prints data', async () => {
    const directory = await tempDir();
    for (const path of commandPaths(createProgram())) {
      const help = await runBallast(directory, [...path, '--help']);
      expect(help.code, path.join(' ')).toBe(0);
      expect(help.stdout, path.join(' ')).toMatch(/\nExamples:\n {2}\$ ballast /);
      expect(help.stdout, path.join(' ')).toMatch(/\nExit codes:\n {2}0 /);
      const leaf = createProgram().commands.find(c => c.name() === path[0]);
      const isGroup =
        path.length === 1 && leaf !== undefined && leaf.commands.length > 0 && path[0] !== 'gate';
      if (path.length > 0 && !isGroup) expect(help.stdout, path.join(' ')).toContain('--json');
    }
  });

  it('reports an unknown command or option as one USAGE line and exits 3', async () => {
    const directory = await tempDir();
    const unknown = await runBallast(directory, ['nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe(
      "ballast: USAGE: unknown command 'nope' (fix: run ballast nope --help)\n",
    );
    const option = await runBallast(directory, ['profile', 'x.csv', '--out', 'p.json', '--bogus']);
    expect(option.code).toBe(3);
    expect(option.stderr).toMatch(/^ballast: USAGE: unknown option '--bogus'/);
  });

  it('prints the version', async () => {
    const version = await runBallast(await tempDir(), ['--version']);
    expect(version).toEqual({ code: 0, stdout: '0.0.0\n', stderr: '' });
  });

  it('draws a progress line only when stdout and stderr are terminals', async () => {
    const directory = await tempDir();
    await writeCsv(join(directory, 'a.csv'), rows(200, 0));
    let stderr = '';
    const code = await runCli(['profile', 'a.csv', '--out', 'a.json'], {
      cwd: directory,
      env: {},
      stdout: { write: () => true, isTTY: false },
      stderr: { write: text => (stderr += text), isTTY: true },
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const terminal = await runCli(['profile', 'a.csv', '--out', 'a.json'], {
      cwd: directory,
      env: {},
      stdout: { write: () => true, isTTY: true },
      stderr: { write: text => (stderr += text), isTTY: true },
    });
    expect(terminal).toBe(0);
    // The CSV's rows are estimated from its size, so the line has an ETA.
    expect(stderr).toMatch(/reading a\.csv: 200 rows, [\d,]+ rows\/s, ETA \d+s/);
  });

  it.skipIf(!existsSync(join(packageRoot, 'dist/cli.js')))(
    'runs as the built bin with the documented exit codes',
    async () => {
      const directory = await tempDir();
      await writeCsv(join(directory, 'reference.csv'), rows(1000, 0));
      await writeCsv(join(directory, 'current.csv'), rows(1000, 5, ['paris', 'lyon']));
      const bin = join(packageRoot, 'dist/cli.js');
      const same = await run(
        process.execPath,
        [bin, 'drift', '--reference', 'reference.csv', '--current', 'reference.csv'],
        { cwd: directory },
      );
      expect(same.stdout).toMatch(/^No drift/);
      const drifted = await run(
        process.execPath,
        [bin, 'drift', '--reference', 'reference.csv', '--current', 'current.csv'],
        { cwd: directory },
      ).catch((error: { code: number; stdout: string }) => error);
      expect(drifted).toMatchObject({ code: 1 });
      const failed = await run(process.execPath, [bin, 'drift', '--current', 'current.csv'], {
        cwd: directory,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failed).toMatchObject({
        code: 3,
        stderr: expect.stringMatching(/^ballast: MISSING_REFERENCE: /),
      });
    },
  );

  it('keeps docs/cli-reference.md equal to the generated reference', async () => {
    await expect(
      run(process.execPath, [join(packageRoot, 'scripts/generate-reference.mjs'), '--check']),
    ).resolves.toMatchObject({ stderr: '' });
  });
});

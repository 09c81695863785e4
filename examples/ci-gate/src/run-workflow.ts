import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';

export const exampleDir = new URL('..', import.meta.url).pathname;
export const workflowPath = join(exampleDir, 'workflow', 'ballast-gate.yml');

const require = createRequire(join(exampleDir, 'package.json'));
const ballastCli = join(require.resolve('@ballast/cli/package.json'), '..', 'dist', 'cli.js');
const tsxCli = join(require.resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');

/** A workflow step that runs a command from this repository (not a `uses:` action). */
export interface WorkflowCommand {
  name: string;
  run: string;
}

interface Workflow {
  jobs: Record<string, { steps: { name?: string; run?: string; uses?: string }[] }>;
}

/** The `run:` steps of the gate job that call `npx ballast` or `npx tsx`, in order. */
export function workflowCommands(path = workflowPath): WorkflowCommand[] {
  const workflow = parse(readFileSync(path, 'utf8')) as Workflow;
  const steps = workflow.jobs.gate?.steps ?? [];
  return steps
    .filter(step => step.run !== undefined && /^npx (ballast|tsx) /.test(step.run.trim()))
    .map(step => ({ name: step.name ?? step.run ?? '', run: (step.run ?? '').trim() }));
}

/** One command's outcome. */
export interface CommandResult extends WorkflowCommand {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Lays out `workDir` like the repository root: this example's `ci/` and `data/`, an empty `reports/`. */
export function prepareWorkDir(workDir: string): void {
  cpSync(join(exampleDir, 'ci'), join(workDir, 'ci'), { recursive: true });
  cpSync(join(exampleDir, 'data'), join(workDir, 'data'), { recursive: true });
  mkdirSync(join(workDir, 'reports'), { recursive: true });
}

/**
 * Runs the workflow's commands in a prepared `workDir` as CI would from the repository root:
 * `npx ballast` is the installed CLI and `npx tsx src/…` this example's script. The commands have
 * no quoting, so splitting on spaces is exact (checked).
 */
export function runWorkflow(workDir: string, commands = workflowCommands()): CommandResult[] {
  const results: CommandResult[] = [];
  for (const command of commands) {
    if (/["'`$|&;<>]/.test(command.run)) throw new Error(`not a plain command: ${command.run}`);
    const [, tool, ...args] = command.run.split(/\s+/);
    const argv =
      tool === 'ballast'
        ? [ballastCli, ...args]
        : [tsxCli, join(exampleDir, args[0] ?? ''), ...args.slice(1)];
    const child = spawnSync(process.execPath, argv, {
      cwd: workDir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    results.push({ ...command, status: child.status, stdout: child.stdout, stderr: child.stderr });
    if (child.status !== 0 && tool !== 'ballast') break;
  }
  return results;
}

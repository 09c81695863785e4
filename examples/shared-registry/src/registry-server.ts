import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
/** The installed `ballast` bin's script. */
export const ballastCli = join(
  require.resolve('@ballast/cli/package.json'),
  '..',
  'dist',
  'cli.js',
);

/** A running `ballast registry serve`. */
export interface RegistryServer {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then the exit code once requests in flight have drained. */
  stop(): Promise<number | null>;
}

/**
 * Starts `ballast registry serve --store <store> --port 0 --json` and waits for the URL it
 * prints. Port 0 picks a free port, so parallel runs never collide.
 */
export function startRegistryServer(store: string, timeoutMs = 30_000): Promise<RegistryServer> {
  const child = spawn(
    process.execPath,
    [ballastCli, 'registry', 'serve', '--store', store, '--port', '0', '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`ballast registry serve did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', chunk => {
      stderr += chunk;
    });
    child.stdout?.on('data', chunk => {
      stdout += chunk;
      let started: { url: string };
      try {
        // --json prints one JSON document once listening; wait until it is complete.
        started = JSON.parse(stdout) as { url: string };
      } catch {
        return;
      }
      clearTimeout(timer);
      resolve({
        url: started.url,
        process: child,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`ballast registry serve exited with ${code}: ${stderr}`));
    });
  });
}

/** Runs another `ballast` command (e.g. `registry show`) and returns its exit code and output. */
export function ballast(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [ballastCli, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

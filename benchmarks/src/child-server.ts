// Benchmark servers run in child processes so the load generator never shares their event loop:
// the suite's module is started again with a role in an environment variable, starts that
// server and reports its port over IPC.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server started in a child process. */
export interface ChildServer {
  url: string;
  pid: number;
  stop(): void;
}

/**
 * In the child (the variable `roleVariable` is set): starts the server of that role and sends
 * its port to the parent. Call at the top level of the suite's module.
 */
export async function serveRoleIfChild<Role extends string>(
  roleVariable: string,
  startServer: (role: Role) => Promise<number>,
): Promise<void> {
  const role = process.env[roleVariable] as Role | undefined;
  if (!role) return;
  const port = await startServer(role);
  process.send?.({ port });
}

/** Starts `moduleUrl` again as a child serving `role`, resolving once it listens. */
export async function startChildServer(
  moduleUrl: string,
  roleVariable: string,
  role: string,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl)], {
    env: { ...process.env, [roleVariable]: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', message => resolve((message as { port: number }).port));
    child.once('error', reject);
    child.once('exit', code => reject(new Error(`benchmark server ${role} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop: () => child.kill() };
}

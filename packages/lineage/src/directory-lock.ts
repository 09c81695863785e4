import { open, readFile, rm } from 'node:fs/promises';
import { ConflictError } from '@ballast/contracts';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock file holding this process id, so two writers never share a folder.
 * A lock left by a process that no longer runs is taken over. Resolves to the release function.
 *
 * @example
 * ```ts
 * const release = await acquireDirectoryLock('.ballast/lineage/outbox/outbox.lock', 'outbox');
 * await release();
 * ```
 */
export async function acquireDirectoryLock(
  path: string,
  owner: string,
): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
      throw new ConflictError({
        code: 'DIRECTORY_LOCKED',
        message: `${path} is held by process ${holder}${holder === process.pid ? ' (this one)' : ''}; only one ${owner} may use the folder at a time. Close the other one first.`,
        details: { path, pid: holder },
      });
    }
    // The holder is gone (a crash): take the lock over.
    await rm(path, { force: true });
  }
  throw new ConflictError({
    code: 'DIRECTORY_LOCKED',
    message: `Could not take ${path}: another ${owner} keeps creating it.`,
    details: { path },
  });
}

import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes a created, renamed or deleted directory entry durable. Some platforms cannot open
 * folders; there the call is a no-op, which is the best available.
 */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Writes a whole file so that it either exists complete or not at all: a temporary file,
 * fsynced, renamed into place, then the folder fsynced.
 */
export async function writeDurably(path: string, contents: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  // Without this the rename itself could be lost on power failure after emit() resolved.
  await syncDirectory(dirname(path));
}

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRef } from '@ballast/contracts';
import { uniqueTempPath } from '@ballast/kit';
import { ArtifactIntegrityError } from '../errors/artifact-integrity-error';
import { invalidParameter } from '../errors/registry-errors';
import { validateRelativePath } from '../validation/registry-rules';

/** A file found below an artifact path, with its path relative to that root. */
export interface ArtifactFile {
  absolutePath: string;
  /** `/`-separated path relative to the version's artifact root. */
  path: string;
}

/**
 * Lists the files to register from a file or a directory (recursively, sorted), with their
 * `/`-separated relative paths. A single file is registered under its base name. Symbolic
 * links are followed only while they stay inside the artifact directory: a link that
 * resolves outside it is refused with an `InvalidInputError` (`details.reason`
 * `'symlink-escape'`), so files from elsewhere are never copied in. Each file is returned
 * by its resolved path; a link back to an enclosing directory (a cycle) is skipped.
 */
export async function listArtifactFiles(artifactPath: string): Promise<ArtifactFile[]> {
  const unreadable = (cause: unknown): never => {
    throw invalidParameter(
      'artifactPath',
      `Cannot read artifactPath ${artifactPath}: ${(cause as Error).message}`,
      { artifactPath },
    );
  };
  const info = await stat(artifactPath).catch(unreadable);
  if (info.isFile()) {
    const name = artifactPath.split(/[\\/]/).pop() as string;
    return [{ absolutePath: await realpath(artifactPath), path: name }];
  }
  const root = await realpath(artifactPath).catch(unreadable);
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  const inside = (path: string) => path === root || path.startsWith(prefix);
  const files: ArtifactFile[] = [];
  const walk = async (
    directory: string,
    logical: string,
    ancestors: ReadonlySet<string>,
  ): Promise<void> => {
    if (ancestors.has(directory)) return;
    const lineage = new Set(ancestors).add(directory);
    const entries = await readdir(directory, { withFileTypes: true });
    for (const entry of entries) {
      const relativePath = logical === '' ? entry.name : `${logical}/${entry.name}`;
      let absolutePath = join(directory, entry.name);
      let entryInfo: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        const target = await realpath(absolutePath).catch(() => undefined);
        if (target === undefined) continue; // dangling link: nothing to register
        if (!inside(target)) {
          throw invalidParameter(
            'artifactPath',
            `Artifact '${relativePath}' is a symbolic link to ${target}, outside artifactPath ${artifactPath}; copy the file in instead of linking it.`,
            { artifactPath, path: relativePath, target, reason: 'symlink-escape' },
          );
        }
        absolutePath = target;
        entryInfo = await stat(target);
      }
      if (entryInfo.isDirectory()) await walk(absolutePath, relativePath, lineage);
      else if (entryInfo.isFile()) files.push({ absolutePath, path: relativePath });
    }
  };
  await walk(root, '', new Set());
  if (files.length === 0) {
    throw invalidParameter(
      'artifactPath',
      `artifactPath ${artifactPath} holds no files to register.`,
      {
        artifactPath,
      },
    );
  }
  return files.sort((left, right) =>
    left.path < right.path ? -1 : left.path > right.path ? 1 : 0,
  );
}

/** Streams `source` into `destination` while computing its sha256 and size, and fsyncs it. */
export async function streamToFile(
  source: Readable | AsyncIterable<Uint8Array>,
  destination: string,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const output = createWriteStream(destination, { flags: 'wx' });
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Uint8Array>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
    },
    output,
  );
  const handle = await open(destination, 'r+');
  await handle.sync();
  await handle.close();
  return { sha256: hash.digest('hex'), size };
}

/**
 * Downloads every artifact below `directory`, verifying each sha256 and size. Files are
 * staged beside their destination and moved into place only when all of them verified, so
 * a mismatch leaves no file behind; it throws an `ArtifactIntegrityError` naming the path.
 */
export async function downloadVerified(
  artifacts: ArtifactRef[],
  directory: string,
  openArtifact: (artifact: ArtifactRef) => Promise<Readable | AsyncIterable<Uint8Array>>,
): Promise<ArtifactRef[]> {
  const staged: { temporary: string; destination: string }[] = [];
  try {
    for (const artifact of artifacts) {
      const destination = join(directory, ...validateRelativePath(artifact.path).split('/'));
      await mkdir(dirname(destination), { recursive: true });
      const temporary = uniqueTempPath(destination);
      staged.push({ temporary, destination });
      const actual = await streamToFile(await openArtifact(artifact), temporary);
      if (actual.sha256 !== artifact.sha256 || actual.size !== artifact.size) {
        throw new ArtifactIntegrityError({
          message: `Artifact '${artifact.path}' does not match its recorded digest (expected sha256 ${artifact.sha256} and ${artifact.size} bytes, got ${actual.sha256} and ${actual.size} bytes); the stored copy was altered or truncated.`,
          details: {
            path: artifact.path,
            uri: artifact.uri,
            expected: artifact.sha256,
            actual: actual.sha256,
            expectedSize: artifact.size,
            actualSize: actual.size,
          },
        });
      }
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  for (const { temporary, destination } of staged) await rename(temporary, destination);
  return artifacts;
}

import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fsyncDirectory, uniqueTempPath } from '@ballast/kit';
import { streamToFile } from './artifact-files';

/**
 * Content-addressed storage: each file is kept once, at `blobs/<first two hex>/<sha256>`,
 * whatever its name and however many versions use it.
 */
export class BlobStore {
  readonly #directory: string;

  constructor(directory: string) {
    this.#directory = directory;
  }

  /** Where the blob with this digest lives. */
  pathFor(sha256: string): string {
    return join(this.#directory, sha256.slice(0, 2), sha256);
  }

  /** The `file://` URI of a blob. */
  uriFor(sha256: string): string {
    return pathToFileURL(this.pathFor(sha256)).href;
  }

  /** Copies a file in (hashing while copying), keeping one copy per distinct content. */
  async putFile(path: string): Promise<{ sha256: string; size: number }> {
    await mkdir(this.#directory, { recursive: true });
    const temporary = uniqueTempPath(join(this.#directory, 'incoming'));
    try {
      const digest = await streamToFile(createReadStream(path), temporary);
      const target = this.pathFor(digest.sha256);
      const exists = await access(target).then(
        () => true,
        () => false,
      );
      if (exists) {
        await rm(temporary, { force: true });
      } else {
        await mkdir(join(this.#directory, digest.sha256.slice(0, 2)), { recursive: true });
        await rename(temporary, target);
        await fsyncDirectory(join(this.#directory, digest.sha256.slice(0, 2)));
      }
      return digest;
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Opens a blob for reading. */
  open(sha256: string): NodeJS.ReadableStream & AsyncIterable<Uint8Array> {
    return createReadStream(this.pathFor(sha256));
  }
}

import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import {
  type ArtifactRef,
  type DatasetRef,
  type ModelVersion,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { writeFileAtomic } from '@ballast/kit';
import type { FaultHooks } from './fault-points';
import { checkJournalEntry, checkJournalHeader } from './journal-entry';

/** A registered model as the journal stores it (timestamps in ms, alias → version number). */
export interface StoredModel {
  name: string;
  description?: string;
  tags: Record<string, string>;
  aliases: Record<string, number>;
  createdAt: number;
  updatedAt: number;
  /** Highest version number ever given; numbers are never reused. */
  lastVersion: number;
}

/** An artifact as stored: blob-backed ones omit `uri`, which is derived from the root. */
export type StoredArtifact = Omit<ArtifactRef, 'uri'> & { uri?: string };

/** A model version as the journal stores it. */
export interface StoredVersion {
  name: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  description?: string;
  source: string;
  runId?: string;
  status: ModelVersion['status'];
  approval: ModelVersion['approval'];
  tags: Record<string, string>;
  datasets?: DatasetRef[];
  artifacts: StoredArtifact[];
}

/** One change; a journal line holds the changes of one operation, applied all or nothing. */
export type JournalOperation =
  | { op: 'put-model'; model: StoredModel }
  | { op: 'delete-model'; name: string }
  | { op: 'put-version'; version: StoredVersion }
  | { op: 'delete-version'; name: string; version: number };

/** The registry state rebuilt from the journal. */
export interface JournalState {
  models: Map<string, StoredModel>;
  versions: Map<string, Map<number, StoredVersion>>;
}

const HEADER_LIMIT = 256;

function emptyState(): JournalState {
  return { models: new Map(), versions: new Map() };
}

function apply(state: JournalState, operation: JournalOperation): void {
  switch (operation.op) {
    case 'put-model':
      state.models.set(operation.model.name, operation.model);
      if (!state.versions.has(operation.model.name))
        state.versions.set(operation.model.name, new Map());
      return;
    case 'delete-model':
      state.models.delete(operation.name);
      state.versions.delete(operation.name);
      return;
    case 'put-version': {
      const { name, version } = operation.version;
      let versions = state.versions.get(name);
      if (!versions) state.versions.set(name, (versions = new Map()));
      versions.set(version, operation.version);
      return;
    }
    case 'delete-version':
      state.versions.get(operation.name)?.delete(operation.version);
      return;
  }
}

/**
 * The registry's metadata as an append-only JSON Lines journal: a header line naming the
 * journal's generation, then one line per committed operation. Appends happen under the
 * registry lock and are fsynced; a line is visible only once complete (ends in a newline),
 * so a writer killed mid-append leaves a torn tail that readers ignore and the next writer
 * cuts off. Each process keeps the state in memory and reads only the bytes appended since
 * its last look, which keeps searches fast at any size. When the journal grows well beyond
 * the live state it is compacted by an atomic rewrite (temp file, fsync, rename, fsync dir)
 * under a new generation, which readers notice and reload.
 */
export class Journal {
  readonly #path: string;
  #state: JournalState = emptyState();
  #generation: string | undefined;
  #offset = 0;
  #lines = 0;
  #serial: Promise<unknown> = Promise.resolve();
  readonly #compactAfterLines: number;
  readonly #faults: FaultHooks | undefined;

  /**
   * `compactAfterLines`: rewrite once the journal has more lines than this and 4× the live
   * records; `faults`: test-only hooks (see {@link FaultHooks}).
   */
  constructor(path: string, compactAfterLines = 1000, faults?: FaultHooks) {
    this.#path = path;
    this.#compactAfterLines = compactAfterLines;
    this.#faults = faults;
  }

  /** The state as of the last refresh or commit. */
  get state(): JournalState {
    return this.#state;
  }

  #serialize<Result>(task: () => Promise<Result>): Promise<Result> {
    const run = this.#serial.then(task);
    this.#serial = run.catch(() => undefined);
    return run;
  }

  /** Reads whatever complete lines other processes appended since the last look. */
  refresh(): Promise<void> {
    return this.#serialize(async () => {
      await this.#refresh();
    });
  }

  async #refresh(): Promise<number | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.#path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#state = emptyState();
      this.#generation = undefined;
      this.#offset = 0;
      this.#lines = 0;
      return undefined;
    }
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(Math.min(size, HEADER_LIMIT));
      await handle.read(head, 0, head.length, 0);
      const headerEnd = head.indexOf(10);
      if (headerEnd === -1) throw this.#corrupt(1, 0, 'it has no header line');
      const header = this.#parseLine(
        head.subarray(0, headerEnd).toString('utf8'),
        1,
        0,
        checkJournalHeader,
      ) as { generation: string };
      if (header.generation !== this.#generation || size < this.#offset) {
        this.#state = emptyState();
        this.#generation = header.generation;
        this.#offset = headerEnd + 1;
        this.#lines = 0;
      }
      if (size > this.#offset) {
        const tail = Buffer.alloc(size - this.#offset);
        await handle.read(tail, 0, tail.length, this.#offset);
        const lastNewline = tail.lastIndexOf(10);
        if (lastNewline !== -1) {
          const text = tail.subarray(0, lastNewline).toString('utf8');
          let lineOffset = this.#offset;
          for (const line of text.split('\n')) {
            // Line 1 is the header; #lines counts the operation lines read so far.
            const entry = this.#parseLine(line, this.#lines + 2, lineOffset, checkJournalEntry) as {
              ops: JournalOperation[];
            };
            lineOffset += Buffer.byteLength(line) + 1;
            for (const operation of entry.ops) apply(this.#state, operation);
            this.#lines += 1;
          }
          this.#offset += lastNewline + 1;
        }
      }
      return size;
    } finally {
      await handle.close();
    }
  }

  #corrupt(
    line: number,
    offset: number,
    reason: string,
    cause?: unknown,
  ): UnavailableDependencyError {
    return new UnavailableDependencyError({
      message: `Registry journal ${this.#path} is corrupt at line ${line} (byte ${offset}): ${reason}. Restore it from a backup, or repair that line (see "Repairing a damaged journal" in the docs); complete lines are never rewritten in place.`,
      code: 'REGISTRY_JOURNAL_CORRUPT',
      isRetryable: false,
      details: { path: this.#path, line, offset },
      cause,
    });
  }

  /** Parses one complete line: not JSON is `REGISTRY_JOURNAL_CORRUPT`, the wrong shape `REGISTRY_JOURNAL_DAMAGED`. */
  #parseLine(
    text: string,
    line: number,
    offset: number,
    check: (value: unknown) => string | undefined,
  ): unknown {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw this.#corrupt(line, offset, 'a complete line is not valid JSON', cause);
    }
    const issue = check(parsed);
    if (issue === undefined) return parsed;
    throw new UnavailableDependencyError({
      message: `Registry journal ${this.#path} is damaged at line ${line} (byte ${offset}): the line is JSON but not a journal ${line === 1 ? 'header' : 'entry'} (${issue}). Stop writers, keep a copy of the file, then fix or delete that line (see "Repairing a damaged journal" in the docs) or restore a backup.`,
      code: 'REGISTRY_JOURNAL_DAMAGED',
      isRetryable: false,
      details: { path: this.#path, line, offset, issue },
    });
  }

  /**
   * Appends one operation's changes durably, then applies them in memory. Call only while
   * holding the registry lock, after validating against a fresh {@link state}.
   */
  commit(operations: JournalOperation[]): Promise<void> {
    return this.#serialize(async () => {
      let size = await this.#refresh();
      if (size === undefined) {
        await this.#rewrite([]);
        size = this.#offset;
      }
      const line = Buffer.from(`${JSON.stringify({ ops: operations })}\n`);
      const handle = await open(this.#path, 'r+');
      try {
        // Bytes past the last complete line are the torn write of a killed process.
        if (size > this.#offset) await handle.truncate(this.#offset);
        if (this.#faults) {
          // Tests only: write the line in two halves with the hook between them.
          const half = Math.floor(line.length / 2);
          await handle.write(line, 0, half, this.#offset);
          await handle.sync();
          await this.#faults.reach('mid-commit');
          await handle.write(line, half, line.length - half, this.#offset + half);
        } else {
          await handle.write(line, 0, line.length, this.#offset);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      for (const operation of operations) apply(this.#state, operation);
      this.#offset += line.length;
      this.#lines += 1;
      const live = this.#state.models.size + this.#countVersions();
      if (this.#lines > this.#compactAfterLines && this.#lines > 4 * live) await this.#compact();
    });
  }

  #countVersions(): number {
    let count = 0;
    for (const versions of this.#state.versions.values()) count += versions.size;
    return count;
  }

  async #compact(): Promise<void> {
    const lines: JournalOperation[][] = [];
    for (const model of this.#state.models.values()) {
      const versions = [...(this.#state.versions.get(model.name)?.values() ?? [])];
      lines.push([{ op: 'put-model', model }]);
      for (let start = 0; start < versions.length; start += 500) {
        lines.push(
          versions.slice(start, start + 500).map(version => ({ op: 'put-version', version })),
        );
      }
    }
    await this.#rewrite(lines);
  }

  async #rewrite(lines: JournalOperation[][]): Promise<void> {
    const generation = randomUUID();
    const header = `${JSON.stringify({ journal: 'ballast.registry', format: 1, generation })}\n`;
    const body = lines.map(ops => `${JSON.stringify({ ops })}\n`).join('');
    // Temp file, fsync, rename, fsync of the directory.
    await writeFileAtomic(this.#path, header + body);
    this.#generation = generation;
    this.#offset = Buffer.byteLength(header + body);
    this.#lines = lines.length;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError, TimeoutError } from '@ballast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedDecision } from '../__fixtures__/decisions';
import {
  appendDecision,
  decisionLogEntryHash,
  GENESIS_HASH,
  readDecisionLogHead,
  verifyDecisionLog,
} from './decision-log';

const decision = mixedDecision();
let directory: string;
let counter = 0;
const freshLog = () => join(directory, `log-${(counter += 1)}.jsonl`);

async function writeEntries(path: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    await appendDecision(path, { ...decision, environment: `env-${index}` });
  }
  return (await readFile(path, 'utf8')).split('\n').filter(line => line !== '');
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'decision-log-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('appendDecision', () => {
  it('creates the log folder on first use', async () => {
    const path = join(freshLog(), '..', 'nested', 'deeper', 'decisions.jsonl');
    const entry = await appendDecision(path, decision);
    expect(entry.seq).toBe(1);
    expect(await verifyDecisionLog(path)).toMatchObject({ valid: true, entries: 1 });
  });

  it('chains entries from the genesis hash', async () => {
    const path = freshLog();
    const first = await appendDecision(path, decision, {
      now: () => new Date('2026-11-21T00:00:00Z'),
    });
    const second = await appendDecision(path, decision);
    expect(first).toMatchObject({
      seq: 1,
      prevHash: GENESIS_HASH,
      recordedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyDecisionLog(path)).toEqual({
      valid: true,
      entries: 2,
      head: second.hash,
      message: '2 entries verified',
    });
  });

  it('chains entries longer than the 64 KiB tail-read chunk', async () => {
    const path = freshLog();
    const long = {
      ...decision,
      results: decision.results.map(result => ({ ...result, reason: 'x'.repeat(100_000) })),
    };
    const first = await appendDecision(path, long);
    const second = await appendDecision(path, long);
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyDecisionLog(path)).toMatchObject({ valid: true, entries: 2 });
  });

  it('keeps one unbroken chain under 20 concurrent appends', async () => {
    const path = freshLog();
    await Promise.all(Array.from({ length: 20 }, () => appendDecision(path, decision)));
    const report = await verifyDecisionLog(path);
    expect(report).toMatchObject({ valid: true, entries: 20 });
  });

  it('refuses to extend a torn or tampered log, and rejects invalid decisions', async () => {
    const torn = freshLog();
    await appendDecision(torn, decision);
    await appendFile(torn, '{"seq":2,');
    await expect(appendDecision(torn, decision)).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'DECISION_LOG_TORN',
    );
    const tampered = freshLog();
    const [line] = await writeEntries(tampered, 1);
    await writeFile(tampered, `${line!.replace('"outcome":"deny"', '"outcome":"allow"')}\n`);
    await expect(appendDecision(tampered, decision)).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'DECISION_LOG_TAMPERED',
    );
    await expect(
      appendDecision(freshLog(), { ...decision, outcome: 'maybe' } as never),
    ).rejects.toThrow(/Invalid PolicyDecision at outcome/);
  });

  it('never breaks a lock it cannot attribute to a dead process, however old', async () => {
    const path = freshLog();
    await writeFile(`${path}.lock`, '999999');
    await expect(
      appendDecision(path, decision, { lockTimeoutMs: 100, staleLockMs: 1 }),
    ).rejects.toSatisfy(
      error => TimeoutError.isInstance(error) && error.code === 'DECISION_LOG_LOCKED',
    );
    expect(await readFile(`${path}.lock`, 'utf8')).toBe('999999');
  });

  it('waits for a live holder, and takes over at once when the holder is killed', async () => {
    const path = freshLog();
    const holder = await holdLockInChild(`${path}.lock`);
    try {
      // Alive: the lock is never broken, whatever its age.
      await expect(
        appendDecision(path, decision, { lockTimeoutMs: 200, staleLockMs: 1 }),
      ).rejects.toSatisfy(
        error => TimeoutError.isInstance(error) && error.code === 'DECISION_LOG_LOCKED',
      );
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    // Dead (SIGKILL, no cleanup): the next append proceeds well within its 5 s default
    // timeout; the age-based rule waited 30 s and failed here with DECISION_LOG_LOCKED.
    const entry = await appendDecision(path, decision);
    expect(entry.seq).toBe(1);
    expect(await verifyDecisionLog(path)).toMatchObject({ valid: true, entries: 1 });
  });
});

/** Starts a process that takes the lock with @ballast/kit, then idles until it is killed. */
async function holdLockInChild(lockPath: string): Promise<ChildProcess> {
  const kit = createRequire(import.meta.url).resolve('@ballast/kit');
  const script = `require(${JSON.stringify(kit)}).acquireFileLock(process.argv[1]).then(() => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['-e', script, lockPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', code => reject(new Error(`lock holder exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
  });
  return child;
}

describe('verifyDecisionLog', () => {
  it('pinpoints an edited line', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 4);
    lines[2] = lines[2]!.replace('"env-2"', '"env-x"');
    await writeFile(path, `${lines.join('\n')}\n`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      valid: false,
      entries: 2,
      firstInvalidLine: 3,
      problem: 'HASH_MISMATCH',
    });
  });

  it('pinpoints a removed or reordered line at the line after the change', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 4);
    await writeFile(path, `${[lines[0], lines[2], lines[3]].join('\n')}\n`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      firstInvalidLine: 2,
      problem: 'CHAIN_BROKEN',
    });
    await writeFile(path, `${[lines[0], lines[2], lines[1], lines[3]].join('\n')}\n`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      firstInvalidLine: 2,
      problem: 'CHAIN_BROKEN',
    });
  });

  it('catches a re-hashed edit at the next line, garbage, torn tails and truncation', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 3);
    const head = JSON.parse(lines[2]!).hash as string;
    await writeFile(path, `${lines[0]}\nnot json\n${lines[2]}\n`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      firstInvalidLine: 2,
      problem: 'LINE_UNPARSABLE',
    });
    await writeFile(path, `${lines.join('\n')}`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      firstInvalidLine: 3,
      problem: 'TORN_LINE',
    });
    await writeFile(path, `${lines.slice(0, 2).join('\n')}\n`);
    expect((await verifyDecisionLog(path)).valid).toBe(true);
    expect(await verifyDecisionLog(path, { expectedHead: head })).toMatchObject({
      valid: false,
      problem: 'HEAD_MISMATCH',
    });
  });

  it('treats an empty log as valid and a missing one as NotFoundError', async () => {
    const path = freshLog();
    await writeFile(path, '');
    expect(await verifyDecisionLog(path)).toMatchObject({
      valid: true,
      entries: 0,
      head: GENESIS_HASH,
    });
    await expect(verifyDecisionLog(join(directory, 'absent.jsonl'))).rejects.toSatisfy(error =>
      NotFoundError.isInstance(error),
    );
  });
});

describe('the hash covers the whole entry', () => {
  it('flags a field added to a line, and refuses to extend such a log', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 3);
    lines[1] = lines[1]!.replace('{"seq":2,', '{"seq":2,"approvedBy":"mallory",');
    await writeFile(path, `${lines.join('\n')}\n`);
    expect(await verifyDecisionLog(path)).toMatchObject({
      valid: false,
      firstInvalidLine: 2,
      problem: 'HASH_MISMATCH',
    });
    const tail = freshLog();
    const [only] = await writeEntries(tail, 1);
    await writeFile(tail, `${only!.replace('{"seq":1,', '{"seq":1,"note":"x",')}\n`);
    await expect(appendDecision(tail, decision)).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'DECISION_LOG_TAMPERED',
    );
  });

  it('hashes an entry of the original four fields as before', async () => {
    const path = freshLog();
    const entry = await appendDecision(path, decision);
    const { hash, ...fields } = entry;
    expect(decisionLogEntryHash(fields)).toBe(hash);
    expect(decisionLogEntryHash(entry)).toBe(hash);
  });
});

describe('anchoring the head outside the log', () => {
  it('reads the head of an empty, a growing and a missing log', async () => {
    const path = freshLog();
    await writeFile(path, '');
    expect(await readDecisionLogHead(path)).toEqual({ sequence: 0, hash: GENESIS_HASH });
    const first = await appendDecision(path, decision);
    const second = await appendDecision(path, decision);
    expect(await readDecisionLogHead(path)).toEqual({ sequence: 2, hash: second.hash });
    expect(first.seq).toBe(1);
    await expect(readDecisionLogHead(join(directory, 'absent.jsonl'))).rejects.toSatisfy(error =>
      NotFoundError.isInstance(error),
    );
    await appendFile(path, '{"seq":3');
    await expect(readDecisionLogHead(path)).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'DECISION_LOG_TORN',
    );
  });

  it('accepts a log that grew past the anchor', async () => {
    const path = freshLog();
    await writeEntries(path, 2);
    const anchor = await readDecisionLogHead(path);
    await writeEntries(path, 2);
    expect(await verifyDecisionLog(path, { expectedHead: anchor })).toMatchObject({
      valid: true,
      entries: 4,
    });
    expect(
      await verifyDecisionLog(path, { expectedHead: { sequence: 0, hash: GENESIS_HASH } }),
    ).toMatchObject({ valid: true });
  });

  it('catches a rewritten last entry whose hash was recomputed', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 3);
    const anchor = await readDecisionLogHead(path);
    const forged = JSON.parse(lines[2]!);
    forged.decision.outcome = 'allow';
    forged.hash = decisionLogEntryHash(forged);
    await writeFile(path, `${[lines[0], lines[1], JSON.stringify(forged)].join('\n')}\n`);
    expect((await verifyDecisionLog(path)).valid).toBe(true);
    expect(await verifyDecisionLog(path, { expectedHead: anchor })).toMatchObject({
      valid: false,
      problem: 'HEAD_MISMATCH',
      firstInvalidLine: 3,
    });
  });

  it('catches entries cut from the end', async () => {
    const path = freshLog();
    const lines = await writeEntries(path, 3);
    const anchor = await readDecisionLogHead(path);
    await writeFile(path, `${lines.slice(0, 2).join('\n')}\n`);
    expect(await verifyDecisionLog(path, { expectedHead: anchor })).toMatchObject({
      valid: false,
      problem: 'HEAD_MISMATCH',
      message: expect.stringContaining('fewer than'),
    });
  });
});

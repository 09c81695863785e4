import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError, TimeoutError } from '@ballast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedDecision } from './__fixtures__/decisions';
import { appendDecision, GENESIS_HASH, verifyDecisionLog } from './decision-log';

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

  it('times out on a held lock and takes over a stale one', async () => {
    const path = freshLog();
    await writeFile(`${path}.lock`, '999999');
    await expect(appendDecision(path, decision, { lockTimeoutMs: 50 })).rejects.toSatisfy(
      error => TimeoutError.isInstance(error) && error.code === 'DECISION_LOG_LOCKED',
    );
    await new Promise(resolve => setTimeout(resolve, 30));
    const entry = await appendDecision(path, decision, { lockTimeoutMs: 1000, staleLockMs: 10 });
    expect(entry.seq).toBe(1);
  });
});

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

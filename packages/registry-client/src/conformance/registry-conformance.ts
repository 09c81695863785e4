import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BallastError,
  ConflictError,
  InvalidInputError,
  type ModelVersion,
  NotFoundError,
  parseModelVersion,
} from '@ballast/contracts';
import { sha256Hex } from '@ballast/kit';
import type { Registry } from '../registry';

/** The assertions the suite makes; vitest's (and jest's) `expect(...)` result fits. */
export interface ConformanceAssertion {
  /** `Object.is` equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
  /** Deep equality on the properties of `expected` only. */
  toMatchObject(expected: object): void;
  /** `.length` equals `length`. */
  toHaveLength(length: number): void;
  /** Not `undefined`. */
  toBeDefined(): void;
  /** Truthy. */
  toBeTruthy(): void;
  /** A string holding `item` as a substring, or an array holding it. */
  toContain(item: string): void;
}

/**
 * The test framework the suite registers its tests with, typed structurally so this entry
 * does not import vitest: pass `import * as vitest from 'vitest'` (or an object with these
 * five functions).
 */
export interface ConformanceTestApi {
  /** Groups tests. */
  describe(name: string, body: () => void): unknown;
  /** Declares one test. */
  it(name: string, body: () => Promise<void>): unknown;
  /** Runs before every test of the group. */
  beforeEach(hook: () => Promise<void>): unknown;
  /** Runs after every test of the group. */
  afterEach(hook: () => Promise<void>): unknown;
  /** Starts an assertion; `message` is shown when it fails. */
  expect(actual: unknown, message?: string): ConformanceAssertion;
}

/** Builds a fresh, empty registry for one test and removes it afterwards. */
export type RegistryFactory = () => Promise<{
  registry: Registry;
  cleanup(): Promise<void>;
}>;

type Expect = ConformanceTestApi['expect'];

async function expectTypedError(
  expect: Expect,
  promise: Promise<unknown>,
  family: { isInstance(error: unknown): boolean },
  code: string,
): Promise<BallastError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a rejection with ${code}`).toBeDefined();
  expect(family.isInstance(error), `expected ${String(error)} to be of the right family`).toBe(
    true,
  );
  expect((error as BallastError).code).toBe(code);
  return error as BallastError;
}

/**
 * The registry conformance suite: every implementation of the `Registry` interface (the
 * embedded file store, the MLflow client against an MLflow-compatible server, your own
 * backend) runs these same assertions — CRUD, typed errors with MLflow's codes, MLflow's
 * alias and tag rules, filter syntax, ordering, pagination, artifact digests and downloads.
 * The test framework is passed in, so the package does not depend on vitest.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { createFileRegistry } from '@ballast/registry-client';
 * import { describeRegistryConformance } from '@ballast/registry-client/conformance';
 *
 * describeRegistryConformance('file registry', async () => {
 *   const root = await mkdtemp(join(tmpdir(), 'registry-'));
 *   return { registry: createFileRegistry({ root }), cleanup: () => rm(root, { recursive: true }) };
 * }, vitest);
 * ```
 */
export function describeRegistryConformance(
  name: string,
  factory: RegistryFactory,
  test: ConformanceTestApi,
): void {
  const { describe, it, beforeEach, afterEach, expect } = test;
  const expectTyped = (
    promise: Promise<unknown>,
    family: { isInstance(error: unknown): boolean },
    code: string,
  ) => expectTypedError(expect, promise, family, code);
  describe(`Registry conformance: ${name}`, () => {
    let registry: Registry;
    let cleanup: () => Promise<void>;
    let workspace: string;
    let modelDirectory: string;
    const files = { 'model.onnx': 'onnx-bytes-1', 'config/params.json': '{"depth":3}' };

    beforeEach(async () => {
      ({ registry, cleanup } = await factory());
      workspace = await mkdtemp(join(tmpdir(), 'registry-conformance-'));
      modelDirectory = join(workspace, 'model');
      await mkdir(join(modelDirectory, 'config'), { recursive: true });
      for (const [path, content] of Object.entries(files))
        await writeFile(join(modelDirectory, path), content);
    });

    afterEach(async () => {
      await cleanup();
      await rm(workspace, { recursive: true, force: true });
    });

    const createVersions = async (model: string, count: number) => {
      const versions: ModelVersion[] = [];
      for (let index = 0; index < count; index += 1) {
        versions.push(
          await registry.createModelVersion({ name: model, artifactPath: modelDirectory }),
        );
      }
      return versions;
    };

    it('creates, reads, updates and deletes registered models with typed errors', async () => {
      const created = await registry.createRegisteredModel({
        name: 'fraud',
        description: 'first',
        tags: { team: 'risk' },
      });
      expect(created).toMatchObject({
        name: 'fraud',
        description: 'first',
        tags: { team: 'risk' },
        aliases: {},
      });
      expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);
      expect(await registry.getRegisteredModel('fraud')).toMatchObject({
        name: 'fraud',
        tags: { team: 'risk' },
      });
      await expectTyped(
        registry.createRegisteredModel({ name: 'fraud' }),
        ConflictError,
        'RESOURCE_ALREADY_EXISTS',
      );
      await expectTyped(
        registry.getRegisteredModel('missing'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      const updated = await registry.updateRegisteredModel('fraud', { description: 'second' });
      expect(updated.description).toBe('second');
      await registry.deleteRegisteredModel('fraud');
      await expectTyped(
        registry.getRegisteredModel('fraud'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await expectTyped(
        registry.deleteRegisteredModel('fraud'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('rejects names that could escape the store', async () => {
      for (const bad of ['../escape', 'a/b', 'a\\b', 'nul\u0000byte', '..', '']) {
        await expectTyped(
          registry.createRegisteredModel({ name: bad }),
          InvalidInputError,
          'INVALID_PARAMETER_VALUE',
        );
      }
    });

    it('renames a model together with its versions and aliases', async () => {
      await registry.createRegisteredModel({ name: 'old' });
      await registry.createRegisteredModel({ name: 'taken' });
      const [first] = await createVersions('old', 1);
      await registry.setAlias('old', 'champion', first!.version);
      const renamed = await registry.renameRegisteredModel('old', 'new');
      expect(renamed).toMatchObject({ name: 'new', aliases: { champion: '1' } });
      await expectTyped(
        registry.getRegisteredModel('old'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expect((await registry.getModelVersionByAlias('new', 'champion')).name).toBe('new');
      await expectTyped(
        registry.renameRegisteredModel('new', 'taken'),
        ConflictError,
        'RESOURCE_ALREADY_EXISTS',
      );
    });

    it('creates versions from a directory with the sha256 and size of every file', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      const version = await registry.createModelVersion({
        name: 'fraud',
        artifactPath: modelDirectory,
        runId: 'run-42',
        description: 'baseline',
        tags: { framework: 'onnx' },
        approval: 'approved',
        datasets: [
          { namespace: 's3://features', name: 'transactions', version: '7', role: 'training' },
        ],
      });
      expect(parseModelVersion(version)).toEqual(version);
      expect(version).toMatchObject({
        name: 'fraud',
        version: '1',
        runId: 'run-42',
        description: 'baseline',
        tags: { framework: 'onnx' },
        approval: 'approved',
        status: 'READY',
        aliases: [],
        datasets: [
          { namespace: 's3://features', name: 'transactions', version: '7', role: 'training' },
        ],
      });
      const artifacts = [...version.artifacts].sort((a, b) => a.path.localeCompare(b.path));
      expect(
        artifacts.map(({ path, sha256: digest, size }) => ({ path, sha256: digest, size })),
      ).toEqual([
        { path: 'config/params.json', sha256: sha256Hex(files['config/params.json']), size: 11 },
        { path: 'model.onnx', sha256: sha256Hex(files['model.onnx']), size: 12 },
      ]);
      expect(await registry.getModelVersion('fraud', '1')).toEqual(version);

      const single = await registry.createModelVersion({
        name: 'fraud',
        artifactPath: join(modelDirectory, 'model.onnx'),
      });
      expect(single).toMatchObject({ version: '2', approval: 'pending' });
      expect(single.artifacts.map(artifact => artifact.path)).toEqual(['model.onnx']);
    });

    it('reports missing models and versions and malformed versions with typed errors', async () => {
      await expectTyped(
        registry.createModelVersion({ name: 'missing', artifactPath: modelDirectory }),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await registry.createRegisteredModel({ name: 'fraud' });
      await expectTyped(
        registry.getModelVersion('fraud', '9'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await expectTyped(
        registry.getModelVersion('fraud', 'abc'),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await expectTyped(
        registry.createModelVersion({
          name: 'fraud',
          artifactPath: join(workspace, 'nothing-here'),
        }),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('updates description and approval, and never reuses deleted version numbers', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      await createVersions('fraud', 2);
      const updated = await registry.updateModelVersion('fraud', '2', {
        description: 'tuned',
        approval: 'rejected',
      });
      expect(updated).toMatchObject({ version: '2', description: 'tuned', approval: 'rejected' });
      expect(await registry.getModelVersion('fraud', '2')).toMatchObject({ approval: 'rejected' });
      await expectTyped(
        registry.updateModelVersion('fraud', '2', { approval: 'maybe' as never }),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await registry.deleteModelVersion('fraud', '2');
      await expectTyped(
        registry.getModelVersion('fraud', '2'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      const [third] = await createVersions('fraud', 1);
      expect(third!.version).toBe('3');
    });

    it('sets and deletes tags within MLflow limits', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      await createVersions('fraud', 1);
      await registry.setRegisteredModelTag('fraud', 'owner', 'ana');
      expect((await registry.getRegisteredModel('fraud')).tags).toEqual({ owner: 'ana' });
      await registry.deleteRegisteredModelTag('fraud', 'owner');
      expect((await registry.getRegisteredModel('fraud')).tags).toEqual({});
      await registry.setModelVersionTag('fraud', '1', 'stage.note', 'canary');
      expect((await registry.getModelVersion('fraud', '1')).tags).toEqual({
        'stage.note': 'canary',
      });
      await registry.deleteModelVersionTag('fraud', '1', 'stage.note');
      expect((await registry.getModelVersion('fraud', '1')).tags).toEqual({});
      await expectTyped(
        registry.setModelVersionTag('fraud', '1', 'k'.repeat(251), 'v'),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await expectTyped(
        registry.setModelVersionTag('fraud', '1', 'big', 'v'.repeat(5001)),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await expectTyped(
        registry.setModelVersionTag('fraud', '1', 'ballast.approval', 'approved'),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await expectTyped(
        registry.setRegisteredModelTag('fraud', '../up', 'v'),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
      await expectTyped(
        registry.setModelVersionTag('fraud', '7', 'k', 'v'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('keeps one version per alias and enforces alias syntax and reserved names', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      await createVersions('fraud', 3);
      await registry.setAlias('fraud', 'champion', '1');
      await registry.setAlias('fraud', 'challenger', '1');
      expect((await registry.getModelVersion('fraud', '1')).aliases).toEqual([
        'challenger',
        'champion',
      ]);
      await registry.setAlias('fraud', 'champion', '2');
      expect((await registry.getModelVersionByAlias('fraud', 'champion')).version).toBe('2');
      expect((await registry.getModelVersion('fraud', '1')).aliases).toEqual(['challenger']);
      expect((await registry.getRegisteredModel('fraud')).aliases).toEqual({
        champion: '2',
        challenger: '1',
      });
      for (const reserved of [
        'latest',
        'LATEST',
        'v1',
        'V22',
        'has space',
        'dot.ted',
        'x'.repeat(256),
      ]) {
        await expectTyped(
          registry.setAlias('fraud', reserved, '1'),
          InvalidInputError,
          'INVALID_PARAMETER_VALUE',
        );
      }
      await expectTyped(
        registry.setAlias('fraud', 'ghost', '99'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await expectTyped(
        registry.getModelVersionByAlias('fraud', 'nobody'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await registry.deleteAlias('fraud', 'challenger');
      await expectTyped(
        registry.getModelVersionByAlias('fraud', 'challenger'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await registry.deleteModelVersion('fraud', '2');
      await expectTyped(
        registry.getModelVersionByAlias('fraud', 'champion'),
        NotFoundError,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expect((await registry.getRegisteredModel('fraud')).aliases).toEqual({});
    });

    it('searches versions with MLflow filters, ordering and pages', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      await registry.createRegisteredModel({ name: 'Churn' });
      for (let index = 1; index <= 5; index += 1) {
        await registry.createModelVersion({
          name: 'fraud',
          artifactPath: modelDirectory,
          runId: `run-${index}`,
          tags: { shard: String(index % 2), 'team.name': 'risk' },
          approval: index === 4 ? 'approved' : 'pending',
        });
      }
      await registry.createModelVersion({
        name: 'Churn',
        artifactPath: modelDirectory,
        runId: 'run-1',
      });
      const versionsOf = async (filter: string, orderBy?: string[]) =>
        (
          await registry.searchModelVersions({ filter, ...(orderBy ? { orderBy } : {}) }).toArray()
        ).map(version => `${version.name}/${version.version}`);
      expect(
        await versionsOf("name = 'fraud' AND tags.shard = '1'", ['version_number ASC']),
      ).toEqual(['fraud/1', 'fraud/3', 'fraud/5']);
      expect(await versionsOf("tags.shard != '1'")).toEqual(['fraud/4', 'fraud/2']);
      expect(await versionsOf("run_id IN ('run-1', 'run-2')")).toEqual([
        'Churn/1',
        'fraud/2',
        'fraud/1',
      ]);
      expect(await versionsOf("name = 'fraud' AND version_number > 3")).toEqual([
        'fraud/5',
        'fraud/4',
      ]);
      expect(await versionsOf("name ILIKE 'CH%'")).toEqual(['Churn/1']);
      expect(await versionsOf("name LIKE 'ch%'")).toEqual([]);
      expect(
        await versionsOf("tags.`team.name` = 'risk' AND tags.`ballast.approval` = 'approved'"),
      ).toEqual(['fraud/4']);

      const pages: string[][] = [];
      for await (const page of registry.searchModelVersions({
        filter: "name = 'fraud'",
        maxResults: 2,
        orderBy: ['version_number DESC'],
      })) {
        pages.push(page.items.map(version => version.version));
      }
      expect(pages).toEqual([['5', '4'], ['3', '2'], ['1']]);
      const first = await registry
        .searchModelVersions({ filter: "name = 'fraud'", maxResults: 2 })
        .firstPage();
      expect(first.nextPageToken).toBeTruthy();
      const second = await registry
        .searchModelVersions({
          filter: "name = 'fraud'",
          maxResults: 2,
          pageToken: first.nextPageToken as string,
        })
        .firstPage();
      expect(second.items.map(version => version.version)).toEqual(['3', '2']);
    });

    it('rejects malformed filters and order_by with a typed error naming the position', async () => {
      const cases: [string, number][] = [
        ["name = 'a' OR name = 'b'", 11],
        ["name == 'a'", 6],
        ["colour = 'red'", 0],
        ["name = 'unterminated", 7],
        ["name = 'a' AND", 14],
      ];
      for (const [filter, position] of cases) {
        const error = await expectTyped(
          registry.searchModelVersions({ filter }).toArray(),
          InvalidInputError,
          'INVALID_PARAMETER_VALUE',
        );
        expect(error.details).toMatchObject({ field: 'filter', position });
        expect(error.message).toContain(`position ${position}`);
      }
      await expectTyped(
        registry.searchModelVersions({ orderBy: ['colour DESC'] }).toArray(),
        InvalidInputError,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('searches registered models by name and tag, in order, across pages', async () => {
      for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
        await registry.createRegisteredModel({
          name,
          tags: { tier: name === 'beta' ? 'gold' : 'silver' },
        });
      }
      const all = await registry
        .searchRegisteredModels({ maxResults: 3, orderBy: ['name DESC'] })
        .toArray();
      expect(all.map(model => model.name)).toEqual(['gamma', 'delta', 'beta', 'alpha']);
      const gold = await registry
        .searchRegisteredModels({ filter: "tags.tier = 'gold'" })
        .toArray();
      expect(gold.map(model => model.name)).toEqual(['beta']);
      const like = await registry.searchRegisteredModels({ filter: "name LIKE '%ta'" }).toArray();
      expect(like.map(model => model.name)).toEqual(['beta', 'delta']);
    });

    it('downloads artifacts, verifying every digest', async () => {
      await registry.createRegisteredModel({ name: 'fraud' });
      const [version] = await createVersions('fraud', 1);
      const target = join(workspace, 'download');
      const result = await registry.downloadArtifacts(version!, target);
      expect(result.artifacts).toHaveLength(2);
      for (const [path, content] of Object.entries(files)) {
        expect(await readFile(join(target, path), 'utf8')).toBe(content);
      }
    });
  });
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BallastError, InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { evaluate } from '../evaluation/evaluate';
import { parsePolicy } from './load-policy';

// Every mutated policy must end as a valid policy or a typed POLICY_* error: never another
// kind of throw, never a hang. Runs are few and inputs small, so the suite stays fast.

const baseText = readFileSync(
  fileURLToPath(new URL('../__fixtures__/promotion-policy.yaml', import.meta.url)),
  'utf8',
);
const base = parseYaml(baseText) as Record<string, unknown>;

const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const nearMisses = [
  'minApprover',
  'allowedGroup',
  'maxDriftshare',
  'lowr',
  'uper',
  'enforcment',
  'severty',
  'kinds',
  'waiver',
  'default',
  'production',
];

const keyArbitrary = fc.oneof(
  fc.constantFrom(...prototypeNames),
  fc.constantFrom(...nearMisses),
  fc.string({ maxLength: 12 }),
);
const valueArbitrary = fc.oneof(
  fc.constantFrom('enforce', 'warn', 'dryrun', 'deny', '*', '7d', 'P1D', '', 'NaN'),
  fc.constantFrom(0, -1, 1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, null, true),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 2 }),
);

type Mutation =
  | { op: 'set'; at: number; key: string; value: unknown }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    key: keyArbitrary,
    value: valueArbitrary,
  }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: valueArbitrary }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
);

/** Every (container, key) pair of a document, depth first. */
function slots(value: unknown): Array<{ parent: Record<string, unknown>; key: string }> {
  const found: Array<{ parent: Record<string, unknown>; key: string }> = [];
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      found.push({ parent: node as Record<string, unknown>, key });
      visit((node as Record<string, unknown>)[key]);
    }
  };
  visit(value);
  return found;
}

/** Sets an own property, as JSON.parse and YAML do, even for `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function mutate(mutations: readonly Mutation[]): unknown {
  const document = structuredClone(base);
  for (const mutation of mutations) {
    const all = slots(document);
    if (all.length === 0) break;
    const { parent, key } = all[mutation.at % all.length]!;
    if (mutation.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (mutation.op === 'replace') {
      setOwn(parent, key, mutation.value);
    } else {
      const container = parent[key];
      const target =
        container !== null && typeof container === 'object' && !Array.isArray(container)
          ? (container as Record<string, unknown>)
          : parent;
      setOwn(target, mutation.key, mutation.value);
    }
  }
  return document;
}

function expectTypedOutcome(run: () => unknown) {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
    expect((error as InvalidInputError).code).toMatch(/^POLICY_(INVALID|SYNTAX)$/);
    return undefined;
  }
  return result;
}

describe('parsePolicy under mutation', () => {
  it('keeps the unmutated base valid', () => {
    expect(parsePolicy(structuredClone(base)).rules).toHaveLength(13);
  });

  it('turns every mutated object into a valid policy or a typed error', () => {
    fc.assert(
      fc.property(fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), mutations => {
        const policy = expectTypedOutcome(() => parsePolicy(mutate(mutations)));
        if (policy === undefined) return;
        // A policy that parses evaluates without an untyped throw.
        try {
          evaluate(policy as ReturnType<typeof parsePolicy>, makeEvidence(), {
            environment: 'production',
            now,
          });
        } catch (error) {
          expect(BallastError.isInstance(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a policy with any unknown key, at any depth', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...nearMisses.slice(0, 8), 'zzz'), (at, key) => {
        const document = structuredClone(base);
        const objects = slots(document)
          .map(slot => slot.parent[slot.key])
          .filter(
            (node): node is Record<string, unknown> =>
              node !== null &&
              typeof node === 'object' &&
              !Array.isArray(node) &&
              // Free-form maps: environment names and custom predicate parameters.
              !('production' in node) &&
              !('maxMs' in node),
          );
        const target = [document, ...objects][at % (objects.length + 1)]!;
        if (Object.hasOwn(target, key)) return;
        setOwn(target, key, 1);
        expect(() => parsePolicy(document)).toThrow(/unknown key/);
      }),
      { numRuns: 100 },
    );
  });

  it('turns every mutated YAML text into a valid policy or a typed error', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat(),
            remove: fc.nat({ max: 8 }),
            insert: fc.oneof(
              fc.string({ maxLength: 8 }),
              fc.constantFrom(
                ': ',
                '\n',
                '- ',
                '{',
                '}',
                '[',
                '&a ',
                '*a',
                '!!js/function',
                '"',
                '__proto__: warn\n',
              ),
            ),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        edits => {
          let text = baseText;
          for (const { at, remove, insert } of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          expectTypedOutcome(() => parsePolicy(text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses an alias bomb with a typed error', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'name: p',
      'rules: [*d]',
    ].join('\n');
    expectTypedOutcome(() => parsePolicy(bomb));
    expect(() => parsePolicy(bomb)).toThrow(InvalidInputError);
  });
});

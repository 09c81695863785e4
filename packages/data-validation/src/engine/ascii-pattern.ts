/**
 * One position of a linear pattern: the ASCII bytes it accepts, whether it may be skipped, and
 * whether it may repeat (a star).
 */
interface PatternItem {
  accepts: Uint8Array;
  optional: boolean;
  repeats: boolean;
}

/** A pattern compiled to a DFA over ASCII bytes. */
export interface AsciiPattern {
  /**
   * The DFA itself, for kernels that inline the loop: from `initial`, each byte moves the state
   * to `transitions[(state << 8) | byte]`; the final state's entry in `verdicts` is 1 (match),
   * 0 (no match) or -1 (a non-ASCII byte was met). Final states are absorbing, so a loop may
   * run to the end of a value without checking for them.
   */
  readonly automaton: AsciiAutomaton;
  /**
   * Searches `bytes[start, end)` as `RegExp.prototype.test` would search the same ASCII text:
   * 1 for a match, 0 for none, -1 when a byte is not ASCII (the caller then tests the decoded
   * string with the real engine).
   */
  match(bytes: Uint8Array, start: number, end: number): number;
}

/** The tables of a compiled {@link AsciiPattern}. */
export interface AsciiAutomaton {
  readonly transitions: Int32Array;
  readonly initial: number;
  readonly verdicts: Int8Array;
}

// NFA states are bit masks over positions 0..items.length, so at most 30 positions.
const maxPositions = 30;
// Past this many DFA states the pattern is left to the regex engine.
const maxStates = 1024;

function byteSet(test: (code: number) => boolean): Uint8Array {
  const set = new Uint8Array(128);
  for (let code = 0; code < 128; code++) set[code] = test(code) ? 1 : 0;
  return set;
}

const isDigit = (code: number) => code >= 48 && code <= 57;
const isWord = (code: number) =>
  isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
// JavaScript's \s restricted to ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
const isSpace = (code: number) => (code >= 9 && code <= 13) || code === 32;
const classEscapes: Record<string, (code: number) => boolean> = {
  d: isDigit,
  D: code => !isDigit(code),
  w: isWord,
  W: code => !isWord(code),
  s: isSpace,
  S: code => !isSpace(code),
};
const controlEscapes: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
// The characters the `u` flag allows as identity escapes (plus `-` inside a class).
const syntaxCharacters = new Set('^$\\.*+?()[]{}|/');

/**
 * Reads the character after a backslash: a single character code, a class predicate, or
 * `undefined` for anything this compiler does not handle (`\b`, `\u`, `\x`, back-references).
 */
function readEscape(
  character: string | undefined,
  inClass: boolean,
): number | ((code: number) => boolean) | undefined {
  if (character === undefined) return undefined;
  const predicate = classEscapes[character];
  if (predicate) return predicate;
  const control = controlEscapes[character];
  if (control !== undefined) return control;
  if (syntaxCharacters.has(character) || (inClass && character === '-'))
    return character.charCodeAt(0);
  return undefined;
}

/** Parses `[...]` starting after the `[`; returns the set and the index after `]`. */
function readClass(source: string, from: number): { set: Uint8Array; next: number } | undefined {
  let index = from;
  const negated = source[index] === '^';
  if (negated) index++;
  const set = new Uint8Array(128);
  let empty = true;
  const readMember = (): number | ((code: number) => boolean) | undefined => {
    const character = source[index];
    if (character === undefined) return undefined;
    index++;
    if (character === '\\') return readEscape(source[index++], true);
    const code = character.charCodeAt(0);
    return code < 128 ? code : undefined;
  };
  while (source[index] !== ']') {
    const first = readMember();
    if (first === undefined) return undefined;
    if (typeof first === 'function') {
      for (let code = 0; code < 128; code++) if (first(code)) set[code] = 1;
    } else if (source[index] === '-' && source[index + 1] !== ']' && index + 1 < source.length) {
      index++;
      const last = readMember();
      if (typeof last !== 'number' || last < first) return undefined;
      for (let code = first; code <= last; code++) set[code] = 1;
    } else {
      set[first] = 1;
    }
    empty = false;
  }
  // `[]` and `[^]` also concern non-ASCII input in ways not worth modelling here.
  if (empty) return undefined;
  if (negated) for (let code = 0; code < 128; code++) set[code] = set[code] ? 0 : 1;
  return { set, next: index + 1 };
}

/** Reads a quantifier at `index`: its bounds (max may be Infinity) and the index after it. */
function readQuantifier(
  source: string,
  index: number,
): { min: number; max: number; next: number } | undefined {
  const character = source[index];
  let bounds: { min: number; max: number; next: number } | undefined;
  if (character === '*') bounds = { min: 0, max: Number.POSITIVE_INFINITY, next: index + 1 };
  else if (character === '+') bounds = { min: 1, max: Number.POSITIVE_INFINITY, next: index + 1 };
  else if (character === '?') bounds = { min: 0, max: 1, next: index + 1 };
  else if (character === '{') {
    const found = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index));
    if (!found) return undefined;
    const min = Number(found[1]);
    const max =
      found[2] === undefined ? min : found[3] ? Number(found[3]) : Number.POSITIVE_INFINITY;
    bounds = { min, max, next: index + found[0].length };
  } else return { min: 1, max: 1, next: index };
  // A lazy quantifier changes what is captured, not whether the text matches.
  if (source[bounds.next] === '?') bounds.next++;
  return bounds;
}

/** Parses a pattern made only of anchors, ASCII atoms and quantifiers; `undefined` otherwise. */
function parse(
  source: string,
): { items: PatternItem[]; anchoredStart: boolean; anchoredEnd: boolean } | undefined {
  const items: PatternItem[] = [];
  let index = 0;
  const anchoredStart = source[0] === '^';
  if (anchoredStart) index++;
  let anchoredEnd = false;
  while (index < source.length) {
    const character = source[index]!;
    let set: Uint8Array | undefined;
    if (character === '$' && index === source.length - 1) {
      anchoredEnd = true;
      break;
    }
    if (character === '.') {
      set = byteSet(code => code !== 10 && code !== 13);
      index++;
    } else if (character === '[') {
      const parsed = readClass(source, index + 1);
      if (!parsed) return undefined;
      set = parsed.set;
      index = parsed.next;
    } else if (character === '\\') {
      const escaped = readEscape(source[index + 1], false);
      if (escaped === undefined) return undefined;
      set = typeof escaped === 'function' ? byteSet(escaped) : byteSet(code => code === escaped);
      index += 2;
    } else if ('^$()|*+?{}]'.includes(character) || character.charCodeAt(0) >= 128) {
      return undefined;
    } else {
      const literal = character.charCodeAt(0);
      set = byteSet(code => code === literal);
      index++;
    }
    const quantifier = readQuantifier(source, index);
    if (!quantifier || quantifier.max < quantifier.min) return undefined;
    index = quantifier.next;
    const { min, max } = quantifier;
    if (items.length + min + (max === Number.POSITIVE_INFINITY ? 1 : max - min) > maxPositions)
      return undefined;
    for (let copy = 0; copy < min; copy++)
      items.push({ accepts: set, optional: false, repeats: false });
    if (max === Number.POSITIVE_INFINITY)
      items.push({ accepts: set, optional: true, repeats: true });
    else
      for (let copy = min; copy < max; copy++)
        items.push({ accepts: set, optional: true, repeats: false });
  }
  return { items, anchoredStart, anchoredEnd };
}

/**
 * Compiles the simple regular expressions most column checks use (`^id-[0-9a-z]{6}$`,
 * `^[^@]+@[^@]+\.[a-z]+$`: anchors, literals, `.`, classes, `\d\w\s`, quantifiers; no groups,
 * alternation or assertions) into a DFA over ASCII bytes (at most 1,024 states).
 * A UTF-8 column is then searched on its bytes, undecoded, with one table lookup per byte.
 * Returns `undefined` for any other pattern, which the caller leaves to `RegExp`.
 */
export function compileAsciiPattern(source: string): AsciiPattern | undefined {
  const parsed = parse(source);
  if (!parsed) return undefined;
  const { items, anchoredStart, anchoredEnd } = parsed;
  const accept = 2 ** items.length;
  const closure = (mask: number): number => {
    let closed = mask;
    for (let position = 0; position < items.length; position++)
      if ((closed & (2 ** position)) !== 0 && items[position]!.optional)
        closed |= 2 ** (position + 1);
    return closed;
  };
  const step = (mask: number, code: number): number => {
    let next = anchoredStart ? 0 : 1;
    for (let position = 0; position < items.length; position++) {
      const item = items[position]!;
      if ((mask & (2 ** position)) !== 0 && item.accepts[code] === 1)
        next |= item.repeats ? 2 ** position : 2 ** (position + 1);
    }
    return closure(next);
  };

  // States 0-2 are final: 0 rejects (anchored start, nothing can match any more), 1 accepts
  // (unanchored end, a match was found), 2 met a non-ASCII byte. The table is complete and
  // 256 wide, so the loop does one lookup and one comparison per byte.
  const rejected = 0;
  const matched = 1;
  const nonAscii = 2;
  const masks: number[] = [0, Number.NaN, Number.NaN];
  const stateOf = new Map<number, number>();
  const stateFor = (mask: number): number => {
    if (mask === 0) return rejected;
    if (!anchoredEnd && (mask & accept) !== 0) return matched;
    let state = stateOf.get(mask);
    if (state === undefined) {
      state = masks.length;
      masks.push(mask);
      stateOf.set(mask, state);
    }
    return state;
  };
  const initial = stateFor(closure(1));
  const rows: Int32Array[] = [
    new Int32Array(256),
    new Int32Array(256).fill(matched),
    new Int32Array(256).fill(nonAscii),
  ];
  for (let state = nonAscii + 1; state < masks.length; state++) {
    if (masks.length > maxStates) return undefined;
    const row = new Int32Array(256).fill(nonAscii);
    for (let code = 0; code < 128; code++) row[code] = stateFor(step(masks[state]!, code));
    rows.push(row);
  }
  const transitions = new Int32Array(rows.length * 256);
  for (const [state, row] of rows.entries()) transitions.set(row, state * 256);
  const verdicts = Int8Array.from(masks, (mask, state) =>
    state === nonAscii ? -1 : state === matched || (mask & accept) !== 0 ? 1 : 0,
  );

  return {
    automaton: { transitions, initial, verdicts },
    match(bytes, start, end) {
      let state = initial;
      for (let position = start; position < end && state > nonAscii; position++)
        state = transitions[(state << 8) | (bytes[position] as number)] as number;
      return verdicts[state] as number;
    },
  };
}

import { InvalidInputError } from '@ballast/contracts';
import { excerpt } from './excerpt';
import { type JsonNumberArray, scanJsonNumberArray } from './json-number-array';

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
// Deeper envelopes are not requests anyone sends: they take the plain JSON.parse path.
const maxDepth = 64;

const inputsKey = Buffer.from('"inputs"');
const dataKey = Buffer.from('"data"');

/** Where an input's numeric `data` array sits in the body, cut out of the text JSON.parse sees. */
interface Cut {
  input: number;
  array: JsonNumberArray;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function bytesEqual(bytes: Uint8Array, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let index = 0; index < expected.length; index++) {
    if (bytes[start + index] !== expected[index]) return false;
  }
  return true;
}

/**
 * Walks the structure of the request just far enough to find `inputs[i].data` arrays of plain
 * numbers. It does not judge the rest of the text (JSON.parse does, on what remains): it only
 * has to be right about where strings, objects and arrays begin and end, and it gives up
 * (returns `undefined`) on anything it is not sure about, which sends the whole body down the
 * plain JSON.parse path.
 */
class RequestScanner {
  at = 0;
  readonly cuts: Cut[] = [];

  constructor(readonly bytes: Buffer) {}

  private skipSpace(): void {
    while (isSpace(this.bytes[this.at])) this.at++;
  }

  /** Skips a string; returns false when it does not end, and notes whether it had escapes. */
  private skipString(): { end: number; escaped: boolean } | undefined {
    const bytes = this.bytes;
    let at = this.at + 1;
    let escaped = false;
    while (at < bytes.length) {
      const byte = bytes[at];
      if (byte === quote) {
        this.at = at + 1;
        return { end: this.at, escaped };
      }
      if (byte === backslash) {
        escaped = true;
        at += 2;
      } else at++;
    }
    return undefined;
  }

  /** Skips any value; role says whether it is the root, the inputs array or one input. */
  value(depth: number, role: 'root' | 'inputs' | 'input' | 'other', index = 0): boolean {
    if (depth > maxDepth) return false;
    this.skipSpace();
    const byte = this.bytes[this.at];
    if (byte === quote) return this.skipString() !== undefined;
    if (byte === openBrace) return this.object(depth, role, index);
    if (byte === openBracket) return this.array(depth, role);
    // Numbers and literals: up to the next delimiter; JSON.parse checks their spelling.
    const start = this.at;
    while (this.at < this.bytes.length) {
      const next = this.bytes[this.at];
      if (
        next === comma ||
        next === closeBrace ||
        next === closeBracket ||
        next === quote ||
        isSpace(next)
      ) {
        break;
      }
      this.at++;
    }
    return this.at > start;
  }

  private array(depth: number, role: 'root' | 'inputs' | 'input' | 'other'): boolean {
    this.at++;
    this.skipSpace();
    if (this.bytes[this.at] === closeBracket) {
      this.at++;
      return true;
    }
    for (let index = 0; ; index++) {
      if (!this.value(depth + 1, role === 'inputs' ? 'input' : 'other', index)) return false;
      this.skipSpace();
      const byte = this.bytes[this.at++];
      if (byte === closeBracket) return true;
      if (byte !== comma) return false;
    }
  }

  private object(depth: number, role: 'root' | 'inputs' | 'input' | 'other', index: number) {
    this.at++;
    this.skipSpace();
    if (this.bytes[this.at] === closeBrace) {
      this.at++;
      return true;
    }
    let sawInputs = false;
    let sawData = false;
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.at] !== quote) return false;
      const keyStart = this.at;
      const key = this.skipString();
      // An escaped key may spell "inputs" or "data": not worth decoding here.
      if (key === undefined || key.escaped) return false;
      this.skipSpace();
      if (this.bytes[this.at++] !== colon) return false;
      const isInputs = role === 'root' && bytesEqual(this.bytes, keyStart, key.end, inputsKey);
      const isData = role === 'input' && bytesEqual(this.bytes, keyStart, key.end, dataKey);
      // A repeated key: JSON.parse keeps the last one; simpler to leave such bodies to it.
      if ((isInputs && sawInputs) || (isData && sawData)) return false;
      sawInputs ||= isInputs;
      sawData ||= isData;
      this.skipSpace();
      let done = false;
      if (isData && this.bytes[this.at] === openBracket) {
        const array = scanJsonNumberArray(this.bytes, this.at);
        if (array !== undefined) {
          this.cuts.push({ input: index, array });
          this.at = array.end;
          done = true;
        }
      }
      if (!done && !this.value(depth + 1, isInputs ? 'inputs' : 'other')) return false;
      this.skipSpace();
      const byte = this.bytes[this.at++];
      if (byte === closeBrace) return true;
      if (byte !== comma) return false;
    }
  }
}

/** Parses a JSON body; malformed JSON is an InvalidInputError (400) with the parser's message. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new InvalidInputError({
      code: 'MALFORMED_JSON',
      message: `The request body is not valid JSON: ${excerpt((cause as Error).message, 200)}`,
      details: { field: 'body' },
      cause,
    });
  }
}

/**
 * Parses a JSON inference request. Each `inputs[i].data` that is an array of plain numbers
 * (flat or nested) comes back as a {@link JsonNumberArray} over `body` instead of a JS array,
 * so a large tensor never exists as a string and an array of doubles; everything else is
 * ordinary `JSON.parse` output. Malformed JSON is an InvalidInputError `MALFORMED_JSON` (400)
 * with the parser's message.
 */
export function parseInferenceRequestJson(body: Buffer): unknown {
  const scanner = new RequestScanner(body);
  // The scanner never throws: reads past the end give undefined, and nesting is capped.
  const found = scanner.value(0, 'root');
  if (!found || scanner.cuts.length === 0) return parseJsonBody(body);
  // The text without the cut arrays (each replaced by 0) is small: JSON.parse checks all of it.
  let text = '';
  let from = 0;
  for (const cut of scanner.cuts) {
    text += `${body.toString('utf8', from, cut.array.start)}0`;
    from = cut.array.end;
  }
  text += body.toString('utf8', from);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Report the error against the body the client sent, not the shortened text.
    return parseJsonBody(body);
  }
  const inputs = (parsed as { inputs?: unknown }).inputs;
  if (!Array.isArray(inputs)) return parseJsonBody(body);
  for (const cut of scanner.cuts) {
    const input = inputs[cut.input] as Record<string, unknown> | undefined;
    if (input === undefined || input.data !== 0) return parseJsonBody(body);
    input.data = cut.array;
  }
  return parsed;
}

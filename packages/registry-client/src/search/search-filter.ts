import { invalidParameter } from '../errors/registry-errors';

/**
 * Which entity a filter applies to; each accepts different attributes (as MLflow).
 */
export type SearchEntity = 'registered_model' | 'model_version';

/**
 * A comparison operator of MLflow's filter syntax.
 */
export type FilterComparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN';

/**
 * One `key comparator value` clause; a filter is the AND of its clauses.
 */
export interface FilterClause {
  kind: 'attribute' | 'tag';
  /** Attribute name (`name`, `run_id`, ...) or tag key. */
  key: string;
  comparator: FilterComparator;
  value: string | number | string[];
  /** Character offset of the clause in the filter string. */
  position: number;
}

interface Token {
  type: 'word' | 'quoted-key' | 'string' | 'number' | 'operator' | 'open' | 'close' | 'comma';
  text: string;
  position: number;
}

const stringComparators: FilterComparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const numberComparators: FilterComparator[] = ['=', '!=', '<', '<=', '>', '>='];
const attributeRules: Record<
  SearchEntity,
  Record<string, { comparators: FilterComparator[]; numeric?: boolean }>
> = {
  registered_model: { name: { comparators: stringComparators } },
  model_version: {
    name: { comparators: stringComparators },
    run_id: { comparators: [...stringComparators, 'IN', 'NOT IN'] },
    source_path: { comparators: stringComparators },
    version_number: { comparators: [...numberComparators, 'IN', 'NOT IN'], numeric: true },
  },
};

function filterError(filter: string, position: number, problem: string): Error {
  const near = filter.slice(position, position + 20);
  return invalidParameter(
    'filter',
    `Invalid filter at position ${position}${near ? ` (near ${JSON.stringify(near)})` : ' (end of filter)'}: ${problem}`,
    { filter, position },
  );
}

function readQuoted(filter: string, start: number, quote: string): { text: string; end: number } {
  let text = '';
  let index = start + 1;
  while (index < filter.length) {
    const character = filter[index] as string;
    if (character === '\\' && index + 1 < filter.length) {
      text += filter[index + 1];
      index += 2;
    } else if (character === quote) {
      // SQL style: a doubled quote stands for one quote character.
      if (filter[index + 1] === quote) {
        text += quote;
        index += 2;
        continue;
      }
      return { text, end: index + 1 };
    } else {
      text += character;
      index += 1;
    }
  }
  throw filterError(filter, start, `unterminated ${quote}-quoted text; close it with ${quote}.`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < filter.length) {
    const character = filter[index] as string;
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    const position = index;
    if (character === "'" || character === '"' || character === '`') {
      const { text, end } = readQuoted(filter, index, character);
      tokens.push({ type: character === '`' ? 'quoted-key' : 'string', text, position });
      index = end;
      continue;
    }
    if (character === '(' || character === ')' || character === ',') {
      tokens.push({
        type: character === '(' ? 'open' : character === ')' ? 'close' : 'comma',
        text: character,
        position,
      });
      index += 1;
      continue;
    }
    const operator = /^(!=|<>|<=|>=|=|<|>)/.exec(filter.slice(index));
    if (operator) {
      const text = operator[0] === '<>' ? '!=' : operator[0];
      tokens.push({ type: 'operator', text, position });
      index += operator[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?(?![\w.])/.exec(filter.slice(index));
    if (number) {
      tokens.push({ type: 'number', text: number[0], position });
      index += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w.-]*/.exec(filter.slice(index));
    if (word) {
      tokens.push({ type: 'word', text: word[0], position });
      index += word[0].length;
      continue;
    }
    throw filterError(filter, index, `unexpected character ${JSON.stringify(character)}.`);
  }
  return tokens;
}

/**
 * Parses MLflow's search filter syntax: clauses `key comparator value` joined by `AND`
 * (no `OR`, no parentheses). Keys are attributes (`name`, and for versions `run_id`,
 * `source_path`, `version_number`) or tags (`tags.<key>`, with backticks for keys holding
 * dots). Errors are `InvalidInputError` (`INVALID_PARAMETER_VALUE`) naming the position.
 *
 * @example
 * ```ts
 * parseSearchFilter("name = 'fraud' AND tags.`team.name` != 'x'", 'model_version');
 * // [{ kind: 'attribute', key: 'name', comparator: '=', value: 'fraud', position: 0 }, ...]
 * ```
 */
export function parseSearchFilter(
  filter: string | undefined,
  entity: SearchEntity,
): FilterClause[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let index = 0;
  const peek = () => tokens[index];
  const endPosition = filter.length;

  while (index < tokens.length) {
    const keyToken = tokens[index++] as Token;
    if (keyToken.type !== 'word' && keyToken.type !== 'quoted-key') {
      throw filterError(filter, keyToken.position, 'expected a key such as name or tags.<key>.');
    }
    let keyText = keyToken.text;
    const next = peek();
    if (keyToken.type === 'word' && keyText.endsWith('.') && next?.type === 'quoted-key') {
      keyText += next.text;
      index += 1;
    }
    const { kind, key } = classifyKey(filter, keyToken, keyText, entity);

    const comparatorToken = tokens[index++];
    const comparator = readComparator(filter, comparatorToken, tokens, () => index++);
    const rule = kind === 'tag' ? { comparators: stringComparators } : attributeRules[entity][key];
    if (!rule?.comparators.includes(comparator)) {
      throw filterError(
        filter,
        comparatorToken?.position ?? endPosition,
        `comparator ${comparator} is not supported for ${kind === 'tag' ? `tag '${key}'` : `'${key}'`}; use one of ${rule?.comparators.join(', ')}.`,
      );
    }
    const numeric = kind === 'attribute' && rule && 'numeric' in rule && rule.numeric === true;
    const value = readValue(filter, tokens, index, comparator, numeric);
    index = value.next;
    clauses.push({ kind, key, comparator, value: value.value, position: keyToken.position });

    const joiner = tokens[index];
    if (joiner === undefined) break;
    if (joiner.type === 'word' && joiner.text.toUpperCase() === 'AND') {
      index += 1;
      if (index >= tokens.length)
        throw filterError(filter, endPosition, 'expected a clause after AND.');
      continue;
    }
    if (joiner.type === 'word' && joiner.text.toUpperCase() === 'OR') {
      throw filterError(
        filter,
        joiner.position,
        'OR is not supported; MLflow filters join clauses with AND only.',
      );
    }
    throw filterError(filter, joiner.position, 'expected AND between clauses.');
  }
  return clauses;
}

function classifyKey(
  filter: string,
  token: Token,
  keyText: string,
  entity: SearchEntity,
): { kind: 'attribute' | 'tag'; key: string } {
  const dot = keyText.indexOf('.');
  const prefix = dot === -1 ? '' : keyText.slice(0, dot).toLowerCase();
  if (token.type === 'word' && (prefix === 'tags' || prefix === 'tag')) {
    const key = keyText.slice(dot + 1);
    if (key === '') throw filterError(filter, token.position, 'expected a tag key after "tags.".');
    return { kind: 'tag', key };
  }
  const attribute =
    token.type === 'word' && (prefix === 'attribute' || prefix === 'attributes')
      ? keyText.slice(dot + 1)
      : keyText;
  // Own keys only: `in` would also find "constructor" or "toString" on the prototype.
  if (!Object.hasOwn(attributeRules[entity], attribute)) {
    throw filterError(
      filter,
      token.position,
      `unknown key '${keyText}'; use tags.<key> or one of ${Object.keys(attributeRules[entity]).join(', ')}.`,
    );
  }
  return { kind: 'attribute', key: attribute };
}

function readComparator(
  filter: string,
  token: Token | undefined,
  tokens: Token[],
  advance: () => void,
): FilterComparator {
  if (token === undefined) {
    throw filterError(filter, filter.length, 'expected a comparator (=, !=, LIKE, ILIKE, IN).');
  }
  if (token.type === 'operator') return token.text as FilterComparator;
  if (token.type === 'word') {
    const upper = token.text.toUpperCase();
    if (upper === 'LIKE' || upper === 'ILIKE' || upper === 'IN') return upper;
    if (upper === 'NOT') {
      const following = tokens.find(candidate => candidate.position > token.position);
      if (following?.type === 'word' && following.text.toUpperCase() === 'IN') {
        advance();
        return 'NOT IN';
      }
    }
  }
  throw filterError(filter, token.position, 'expected a comparator (=, !=, LIKE, ILIKE, IN).');
}

function readValue(
  filter: string,
  tokens: Token[],
  start: number,
  comparator: FilterComparator,
  numeric: boolean,
): { value: string | number | string[]; next: number } {
  const token = tokens[start];
  if (token === undefined) throw filterError(filter, filter.length, 'expected a value.');
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (token.type !== 'open') {
      throw filterError(
        filter,
        token.position,
        "expected a parenthesised list such as ('a', 'b').",
      );
    }
    const values: string[] = [];
    let index = start + 1;
    for (;;) {
      const item = tokens[index];
      if (item === undefined)
        throw filterError(filter, filter.length, 'unterminated list; close it with ).');
      if (item.type !== 'string' && item.type !== 'number') {
        throw filterError(filter, item.position, 'expected a quoted value in the list.');
      }
      values.push(item.text);
      const separator = tokens[index + 1];
      if (separator?.type === 'comma') {
        index += 2;
        continue;
      }
      if (separator?.type === 'close') return { value: values, next: index + 2 };
      throw filterError(filter, separator?.position ?? filter.length, "expected ',' or ')'.");
    }
  }
  if (numeric) {
    const text = token.type === 'number' || token.type === 'string' ? token.text : '';
    if (!/^\d+$/.test(text)) throw filterError(filter, token.position, 'expected an integer.');
    return { value: Number(text), next: start + 1 };
  }
  if (token.type !== 'string') {
    throw filterError(filter, token.position, "expected a quoted string such as 'value'.");
  }
  return { value: token.text, next: start + 1 };
}

/**
 * SQL LIKE (`%` any run, `_` one character) by the greedy wildcard algorithm: at most
 * O(pattern × text) steps. A regular expression built from the pattern backtracks, so a
 * client's `'%a%a%a%a%a%b'` against a long name could hold the event loop for minutes.
 */
function likeMatches(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const wanted = Array.from(caseInsensitive ? pattern.toLowerCase() : pattern);
  const actual = Array.from(caseInsensitive ? text.toLowerCase() : text);
  let at = 0;
  let position = 0;
  // Where the last `%` was, and the text position it currently stands for the run up to.
  let star = -1;
  let starPosition = 0;
  while (position < actual.length) {
    const expected = wanted[at];
    if (expected === '%') {
      star = at++;
      starPosition = position;
    } else if (expected !== undefined && (expected === '_' || expected === actual[position])) {
      at++;
      position++;
    } else if (star >= 0) {
      at = star + 1;
      position = ++starPosition;
    } else return false;
  }
  while (wanted[at] === '%') at++;
  return at === wanted.length;
}

/**
 * Reads an entity's attributes and tags for {@link matchesFilter}.
 */
export interface FilterSubject {
  attribute(name: string): string | number | undefined;
  tag(key: string): string | undefined;
}

// MLflow special-cases this tag so that `!= 'true'` also matches entities without it.
const promptTag = 'mlflow.prompt.is_prompt';

/**
 * True when `subject` satisfies every clause. A missing tag matches no comparison, except
 * `!=` on `mlflow.prompt.is_prompt`, which MLflow treats as matching ordinary models.
 *
 * @example
 * ```ts
 * matchesFilter(parseSearchFilter("tags.team = 'risk'", 'model_version'), subject);
 * ```
 */
export function matchesFilter(clauses: FilterClause[], subject: FilterSubject): boolean {
  for (const clause of clauses) {
    const actual = clause.kind === 'tag' ? subject.tag(clause.key) : subject.attribute(clause.key);
    if (actual === undefined) {
      if (clause.kind === 'tag' && clause.key === promptTag && clause.comparator === '!=') continue;
      if (clause.comparator === 'NOT IN' || clause.comparator === '!=') {
        if (clause.kind === 'attribute') continue;
      }
      return false;
    }
    if (!compare(actual, clause)) return false;
  }
  return true;
}

function compare(actual: string | number, clause: FilterClause): boolean {
  const { comparator, value } = clause;
  switch (comparator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '<':
      return Number(actual) < (value as number);
    case '<=':
      return Number(actual) <= (value as number);
    case '>':
      return Number(actual) > (value as number);
    case '>=':
      return Number(actual) >= (value as number);
    case 'LIKE':
      return likeMatches(value as string, String(actual), false);
    case 'ILIKE':
      return likeMatches(value as string, String(actual), true);
    case 'IN':
      return (value as string[]).includes(String(actual));
    case 'NOT IN':
      return !(value as string[]).includes(String(actual));
  }
}

/**
 * Quotes a value for a filter string, escaping quotes and backslashes.
 *
 * @example
 * ```ts
 * `name = ${quoteFilterValue("o'brien")}`; // name = 'o\'brien'
 * ```
 */
export function quoteFilterValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

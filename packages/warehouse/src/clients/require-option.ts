import { InvalidInputError } from '@ballast/contracts';

/** Throws `INVALID_ENGINE_OPTION` unless `value` is a non-empty string. */
export function requireString(factory: string, name: string, value: unknown, hint: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new InvalidInputError({
    code: 'INVALID_ENGINE_OPTION',
    message: `${factory}: ${name} is required (${hint}).`,
    details: { option: name },
  });
}

/** Throws `INVALID_ENGINE_OPTION` unless `client` has the named methods. */
export function requireClient(
  factory: string,
  client: unknown,
  methods: readonly string[],
  what: string,
): void {
  const ok =
    client !== null &&
    typeof client === 'object' &&
    methods.every(method => typeof (client as Record<string, unknown>)[method] === 'function');
  if (!ok) {
    throw new InvalidInputError({
      code: 'INVALID_ENGINE_OPTION',
      message: `${factory}: client must be ${what} (with ${methods.join(', ')}).`,
      details: { option: 'client' },
    });
  }
}

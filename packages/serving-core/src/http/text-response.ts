import type { InferenceHttpRequest, InferenceHttpResponse } from './inference-server';

/**
 * A JSON answer kept as text until it is sent. `listen()` hands the text to `response.end`,
 * which writes headers and body as one string; a Buffer body makes node write a header string
 * and a buffer, which on the identity benchmark cost about 10 µs of CPU more per request.
 * `handle()` turns it into a plain `{ status, headers, body }` with a Buffer, so callers of the
 * public API never see this type. A large JSON answer comes as byte pieces instead of one string
 * (see `encodeInferenceResponseParts`), which `listen()` writes one after the other.
 */
export class TextResponse {
  constructor(
    readonly status: number,
    /** Its own object per answer: `listen()` adds `content-length` to it. */
    readonly headers: Record<string, string>,
    readonly text: string | readonly Buffer[],
  ) {}
}

/** What the server's routes produce: a finished response, or JSON still as text. */
export type ServerAnswer = InferenceHttpResponse | TextResponse;

/** The public form of an answer: the body as a Buffer. */
export function toHttpResponse(answer: ServerAnswer): InferenceHttpResponse {
  return answer instanceof TextResponse
    ? {
        status: answer.status,
        headers: answer.headers,
        body:
          typeof answer.text === 'string' ? Buffer.from(answer.text) : Buffer.concat(answer.text),
      }
    : answer;
}

/**
 * Servers that can answer with text register here (keyed by the server), so `listen()` can
 * skip the Buffer without a method on the public class. A server from another copy of the
 * package is not found and `listen()` falls back to `handle()`.
 */
export const textResponders = new WeakMap<
  object,
  (request: InferenceHttpRequest) => Promise<ServerAnswer>
>();

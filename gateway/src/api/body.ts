import type { Middleware } from 'koa';
import { HttpError } from './errors.js';
import type { AppContext, AppState } from './context.js';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json$/i;

/**
 * Reads a JSON request body into ctx.request.body, at most `limit` bytes (413 beyond), and refuses
 * any other media type (415). Requests without a body leave it undefined.
 */
export function readJsonBody(limit: number): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    const length = ctx.get('content-length');
    const hasBody = ctx.get('transfer-encoding') !== '' || (length !== '' && length !== '0');
    if (!hasBody || ctx.method === 'GET' || ctx.method === 'HEAD') return next();
    if (length !== '' && Number(length) > limit) throw tooLarge(limit);
    const mediaType = (ctx.get('content-type').split(';')[0] ?? '').trim();
    if (!JSON_TYPE.test(mediaType)) {
      throw new HttpError(415, {
        code: 'unsupported-media-type',
        detail: `Send the body as application/json, not ${mediaType || 'an unnamed type'}`,
        headers: { 'Accept-Post': 'application/json' },
      });
    }
    const text = await readText(ctx.req, limit);
    if (text.trim() !== '') {
      try {
        ctx.request.body = JSON.parse(text) as unknown;
      } catch (error) {
        throw new HttpError(400, {
          code: 'invalid-json',
          detail: `The body is not valid JSON: ${(error as Error).message}`,
        });
      }
    }
    return next();
  };
}

const tooLarge = (limit: number) =>
  new HttpError(413, {
    code: 'body-too-large',
    detail: `The request body is larger than ${limit} bytes (server.bodyLimit)`,
  });

async function readText(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    // stop reading at once: a client streaming gigabytes must not cost us the memory
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

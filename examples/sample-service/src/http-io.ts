import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body read; the admin endpoints take small JSON documents. */
const MAX_REQUEST_BYTES = 64 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES)
      throw new RequestError(413, `request body over ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; an empty body is `{}` so `POST /admin/restart` needs none. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, 'the body is not valid JSON');
  }
}

/** An error answered with its status and message as JSON. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An integer query parameter within bounds, or a 400. */
export function intParam(url: URL, name: string, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  const value = Number(raw);
  if (raw === null || !Number.isInteger(value) || value < min || value > max) {
    throw new RequestError(400, `query parameter ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

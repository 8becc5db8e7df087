import { z } from 'zod';
import { DurationString, parseDuration } from '@aether/contract';
import { HTTP_FIELD_VALUE, HTTP_TOKEN } from '../http-syntax.js';

/** Field types every part of the config schema uses, so a duration or an id means one thing. */

/** A duration string parsed to milliseconds; with a fallback it may be left out. */
export function duration(): z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>;
export function duration(
  fallback: string,
): z.ZodPipe<z.ZodDefault<z.ZodString>, z.ZodTransform<number, string>>;
export function duration(fallback?: string) {
  const toMs = (text: string) => parseDuration(text)!;
  return fallback === undefined
    ? DurationString.transform(toMs)
    : DurationString.default(fallback).transform(toMs);
}

/** The id of a service, check, operation, channel or window. */
export const Id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'an id of lowercase letters, digits, "-" or "_" (at most 64 characters)',
  );

/**
 * Headers a request sends (an HTTP check's, an operation's): names and values as HTTP allows
 * them, so a CR or LF cannot smuggle a second request and the mistake is shown at load.
 */
export const RequestHeaders = z.record(
  z.string().regex(HTTP_TOKEN, "a header name of letters, digits and !#$%&'*+.^_`|~-"),
  z.string().regex(HTTP_FIELD_VALUE, 'a header value without CR, LF or other control characters'),
);

import { expect } from 'vitest';
import { Problem } from '@aether/contract';
import type { z } from 'zod';

/** Asserts an RFC 9457 problem+json answer with this status and returns it, validated by the contract. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(await response.json());
  expect(problem.status).toBe(status);
  return problem;
}

/** Asserts a 2xx JSON answer and returns its body parsed by the contract schema (which throws on drift). */
export async function expectJson<S extends z.ZodType>(
  response: Response,
  schema: S,
  status = 200,
): Promise<z.infer<S>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(JSON.parse(text));
}

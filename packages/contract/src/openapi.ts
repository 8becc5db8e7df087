import { z } from 'zod';
import { Problem } from './common.js';
import { ROUTES, type RouteSpec } from './routes.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return rest;
};

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ROLE_NOTE: Record<RouteSpec['role'], string> = {
  none: 'No authentication.',
  viewer: 'Requires the viewer role.',
  operator: 'Requires the operator role.',
  admin: 'Requires the admin role.',
  operation: 'Requires the role the operation declares in the config.',
};

/** OpenAPI 3.1 of every route, generated from the same zod schemas the gateway validates with. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteSpec[]) {
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams: unknown[] = [];
    if (route.query) {
      const qs = jsonSchema(route.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        queryParams.push({
          name,
          in: 'query',
          required: qs.required?.includes(name) ?? false,
          schema,
        });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [code, schema] of Object.entries(route.responses)) {
      if ('text' in schema) {
        responses[code] = schema.text
          ? { description: 'OK', content: { [schema.text]: { schema: { type: 'string' } } } }
          : { description: 'No content' };
      } else {
        const failed = Number(code) >= 400;
        const type = failed ? 'application/problem+json' : 'application/json';
        responses[code] = {
          description: failed ? 'See body' : 'OK',
          content: { [type]: { schema: jsonSchema(schema, 'output') } },
          ...(!failed && route.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(route.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: 'string' } },
                  ]),
                ),
              }
            : {}),
        };
      }
    }
    responses['400'] ??= problemResponse('Invalid request');
    if (route.role !== 'none') {
      responses['401'] = problemResponse('No valid credentials');
      responses['403'] = problemResponse('Role too low');
    }
    if (route.path.includes(':')) responses['404'] = problemResponse('Not found');
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${route.path.replace(/[/:{}.-]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      description: ROLE_NOTE[route.role],
      tags: [route.tag],
      parameters: [...params, ...queryParams],
      responses,
      ...(route.role === 'none' ? { security: [] } : {}),
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    (paths[toOpenApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AETHER GRID gateway',
      version,
      description: 'Validate, observe and operate backend services.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:8080' }],
    security: [{ bearer: [] }, { session: [] }],
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({
      name,
      description: `${name} endpoints`,
    })),
    paths,
    components: {
      schemas: { Problem: jsonSchema(Problem, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'aether_session' },
      },
    },
  };
}

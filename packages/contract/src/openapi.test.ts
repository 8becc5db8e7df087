import { describe, expect, it } from 'vitest';
import { buildOpenApi, ROUTES } from './index.js';

describe('buildOpenApi', () => {
  const doc = buildOpenApi('1.2.3') as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };

  it('is OpenAPI 3.1 with every route of the table', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('documents 401/403 only where a role is required', () => {
    const health = doc.paths['/health']!.get as { responses: Record<string, unknown> };
    const services = doc.paths['/api/services']!.get as { responses: Record<string, unknown> };
    expect(health.responses['401']).toBeUndefined();
    expect(services.responses['401']).toBeDefined();
  });
});

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

  const operation = (route: (typeof ROUTES)[number]) =>
    doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]![route.method] as {
      responses: Record<string, unknown>;
    };

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'documents 401 and 403 on %s exactly when it needs a role',
    (_, route) => {
      const { responses } = operation(route);
      const needsRole = route.role !== 'none';
      expect(responses['401'] !== undefined, '401').toBe(needsRole);
      expect(responses['403'] !== undefined, '403').toBe(needsRole);
    },
  );

  it('has routes on both sides of that rule', () => {
    // otherwise the table above could pass while checking only one branch
    expect(ROUTES.some((route) => route.role === 'none')).toBe(true);
    expect(ROUTES.some((route) => route.role !== 'none')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ApiError,
  NetworkError,
  PANEL_CONTEXT_VERSION,
  contextIncompatibility,
} from './panel-runtime.js';

describe('panel runtime', () => {
  it('recognises an ApiError made by another copy of the class (shell and panel bundles)', () => {
    const foreign = Object.assign(new Error('nope'), {
      name: 'ApiError',
      status: 404,
      problem: { type: 'about:blank', title: 'Not found', status: 404 },
    });
    expect(foreign instanceof ApiError).toBe(true);
    expect(new Error('plain') instanceof ApiError).toBe(false);
    expect(Object.assign(new Error('down'), { name: 'NetworkError' }) instanceof NetworkError).toBe(
      true,
    );
    expect(
      new ApiError(500, { type: 'about:blank', title: 'Boom', status: 500 }) instanceof
        NetworkError,
    ).toBe(false);
  });

  it('accepts the same context major and refuses another', () => {
    expect(contextIncompatibility(PANEL_CONTEXT_VERSION.split('.')[0])).toBeUndefined();
    expect(contextIncompatibility('2')).toMatch(/needs panel context v2/);
  });
});

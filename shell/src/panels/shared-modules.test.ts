import { describe, expect, it } from 'vitest';
import * as React from 'react';
import * as ReactJsxRuntime from 'react/jsx-runtime';
import * as ReactDom from 'react-dom';
import * as ReactDomClient from 'react-dom/client';
import * as AetherUi from '@aether/ui';
import { hostShares, SHARED } from './shared-modules';

const major = (range: string) => Number(/\d+/.exec(range)![0]);

// Every key a panel built with @module-federation/vite asks the host for: a missing one makes the
// panel fall back to its own copy (a second React, whose hooks fail inside the shell's tree).
describe('hostShares', () => {
  it.each([
    ['react', React, SHARED.react],
    ['react/jsx-runtime', ReactJsxRuntime, SHARED.react],
    ['react-dom', ReactDom, SHARED['react-dom']],
    ['react-dom/client', ReactDomClient, SHARED['react-dom']],
    ['@aether/ui', AetherUi, SHARED['@aether/ui']],
  ])('shares the loaded %s as a singleton of the shared block', (key, module, config) => {
    const share = hostShares()[key]!;
    expect(share.lib()).toBe(module);
    expect(share.scope).toBe('default');
    expect(share.shareConfig).toMatchObject({ singleton: true, requiredVersion: config.requiredVersion });
    expect(major(share.version)).toBe(major(config.requiredVersion));
  });

  it('shares nothing else', () => {
    expect(Object.keys(hostShares()).sort()).toEqual(['@aether/ui', 'react', 'react-dom', 'react-dom/client', 'react/jsx-runtime']);
  });
});

import { describe, expect, it } from 'vitest';
import { createHostPolicy } from './allowed-hosts.js';

const allowed = createHostPolicy({
  allowedOrigins: ['https://aether.example.test', 'http://localhost:5173', 'not a url'],
  allowedHosts: ['gateway', 'edge.internal:8443'],
});

describe('Host header policy (DNS rebinding)', () => {
  it.each([
    ['localhost:8080', true],
    ['LOCALHOST', true],
    ['127.0.0.1:8080', true],
    ['10.1.2.3:8080', true],
    ['[::1]:8080', true],
    ['[::1]', true],
    ['aether.example.test', true],
    ['aether.example.test:443', true],
    ['aether.example.test.', true],
    ['gateway:8080', true],
    ['edge.internal:8443', true],
    ['edge.internal:9000', false],
    ['edge.internal', false],
    ['evil.test:8080', false],
    ['evil.test', false],
    ['localhost.evil.test', false],
    ['127.0.0.1.nip.io:8080', false],
    ['', false],
    ['user@localhost', false],
    ['localhost:8080/x', false],
    ['[::1', false],
  ])('%s → %s', (host, ok) => {
    expect(allowed(host)).toBe(ok);
  });
});

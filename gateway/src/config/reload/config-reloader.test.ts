import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus, type BusEvent } from '../../events/bus.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { ConfigError } from '../config-error.js';
import { loadConfigFile, parseConfigText } from '../load.js';
import { loadConfigTextInWorker } from '../load-in-worker.js';
import type { AetherConfig } from '../schema.js';
import { createConfigReloader, deflatedText, sha256Of } from './config-reloader.js';

const dir = mkdtempSync(join(tmpdir(), 'aether-reloader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(text: string) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  const events = new EventBus();
  const seen: BusEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const applied: string[] = [];
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const reloader = createConfigReloader({
    initial: {
      path,
      config: loadConfigFile(path, {}),
      text: deflatedText(text),
      sha256: sha256Of(text),
      loadedAt: 0,
    },
    load: (p, text) => Promise.resolve(parseConfigText(text, p, {})),
    hooks: [
      { sections: ['auth'], apply: (c: AetherConfig) => void applied.push(c.auth.anonymous) },
    ],
    events,
    clock,
    logger: pino({ level: 'silent' }),
  });
  return { path, reloader, seen, applied };
}

describe('createConfigReloader', () => {
  it.each([
    [
      'auth changed: its hook runs, nothing needs a restart',
      'auth: { anonymous: viewer }',
      ['auth'],
      [],
      ['viewer'],
    ],
    ['server changed: no part takes it live', 'server: { port: 9999 }', ['server'], ['server'], []],
    [
      'both',
      'auth: { anonymous: viewer }\nserver: { port: 9999 }',
      ['auth', 'server'],
      ['server'],
      ['viewer'],
    ],
  ])('%s', async (_, text, sections, needsRestart, hooked) => {
    const { path, reloader, seen, applied } = setup('panels: []\n');
    writeFileSync(path, `panels: []\n${text}\n`);
    const outcome = await reloader.reload('api');
    expect(outcome.kind).toBe('applied');
    expect(outcome.changes.sections).toEqual(sections);
    expect(outcome.changes.needsRestart).toEqual(needsRestart);
    expect(applied).toEqual(hooked);
    expect(seen.filter((e) => e.type === 'config')).toHaveLength(1);
  });

  it('refuses a bad file with located issues, publishes nothing and keeps the running config', async () => {
    const { path, reloader, seen } = setup('panels: []\n');
    const before = reloader.current();
    writeFileSync(path, 'panels: []\nserver: { port: "x" }\n');
    const error = (await reloader.reload('file').catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues[0]).toMatchObject({ file: path, line: 2 });
    expect(reloader.current()).toBe(before);
    expect(reloader.current().text()).toBe('panels: []\n');
    expect(seen).toEqual([]);
  });

  it('keeps the text of the file it applied, as written, for GET /api/config', async () => {
    const { path, reloader } = setup('panels: []\n');
    // multi-byte characters, a BOM and CRLF come back as read
    const written = '\uFEFF# café ☕ — 設定\r\npanels: []\r\nserver: { port: 9003 }\r\n';
    writeFileSync(path, written);
    const outcome = await reloader.reload('api');
    expect(outcome.kind).toBe('applied');
    expect(outcome.running.text()).toBe(written);
    expect(reloader.current().text()).toBe(written);
  });

  it('serializes reloads: two at once apply the file once, the second finds it unchanged', async () => {
    const { path, reloader, seen } = setup('panels: []\n');
    writeFileSync(path, 'panels: []\nserver: { port: 9999 }\n');
    const [a, b] = await Promise.all([reloader.reload('file'), reloader.reload('sighup')]);
    expect([a.kind, b.kind]).toEqual(['applied', 'unchanged']);
    expect(seen.filter((e) => e.type === 'config')).toHaveLength(1);
  });

  it('applies the bytes it hashed: a write right after its read is the next reload, not a config under the old hash', async () => {
    const first = 'panels: []\nserver: { port: 9001 }\n';
    const second = 'panels: []\nserver: { port: 9002 }\n';
    const path = join(dir, 'written-meanwhile.yaml');
    writeFileSync(path, 'panels: []\n');
    const reloader = createConfigReloader({
      initial: {
        path,
        config: loadConfigFile(path, {}),
        text: deflatedText('panels: []\n'),
        sha256: sha256Of('panels: []\n'),
        loadedAt: 0,
      },
      // the next version is written as soon as this one has been read
      read: async (p) => {
        const text = await readFile(p, 'utf8');
        if (text === first) writeFileSync(p, second);
        return text;
      },
      load: (p, text) => loadConfigTextInWorker(text, p, {}),
      events: new EventBus(),
      clock: new FakeClock(Date.UTC(2026, 0, 1)),
      logger: pino({ level: 'silent' }),
    });
    writeFileSync(path, first);
    const applied = await reloader.reload('file');
    expect(applied.kind).toBe('applied');
    expect(applied.running.sha256).toBe(sha256Of(first));
    expect(applied.running.text()).toBe(first);
    expect(applied.running.config.server.port).toBe(9001);
    const next = await reloader.reload('file');
    expect(next.kind).toBe('applied');
    expect(next.running.sha256).toBe(sha256Of(second));
    expect(next.running.config.server.port).toBe(9002);
  });
});

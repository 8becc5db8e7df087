import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { parseConfigText } from '../config/load.js';
import { deflatedText, sha256Of } from '../config/reload/index.js';
import { EventBus } from '../events/bus.js';
import { buildGateway } from './build-gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'aether-start-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('shows the hash of the text the gateway started from, even when the file changed while it started', async () => {
  const configPath = join(dir, 'aether.config.yaml');
  const started = 'panels: []\nstorage: { sqlite: ":memory:" }\nserver: { port: 9001 }\n';
  const writtenMeanwhile = 'panels: []\nstorage: { sqlite: ":memory:" }\nserver: { port: 9002 }\n';
  // the start read and loaded `started`; the file was rewritten before the reloader was made
  writeFileSync(configPath, writtenMeanwhile);
  const built = await buildGateway({
    config: parseConfigText(started, configPath, {}),
    configPath,
    configText: deflatedText(started),
    version: 'test',
    clock: new FakeClock(Date.UTC(2026, 0, 1)),
    logger: pino({ level: 'silent' }),
    events: new EventBus(),
    processMetrics: false,
  });
  try {
    const running = built.configReloader.current();
    expect(running.sha256).toBe(sha256Of(started));
    expect(running.config.server.port).toBe(9001);
    // so the file written meanwhile is a change, applied by the next reload
    const outcome = await built.configReloader.reload('file');
    expect(outcome.kind).toBe('applied');
    expect(outcome.running.config.server.port).toBe(9002);
  } finally {
    await built.close();
  }
});

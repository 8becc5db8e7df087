import { describe, expect, it } from 'vitest';
import { createShellServices } from './shell-services';

describe('createShellServices', () => {
  it('opens the event stream without the fleet snapshot: every consumer reads its own first state', () => {
    const opened: string[] = [];
    class RecordingEventSource {
      static readonly CLOSED = 2;
      readyState = 0;
      constructor(url: string) {
        opened.push(url);
      }
      addEventListener() {}
      close() {}
    }
    const services = createShellServices({
      gatewayUrl: 'http://gateway.test',
      EventSourceImpl: RecordingEventSource as unknown as typeof EventSource,
    });
    services.events.start();
    services.events.stop();
    expect(opened).toEqual(['http://gateway.test/api/events?snapshot=false']);
  });
});

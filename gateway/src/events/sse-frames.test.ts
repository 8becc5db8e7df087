import { describe, expect, it } from 'vitest';
import { snapshotFrame } from './sse-frames.js';

const servicesOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `Service "${i}"`, status: 'up' }));
const AT = '2026-12-07T12:00:00.000Z';

describe('snapshotFrame', () => {
  it.each([0, 1, 999, 1000, 1001, 2500])(
    'writes the same frame as one JSON.stringify of %i services',
    async (n) => {
      const services = servicesOf(n);
      const made = (await snapshotFrame(42, services, AT)).toString();
      expect(made).toBe(
        `id: 42\nevent: snapshot\ndata: ${JSON.stringify({ services, at: AT })}\n\n`,
      );
    },
  );

  it('lets the loop run between slices', async () => {
    const turns: number[] = [];
    let slicesDone = false;
    const tick = () => {
      turns.push(turns.length);
      if (!slicesDone) setImmediate(tick);
    };
    setImmediate(tick);
    await snapshotFrame(1, servicesOf(5000), AT);
    slicesDone = true;
    // five slices: the loop turned between them
    expect(turns.length).toBeGreaterThanOrEqual(4);
  });
});

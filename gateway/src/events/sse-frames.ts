import type { BusEvent } from './bus.js';
import { jsonArrayInSlices } from '../json-slices.js';

/**
 * Server-Sent Events frames, built once per event however many clients receive it. The frame
 * is a Buffer: a socket's write queue keeps a reference to it rather than a copy, so a thousand
 * clients (or a hundred slow ones) share one frame's memory, and JSON.stringify runs once per
 * event instead of once per client. (A stream joins the frames of one loop turn into one chunk
 * of its own: event-streams.ts.)
 *
 * Only the latest event's frame is kept: the bus hands an event to every stream in one go, so
 * they all ask for it before the next one, and a resume (rare) makes its replay's frames again.
 * A frame per event kept for as long as the bus's replay ring holds the event (a WeakMap) was
 * 10,000 frames at 1,000 results a second: 4.8 MiB (3.5 external, 1.3 heap) held for a few resumes.
 */
let latestEvent: BusEvent | undefined;
let latestFrame: Buffer | undefined;

export function frameOf(event: BusEvent): Buffer {
  if (latestEvent === event) return latestFrame!;
  latestFrame = Buffer.from(
    `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`,
  );
  latestEvent = event;
  return latestFrame;
}

/** Services serialized per turn of the loop while a snapshot frame is made. */
const SNAPSHOT_SLICE = 1000;

/**
 * The snapshot frame of a service list, with the data `{"services":[…],"at":…}`, made
 * SNAPSHOT_SLICE services per turn of the loop. At 30,000 services one JSON.stringify held the
 * loop for 0.3 s of a CPU profile (more with the list it read), and the probes due meanwhile went
 * out late all at once. The list and its entries are the caller's snapshot: neither may change
 * while it is made.
 */
export async function snapshotFrame(
  id: number,
  services: readonly unknown[],
  at: string,
): Promise<Buffer> {
  return Buffer.concat([
    Buffer.from(`id: ${id}\nevent: snapshot\ndata: {"services":`),
    ...(await jsonArrayInSlices(services, SNAPSHOT_SLICE)),
    Buffer.from(`,"at":${JSON.stringify(at)}}\n\n`),
  ]);
}

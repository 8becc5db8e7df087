import type { BusEvent } from './bus.js';

/**
 * Server-Sent Events frames, built once per event however many clients receive it. The frame
 * is a Buffer: a socket's write queue keeps a reference to it rather than a copy, so a thousand
 * clients (or a hundred slow ones) share one frame's memory, and JSON.stringify runs once per
 * event instead of once per client.
 */
const frames = new WeakMap<BusEvent, Buffer>();

export function frameOf(event: BusEvent): Buffer {
  let frame = frames.get(event);
  if (!frame) {
    frame = Buffer.from(
      `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`,
    );
    frames.set(event, frame);
  }
  return frame;
}

/** A frame for something that is not a bus event (the snapshot), with the id a client resumes from. */
export function frame(id: number, type: string, data: unknown): Buffer {
  return Buffer.from(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

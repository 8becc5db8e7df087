/**
 * Splits a Server-Sent Events stream into frames (the text between blank lines) as chunks
 * arrive. A gateway's snapshot of 30,000 services is one frame of megabytes over hundreds of
 * chunks: it keeps the pieces in a list and searches only the new chunk for the blank line,
 * instead of appending to one string and searching it all again at every chunk (quadratic).
 * The gateway ends lines with \n alone.
 */
export class SseFrameSplitter {
  private parts: string[] = [];
  private endsWithNewline = false;

  push(text: string): string[] {
    if (text === '') return [];
    const frames: string[] = [];
    let from = 0;
    if (this.endsWithNewline && text.startsWith('\n')) {
      // the blank line straddles two chunks: the frame is what came before, less its \n
      frames.push(this.parts.join('').slice(0, -1));
      this.parts = [];
      from = 1;
    }
    for (;;) {
      const end = text.indexOf('\n\n', from);
      if (end < 0) break;
      this.parts.push(text.slice(from, end));
      frames.push(this.parts.join(''));
      this.parts = [];
      from = end + 2;
    }
    const rest = text.slice(from);
    if (rest) this.parts.push(rest);
    this.endsWithNewline = rest ? rest.endsWith('\n') : false;
    return frames.filter((f) => f !== '');
  }
}

export interface SseFrame {
  event: string;
  data: string;
}

/** The event name (default `message`) and data of one frame; comments (`: …`) are skipped. */
export function parseSseFrame(frame: string): SseFrame {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return { event, data: data.join('\n') };
}

import { describe, expect, it } from 'vitest';
import { SseFrameSplitter, parseSseFrame } from './sse-frames.js';

describe('SseFrameSplitter', () => {
  const stream =
    'id: 1\nevent: snapshot\ndata: {"a":1}\n\n: heartbeat\n\nid: 2\nevent: status\ndata: {"b":2}\n\n';
  const frames = [
    'id: 1\nevent: snapshot\ndata: {"a":1}',
    ': heartbeat',
    'id: 2\nevent: status\ndata: {"b":2}',
  ];

  it.each([
    ['in one chunk', [stream]],
    ['one character a chunk (blank lines split across chunks)', [...stream]],
    ['in chunks of 7', stream.match(/[\s\S]{1,7}/g)!],
    ['with a blank line split right after a frame’s \\n', [stream.slice(0, 36), stream.slice(36)]],
  ])('gives the same frames %s', (_, chunks) => {
    const splitter = new SseFrameSplitter();
    expect(chunks.flatMap((c) => splitter.push(c))).toEqual(frames);
  });

  it('holds a frame back until its blank line arrives', () => {
    const splitter = new SseFrameSplitter();
    expect(splitter.push('event: status\ndata: {}\n')).toEqual([]);
    expect(splitter.push('')).toEqual([]);
    expect(splitter.push('\n')).toEqual(['event: status\ndata: {}']);
  });
});

describe('parseSseFrame', () => {
  it.each([
    ['id: 3\nevent: status\ndata: {"x":1}', { event: 'status', data: '{"x":1}' }],
    ['data: a\ndata: b', { event: 'message', data: 'a\nb' }],
    [': comment\nevent:result\ndata:{}', { event: 'result', data: '{}' }],
  ])('%j', (frame, expected) => {
    expect(parseSseFrame(frame)).toEqual(expected);
  });
});

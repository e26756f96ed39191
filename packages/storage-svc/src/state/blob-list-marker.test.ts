import { describe, expect, it } from 'vitest';
import { decodeBlobListMarker, encodeBlobListMarker } from './blob-list-marker.js';

describe('blob list markers', () => {
  it('carry the name and snapshot of the last listed entry', () => {
    const snapshot = '2026-01-01T00:00:00.0000000Z';
    expect(decodeBlobListMarker(encodeBlobListMarker({ name: 'a/b.txt', snapshot }))).toEqual({
      name: 'a/b.txt',
      snapshot,
    });
    expect(decodeBlobListMarker(encodeBlobListMarker({ name: '1!odd name' }))).toEqual({
      name: '1!odd name',
    });
  });

  it('read anything else as a bare blob name', () => {
    expect(decodeBlobListMarker('photos/cat.png')).toEqual({ name: 'photos/cat.png' });
    expect(decodeBlobListMarker('1!not base64 json')).toEqual({ name: '1!not base64 json' });
  });
});

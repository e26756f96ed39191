/** Where a blob listing stopped: the last entry's blob name, and its snapshot time (none for a base blob). */
export interface BlobListPosition {
  name: string;
  snapshot?: string | undefined;
}

const prefix = '1!';

/**
 * Markers are opaque, as Azure's are (`2!96!…`): a bare blob name cannot say which of a blob's snapshots a
 * page ended on, so with `include=snapshots` the next page skipped the rest of them. The marker carries the
 * name and the snapshot of the last entry listed.
 */
export function encodeBlobListMarker(position: BlobListPosition): string {
  const json = JSON.stringify([position.name, position.snapshot ?? null]);
  return `${prefix}${Buffer.from(json, 'utf8').toString('base64url')}`;
}

/** The position a marker stands for; anything else is read as a bare blob name (after it and its snapshots). */
export function decodeBlobListMarker(marker: string): BlobListPosition {
  if (marker.startsWith(prefix)) {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(marker.slice(prefix.length), 'base64url').toString());
      if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string') {
        const [name, snapshot] = decoded;
        if (snapshot === null) return { name };
        if (typeof snapshot === 'string') return { name, snapshot };
      }
    } catch {
      // not one of ours: fall through to a bare name
    }
  }
  return { name: marker };
}

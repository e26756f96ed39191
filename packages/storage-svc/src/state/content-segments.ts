import type { Segment, StoredBlob } from './documents.js';

/**
 * Every piece of encrypted content a blob document points at: its segments and, for a page blob, its pages.
 * Whatever frees or counts a blob's bytes goes through this, so a new content field cannot be forgotten in one
 * place and not another (page-blob pages were once left out and leaked on delete and rewrite).
 */
export function contentSegments(blob: Pick<StoredBlob, 'segments' | 'pages'>): Segment[] {
  return [...blob.segments, ...(blob.pages ?? [])];
}

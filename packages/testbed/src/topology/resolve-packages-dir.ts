import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `packages/` folder. This module sits at `packages/testbed/{src,dist}/topology/`, the same
 * depth whether vitest runs the source or node runs the build, so three levels up is always `packages/`.
 */
export function resolvePackagesDir(moduleUrl: string = import.meta.url): string {
  return resolve(dirname(fileURLToPath(moduleUrl)), '..', '..', '..');
}

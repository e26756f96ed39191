import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePackagesDir } from './resolve-packages-dir.js';

describe('resolvePackagesDir', () => {
  it('finds the same packages folder from the source and from the build', () => {
    expect(resolvePackagesDir('file:///repo/packages/testbed/src/topology/resolve-packages-dir.ts')).toBe(
      '/repo/packages',
    );
    expect(resolvePackagesDir('file:///repo/packages/testbed/dist/topology/resolve-packages-dir.js')).toBe(
      '/repo/packages',
    );
  });

  it('points at the real packages folder of this repository by default', () => {
    const packagesDir = resolvePackagesDir();
    expect(existsSync(join(packagesDir, 'testbed', 'package.json'))).toBe(true);
    expect(existsSync(join(packagesDir, 'storage-svc'))).toBe(true);
  });
});

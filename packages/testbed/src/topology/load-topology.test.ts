import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTopology } from './load-topology.js';
import { TopologyError } from './topology-error.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'topology-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadTopology', () => {
  it('loads a YAML topology', async () => {
    const path = await file(
      'two.yaml',
      'regions:\n  - name: eastus\n    storageNodes: 2\n  - name: westeurope\n    egressIp: 10.2.0.9\nnats:\n  mode: supercluster\n',
    );
    const topology = await loadTopology(path);
    expect(topology.regions.map((r) => [r.name, r.storageNodes, r.egressIp])).toEqual([
      ['eastus', 2, '10.1.0.1'],
      ['westeurope', 1, '10.2.0.9'],
    ]);
    expect(topology.nats.mode).toBe('supercluster');
  });

  it('loads a JSON topology', async () => {
    const path = await file('one.json', JSON.stringify({ regions: [{ name: 'eastus' }], entraReplicas: 2 }));
    await expect(loadTopology(path)).resolves.toMatchObject({ entraReplicas: 2 });
  });

  it('names the file, the path inside it and the reason for an invalid value', async () => {
    const path = await file(
      'bad.yaml',
      'regions:\n  - name: eastus\n  - name: westeurope\n    storageNodes: 0\n',
    );
    const error = await loadTopology(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as TopologyError).message).toMatch(
      new RegExp(`^invalid topology ${path}: regions\\[1\\]\\.storageNodes: .*>=1`),
    );
    expect((error as TopologyError).issues).toEqual([
      { path: 'regions[1].storageNodes', reason: expect.any(String) },
    ]);
  });

  it('lists every problem when there are several', async () => {
    const path = await file(
      'worse.yaml',
      'regions:\n  - name: eastus\n    keyvaultReplicas: 0\nentraReplicas: -1\n',
    );
    await expect(loadTopology(path)).rejects.toThrow(
      /2 problems[\s\S]*regions\[0\]\.keyvaultReplicas[\s\S]*entraReplicas/,
    );
  });

  it('reports YAML syntax errors with file and line', async () => {
    const path = await file('broken.yaml', 'regions:\n  - name: eastus\n   storageNodes: [1\n');
    await expect(loadTopology(path)).rejects.toThrow(
      new RegExp(`invalid topology ${path}[\\s\\S]*line 3, column 1: Sequence item without - indicator\n`),
    );
  });

  it('reports a missing file as a TopologyError naming it', async () => {
    const path = join(dir, 'absent.yaml');
    await expect(loadTopology(path)).rejects.toThrow(
      new RegExp(`invalid topology ${path}: \\(root\\): cannot read file`),
    );
  });
});

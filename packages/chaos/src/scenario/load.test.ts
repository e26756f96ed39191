import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandScenarioPaths, loadScenarioFile } from './load.js';

const good = `name: fine
description: proves nothing in particular (test fixture)
setup:
  tenants: [{ name: contoso }]
  vaults: [{ name: kv1, tenant: contoso, region: eastus }]
steps:
  - do: keyvault.getVault
    with: { vault: kv1 }
`;

describe('loading scenario files', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const refusal = async (name: string, text: string) => {
    const loaded = await loadScenarioFile(await file(name, text), dir);
    if (loaded.ok) throw new Error(`${name} was accepted`);
    return loaded.error;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cmk-scenarios-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a valid YAML file and the same scenario as JSON', async () => {
    const yaml = await loadScenarioFile(await file('a.yaml', good), dir);
    expect(yaml.ok && yaml.scenario.setup.vaults[0]).toMatchObject({
      purgeProtection: false,
      authorization: 'rbac',
    });
    const json = await loadScenarioFile(
      await file('b.json', JSON.stringify({ name: 'fine', description: 'd', steps: [{ do: 'clock.now' }] })),
      dir,
    );
    expect(json.ok).toBe(true);
  });

  it('names the file, line and column of a YAML syntax error', async () => {
    expect(await refusal('broken.yaml', 'name: x\nsteps: [\n  - do: a\n')).toMatch(
      /^broken\.yaml: not valid YAML at line \d+, column \d+/,
    );
  });

  it('names the file of a JSON syntax error', async () => {
    expect(await refusal('broken.json', '{"name": ')).toMatch(/^broken\.json: not valid JSON/);
  });

  it('names the path and reason of every schema problem', async () => {
    const error = await refusal(
      'schema.yaml',
      'name: Not Kebab\nsteps:\n  - do: storage.getBlob\n    with: {}\n    expect: { status: 99, colour: red }\n',
    );
    expect(error).toContain('schema.yaml: ');
    expect(error).toContain('name: kebab-case');
    expect(error).toContain('description: required');
    expect(error).toContain('steps[0].expect: unknown field(s) colour');
    expect(error).toMatch(/steps\[0\]\.expect\.status: /);
  });

  it('refuses references to undeclared names, duplicate names and unknown operations', async () => {
    const error = await refusal(
      'refs.yaml',
      `name: refs
description: d
setup:
  tenants: [{ name: contoso }, { name: contoso }]
  vaults: [{ name: kv1, tenant: fabrikam, region: eastus }]
  access: [{ vault: kv2, principal: { identity: nobody }, role: Key Vault Reader }]
steps:
  - do: storage.getBlobz
  - do: storage.getBlob
    as: { identity: nobody }
`,
    );
    expect(error).toContain("setup.tenants[1].name: 'contoso' is already declared as tenant");
    expect(error).toContain("setup.vaults[0].tenant: no tenant named 'fabrikam' in setup");
    expect(error).toContain("setup.access[0].vault: no vault named 'kv2' in setup");
    expect(error).toContain("setup.access[0].principal.identity: no identity named 'nobody' in setup");
    expect(error).toContain("steps[0].do: 'storage' has no operation 'getBlobz'");
    expect(error).toContain('steps[1].as: only keyvault steps act as a principal');
  });

  it('refuses a symbolic name too long to scope', async () => {
    expect(
      await refusal('long.yaml', good.replace('{ name: contoso }', '{ name: averyveryverylongtenant }')),
    ).toContain('setup.tenants[0].name: at most 14 characters');
  });

  it('expands directories to their scenario files in name order and names a missing path', async () => {
    const sub = join(dir, 'lib');
    await mkdir(sub);
    await writeFile(join(sub, '02-b.yaml'), good);
    await writeFile(join(sub, '01-a.json'), '{}');
    await writeFile(join(sub, 'notes.md'), '# not a scenario');
    expect(await expandScenarioPaths([sub])).toEqual([join(sub, '01-a.json'), join(sub, '02-b.yaml')]);
    await expect(expandScenarioPaths([join(dir, 'missing')])).rejects.toThrow(
      /missing: no such file or directory/,
    );
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await expect(expandScenarioPaths([empty])).rejects.toThrow(
      /holds no \.yaml, \.yml or \.json scenario file/,
    );
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchForTest, type TestTestbed } from '../launch/launch-for-test.js';
import type { CliIo } from './io.js';
import { runCli } from './run-cli.js';

const world = `setup:
  tenants: [{ name: contoso }]
  identities: [{ name: uami1, tenant: contoso }]
  vaults: [{ name: kv1, tenant: contoso, region: eastus, purgeProtection: true }]
  keys: [{ vault: kv1, name: cmk, kty: RSA, size: 2048 }]
  access:
    - { vault: kv1, principal: { identity: uami1 }, role: Key Vault Crypto Service Encryption User }
  accounts:
    - name: acct1
      tenant: contoso
      region: eastus
      identity: { type: UserAssigned, userAssignedIdentities: [uami1] }
      encryption:
        keySource: Microsoft.Keyvault
        keyvaultproperties: { keyvaulturi: "https://kv1.vault.azure.net", keyname: cmk }
        identity: { userAssignedIdentity: uami1 }
`;

const passing = `name: revoke-then-restore
description: fixture — disabling the key denies Get Blob after the cache TTL (cmk-overview-2024.txt)
${world}steps:
  - do: storage.createContainer
    with: { account: acct1, container: data }
  - do: storage.putBlob
    with: { account: acct1, container: data, blob: b1, body: hello }
  - do: chaos.inject
    with: { kind: key-disable, target: { vault: kv1, key: cmk } }
    save: { fault: faultId }
  - do: clock.advance
    with: { by: PT11M }
  - do: storage.getBlob
    with: { account: acct1, container: data, blob: b1 }
    expect: { status: 403, code: KeyVaultEncryptionKeyNotFound }
  - do: chaos.clear
    with: { faultId: "\${fault}" }
  - do: clock.advance
    with: { by: PT11M }
  - do: storage.getBlob
    with: { account: acct1, container: data, blob: b1 }
    expect: { match: { body: hello } }
`;

/** Expects a 403 that never comes: the key is fine. */
const failing = `name: wrong-expectation
description: fixture — deliberately wrong
${world}steps:
  - do: storage.createContainer
    with: { account: acct1, container: data }
  - do: storage.putBlob
    with: { account: acct1, container: data, blob: b1, body: hello }
  - do: storage.getBlob
    with: { account: acct1, container: data, blob: b1 }
    expect: { status: 403, code: KeyVaultEncryptionKeyNotFound }
  - do: storage.deleteBlob
    with: { account: acct1, container: data, blob: b1 }
`;

const badSetup = `name: bad-setup
description: fixture — the vault has no purge protection, so CMK is refused at account creation
${world.replace('purgeProtection: true', 'purgeProtection: false')}steps:
  - do: clock.now
`;

describe('cmk-testbed run', () => {
  let t: TestTestbed;
  let dir: string;
  const lines: { out: string[]; err: string[] } = { out: [], err: [] };
  const io: CliIo = { out: (s) => lines.out.push(s), err: (s) => lines.err.push(s) };

  beforeAll(async () => {
    t = await launchForTest();
    dir = await mkdtemp(join(tmpdir(), 'cmk-run-'));
    await writeFile(join(dir, '01-passing.yaml'), passing);
    await writeFile(join(dir, '02-failing.yaml'), failing);
    await writeFile(join(dir, '03-malformed.yaml'), 'name: malformed\nsteps: 42\n');
    await writeFile(join(dir, '04-bad-setup.yaml'), badSetup);
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs every file, reports each failure precisely, writes the three reports and exits 1', async () => {
    const report = join(dir, 'report');
    const code = await runCli(
      ['run', dir, '--connect', t.testbed.natsUrl, '--report', report, '--seed', '7'],
      io,
    );
    expect(code).toBe(1);
    const progress = lines.err.join('\n');
    expect(progress).toMatch(/\[1\/4\] ✓ revoke-then-restore/);
    expect(progress).toMatch(/\[2\/4\] ✗ wrong-expectation/);
    expect(progress).toContain(
      'step 3 storage.getBlob: expected 403 KeyVaultEncryptionKeyNotFound, got success',
    );
    expect(progress).toMatch(/\[3\/4\] ! 03-malformed/);
    expect(progress).toMatch(/03-malformed\.yaml: description: required; steps: /);
    expect(progress).toMatch(/\[4\/4\] ! bad-setup/);
    expect(progress).toMatch(/setup\.accounts\[0\] \(acct1\): 400 /);
    expect(lines.out.join('\n')).toContain('1 of 4 scenarios passed');

    const json = JSON.parse(await readFile(join(report, 'report.json'), 'utf8'));
    const [ok, wrong] = json.scenarios;
    expect(json.seed).toBe(7);
    expect(ok.steps.map((s: { outcome: string }) => s.outcome)).toEqual(Array(8).fill('passed'));
    // The fault injected at step 3 is in force at step 5 and shown with the scenario's own names.
    expect(ok.steps[4].faults).toEqual([
      expect.objectContaining({ kind: 'key-disable', target: { vault: 'kv1', key: 'cmk' } }),
    ]);
    expect(ok.steps[3].clockAfter - ok.steps[3].clockBefore).toBeGreaterThanOrEqual(11 * 60_000);
    expect(wrong.steps.map((s: { outcome: string }) => s.outcome)).toEqual([
      'passed',
      'passed',
      'failed',
      'skipped',
    ]);

    const junit = await readFile(join(report, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/tests="4"/);
    expect(junit).toContain(
      'step 3 storage.getBlob: expected 403 KeyVaultEncryptionKeyNotFound, got success',
    );
    const html = await readFile(join(report, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('scopes names per run: the same scenario passes again on the same testbed', async () => {
    await writeFile(join(dir, 'again.yaml'), passing);
    const code = await runCli(
      ['run', join(dir, 'again.yaml'), '--connect', t.testbed.natsUrl, '--report', join(dir, 'r2')],
      io,
    );
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a bad seed and a missing path clearly', async () => {
    expect(await runCli(['run', dir, '--seed', 'x', '--connect', t.testbed.natsUrl], io)).toBe(2);
    expect(lines.err.at(-1)).toContain("--seed must be an integer, got 'x'");
    expect(await runCli(['run', join(dir, 'nope.yaml'), '--connect', t.testbed.natsUrl], io)).toBe(1);
    expect(lines.err.at(-1)).toContain('nope.yaml: no such file or directory');
  });
});

describe('cmk-testbed chaos and clock', () => {
  let t: TestTestbed;
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s) };

  beforeAll(async () => {
    t = await launchForTest();
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('injects, lists, clears and resets faults', async () => {
    const url = t.testbed.natsUrl;
    expect(
      await runCli(
        [
          'chaos',
          'inject',
          'vault-latency',
          '--region',
          'eastus',
          '--ms',
          '5',
          '--duration',
          'PT1H',
          '--connect',
          url,
        ],
        io,
      ),
    ).toBe(0);
    const faultId = out.at(-1)!;
    expect(faultId).toMatch(/^f-[0-9a-f]{12}$/);
    expect(err.at(-1)).toMatch(/^injected vault-latency on region=eastus, until .* \(testbed time\)/);
    expect(await runCli(['chaos', 'list', '--connect', url], io)).toBe(0);
    expect(out.at(-1)).toContain(faultId);
    expect(await runCli(['chaos', 'clear', faultId, '--connect', url], io)).toBe(0);
    expect(await runCli(['chaos', 'list', '--connect', url], io)).toBe(0);
    expect(out.at(-1)).toBe('no faults in force');
    expect(
      await runCli(['chaos', 'inject', 'message-drop', '--probability', '0.5', '--connect', url], io),
    ).toBe(0);
    expect(await runCli(['chaos', 'reset', '--connect', url], io)).toBe(0);
    expect(err.at(-1)).toBe('cleared 1 fault(s)');
  });

  it('refuses bad verbs and values, naming them', async () => {
    const url = t.testbed.natsUrl;
    expect(await runCli(['chaos', 'explode', '--connect', url], io)).toBe(2);
    expect(err.at(-1)).toContain("chaos: expected inject, clear, list or reset, got 'explode'");
    expect(await runCli(['chaos', 'inject', 'vault-latency', '--ms', 'soon', '--connect', url], io)).toBe(2);
    expect(err.at(-1)).toContain("--ms must be a number, got 'soon'");
    expect(await runCli(['chaos', 'inject', 'no-such-kind', '--connect', url], io)).toBe(1);
    expect(err.at(-1)).toMatch(/400 InvalidInput: .*kind/);
    expect(await runCli(['chaos', 'clear', 'f-000000000000', '--connect', url], io)).toBe(1);
    expect(err.at(-1)).toContain('404 FaultNotFound');
  });

  it('clock now prints the testbed time, how far it is ahead of real time and the revision', async () => {
    const url = t.testbed.natsUrl;
    const reading = /^(\S+) {2}\(testbed clock (\d+\.\d{3}) days ahead of real time, revision (\d+)\)$/;
    const parse = (line: string | undefined) => {
      const match = reading.exec(line ?? '');
      expect(match, line).not.toBeNull();
      return { iso: match![1]!, days: Number(match![2]), revision: Number(match![3]) };
    };
    expect(await runCli(['clock', 'now', '--connect', url], io)).toBe(0);
    const before = parse(out.at(-1));
    expect(new Date(before.iso).toISOString()).toBe(before.iso);

    expect(await runCli(['clock', 'advance', 'P1D', '--connect', url], io)).toBe(0);
    const advanced = parse(out.at(-1));
    expect(await runCli(['clock', 'now', '--connect', url], io)).toBe(0);
    const after = parse(out.at(-1));
    // `now` reads the clock the advance moved: one day further ahead, at the revision the advance made.
    expect(after.days).toBeCloseTo(before.days + 1, 2);
    expect(after.revision).toBe(advanced.revision);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(Date.parse(after.iso) - Date.parse(before.iso)).toBeGreaterThanOrEqual(86_400_000);
  });

  it('clock now takes no argument', async () => {
    expect(await runCli(['clock', 'now', 'PT1H', '--connect', t.testbed.natsUrl], io)).toBe(2);
    expect(err.at(-1)).toContain("clock now: unexpected 'PT1H'");
  });
});

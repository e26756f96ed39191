import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeProcess, isAlive, pidsOf, runCli, startCli } from './run-cli.js';

describe('cmk-testbed up / status / clock / down, through the CLI', () => {
  let home: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'cmk-e2e-'));
  });

  afterEach(async () => {
    // Whatever a failed test left running is stopped here, so no run leaks processes into the next.
    await runCli(['down'], home);
    await rm(home, { recursive: true, force: true });
  });

  it('up --detach starts the default topology, status lists it, down leaves no process behind', async () => {
    const up = await runCli(['up', '--detach'], home);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/NATS nats:\/\/127\.0\.0\.1:\d+/);

    const status = await runCli(['status'], home);
    expect(status.code, status.stderr).toBe(0);
    for (const name of [
      'nats-main-1',
      'entra-1',
      'keyvault-eastus-1',
      'storage-eastus-2',
      'storage-westeurope-1',
      'chaos-1',
    ]) {
      expect(status.stdout).toMatch(new RegExp(`^${name}\\s+\\S+\\s+\\d+\\s+running`, 'm'));
    }
    const pids = pidsOf(status.stdout);
    expect(pids).toHaveLength(8);
    const supervisorPid = JSON.parse(await readFile(join(home, 'current.json'), 'utf8')).pid as number;

    const advanced = await runCli(['clock', 'advance', 'P2D'], home);
    expect(advanced.code, advanced.stderr).toBe(0);
    expect(advanced.stdout).toMatch(/2\.000 days ahead/);

    const down = await runCli(['down'], home);
    expect(down.code, down.stderr).toBe(0);
    for (const pid of [...pids, supervisorPid]) expect(isAlive(pid), describeProcess(pid)).toBe(false);
    await expect(readFile(join(home, 'current.json'))).rejects.toThrow(/ENOENT/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'a foreground up stopped with %s leaves no process behind',
    async (signal) => {
      const up = startCli(['up'], home);
      let stdout = '';
      up.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => up.once('exit', (code) => resolve(code)));
      try {
        await expect.poll(() => stdout, { timeout: 60_000 }).toMatch(/chaos-1\s+global\s+\d+\s+running/);
        const pids = pidsOf(stdout);
        expect(pids).toHaveLength(8);
        up.kill(signal);
        expect(await exited).not.toBeNull();
        for (const pid of pids) expect(isAlive(pid), describeProcess(pid)).toBe(false);
      } finally {
        if (up.exitCode === null) up.kill('SIGKILL');
      }
    },
  );

  it('says how to start a testbed when none is running', async () => {
    const status = await runCli(['status'], home);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(
      /No testbed found: .*current\.json does not exist\. Start one with 'cmk-testbed up --detach'/,
    );
  });

  it('refuses a bad command line with the usage and exit code 2', async () => {
    const bad = await runCli(['up', '--topologee', 'x.yaml'], home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--topologee'/);
    expect(bad.stderr).toMatch(/Usage: cmk-testbed/);
  });

  it('refuses an invalid topology file, naming the file, the path and the reason', async () => {
    const file = join(home, 'bad.yaml');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(file, 'regions:\n  - name: eastus\n    storageNodes: 0\n'),
    );
    const up = await runCli(['up', '--topology', file], home);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/bad\.yaml/);
    expect(up.stderr).toMatch(/regions\[0\]\.storageNodes/);
  });
});

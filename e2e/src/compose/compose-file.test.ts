import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serviceEnvSchema } from '@cmk-testbed/shared';
import {
  defaultTopology,
  dockerSupervisorEnvSchema,
  type ProcessSpec,
  processLabels,
  serviceCatalog,
} from '@cmk-testbed/testbed';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ComposeFile, type ComposeService, readComposeFile, repoRoot } from './compose-file.js';
import { type ComposeProcess, composeProcesses, supervisorService } from './compose-processes.js';
import { composeTopology, planTopology, type TopologyPlan } from './compose-topology.js';
import { interpolateCompose } from './interpolate-compose.js';
import { type NatsConf, parseNatsConf } from './read-nats-conf.js';

// No container engine runs where this repository is built, so docker-compose.yml is checked for what it says:
// the same processes, identities and wiring the supervisor would start for the default topology.

let compose: ComposeFile;
let plan: TopologyPlan;
let processes: ComposeProcess[];
let dockerfile: string;

beforeAll(async () => {
  compose = await readComposeFile();
  plan = await planTopology(composeTopology);
  processes = composeProcesses(compose);
  dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
});

const oneShot = 'scenarios';
const serviceOf = (name: string): ComposeService => {
  const p = processes.find((x) => x.name === name);
  if (!p) throw new Error(`no compose service labelled as process ${name}`);
  return compose.services[p.service]!;
};
const servicePlans = (): ProcessSpec[] => plan.processes.filter((p) => p.kind !== 'nats-server');
const natsProcesses = () => processes.filter((p) => p.kind === 'nats-server');
const envOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v ?? ''))]),
  );
const dependsOn = (service: ComposeService): Record<string, { condition?: string }> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, {}]))
    : (service.depends_on ?? {});
const networksOf = (service: ComposeService): string[] =>
  Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
const commandOf = (service: ComposeService): string[] =>
  Array.isArray(service.command) ? service.command : (service.command ?? '').split(/\s+/).filter(Boolean);

async function natsConfOf(service: ComposeService): Promise<NatsConf> {
  const configArg = commandOf(service).indexOf('--config');
  const configPath = commandOf(service)[configArg + 1];
  const mount = (service.volumes ?? []).find((v) => v.split(':')[1] === configPath);
  if (configArg < 0 || !mount) throw new Error(`no mounted --config file in ${JSON.stringify(service)}`);
  return parseNatsConf(await readFile(join(repoRoot, mount.split(':')[0]!), 'utf8'));
}

/** `nats://host:4222` -> `host`. */
const hostOf = (url: string) => new URL(url).hostname;

describe('docker-compose.yml runs the default topology', () => {
  it('differs from the default topology only in its NATS layout', () => {
    expect({ ...composeTopology, nats: defaultTopology.nats }).toEqual(defaultTopology);
    expect(composeTopology.nats).toEqual({
      mode: 'supercluster',
      serversPerCluster: 1,
      jetstreamReplicas: 1,
    });
  });

  it('has a service for every process the supervisor would start, the supervisor, and no other', () => {
    expect(processes.map((p) => p.name).sort()).toEqual(plan.processes.map((p) => p.name).sort());
    expect(new Set(processes.map((p) => p.service)).size).toBe(processes.length);
    expect(Object.keys(compose.services).sort()).toEqual(
      [...processes.map((p) => p.service), supervisorService, oneShot].sort(),
    );
  });

  it('labels each process with the kind and region the supervisor reports', () => {
    for (const spec of plan.processes) {
      const labelled = processes.find((p) => p.name === spec.name);
      expect(labelled, spec.name).toMatchObject({ kind: spec.kind, region: spec.region });
    }
  });

  it('gives each service the identity and settings the supervisor would', () => {
    const compared = [
      'CMK_SERVICE',
      'CMK_INSTANCE',
      'CMK_REGION',
      'CMK_EGRESS_IP',
      'CMK_JS_REPLICAS',
      'LOG_LEVEL',
    ];
    expect(servicePlans().length).toBeGreaterThan(0);
    for (const spec of servicePlans()) {
      const env = envOf(serviceOf(spec.name));
      for (const key of compared) expect(env[key], `${spec.name} ${key}`).toBe(spec.env[key]);
      // Nothing closes a container's stdin to stop it, so the supervised flag must be off.
      expect(env.CMK_SUPERVISED, spec.name).toBe('0');
    }
  });

  it('connects each service to the NATS cluster of its region, as the supervisor would', () => {
    for (const spec of servicePlans()) {
      const plannedClusters = spec.env
        .NATS_URL!.split(',')
        .map((url) => plan.nats.servers.find((s) => s.clientPort === Number(new URL(url).port))!.cluster);
      const composed = envOf(serviceOf(spec.name))
        .NATS_URL!.split(',')
        .map((url) => {
          const server = natsProcesses().find((p) => p.service === hostOf(url));
          expect(server, `${spec.name} NATS_URL ${url} names a nats service`).toBeDefined();
          expect(new URL(url).port).toBe('4222');
          return server!.region;
        });
      expect(composed.sort(), spec.name).toEqual(plannedClusters.sort());
    }
  });

  it('sets variables every service parses, and the shared secrets of vaults and storage nodes', () => {
    for (const spec of servicePlans()) {
      const env = envOf(serviceOf(spec.name));
      expect(serviceEnvSchema.safeParse(env).success, spec.name).toBe(true);
      if (spec.kind === 'keyvault') expect(env.CMK_KEYVAULT_MASTER_SECRET?.length).toBeGreaterThanOrEqual(16);
      if (spec.kind === 'storage') expect(env.CMK_STORAGE_PLATFORM_SECRET?.length).toBeGreaterThanOrEqual(16);
    }
  });
});

describe('docker-compose.yml health and start order', () => {
  it('gives every testbed process a healthcheck: $SRV.PING for services, /healthz for nats-server', async () => {
    const script = await readFile(join(repoRoot, 'docker/healthcheck.mjs'), 'utf8');
    expect(script).toContain('$SRV.PING.');
    expect(script).toContain('metadata?.instance === instance');
    for (const p of processes) {
      const test = compose.services[p.service]!.healthcheck?.test;
      expect(Array.isArray(test) && test[0] === 'CMD', p.name).toBe(true);
      if (p.kind === 'nats-server') expect((test as string[]).join(' '), p.name).toContain(':8222/healthz');
      else expect(test, p.name).toEqual(['CMD', 'node', '/app/docker/healthcheck.mjs']);
    }
  });

  it('starts every service after both NATS servers are healthy, and only on healthy dependencies', () => {
    const natsServices = natsProcesses().map((p) => p.service);
    for (const [name, service] of Object.entries(compose.services)) {
      const deps = dependsOn(service);
      for (const [dep, { condition }] of Object.entries(deps)) {
        expect(compose.services[dep], `${name} depends on unknown ${dep}`).toBeDefined();
        expect(condition, `${name} -> ${dep}`).toBe('service_healthy');
      }
      if (!natsServices.includes(name))
        expect(Object.keys(deps), name).toEqual(expect.arrayContaining(natsServices));
    }
  });

  it('puts every service on the one network it declares', () => {
    const declared = Object.keys(compose.networks ?? {});
    expect(declared).toHaveLength(1);
    for (const [name, service] of Object.entries(compose.services))
      expect(networksOf(service), name).toEqual(declared);
  });

  it('publishes the eastus NATS server, the one clients outside compose use, on a host port', () => {
    const eastus = natsProcesses().find((p) => p.region === 'eastus')!;
    const ports = compose.services[eastus.service]!.ports ?? [];
    expect(ports.map((p) => interpolateCompose(p))).toEqual(['127.0.0.1:4222:4222']);
    expect(
      ports.map((p) => interpolateCompose(p, { CMK_NATS_PORT: '41000', CMK_NATS_BIND: '0.0.0.0' })),
    ).toEqual(['0.0.0.0:41000:4222']);
  });
});

describe('docker-compose.yml NATS supercluster', () => {
  it('runs the official nats image, one server per region, each with its own config', async () => {
    const regions = composeTopology.regions.map((r) => r.name);
    expect(natsProcesses().map((p) => p.region)).toEqual(regions);
    for (const p of natsProcesses()) {
      expect(compose.services[p.service]!.image, p.name).toMatch(/^nats:\d+\.\d+(\.\d+)?-alpine$/);
      const conf = await natsConfOf(compose.services[p.service]!);
      expect(conf.server_name, p.name).toBe(p.name);
      expect(conf.listen).toBe('0.0.0.0:4222');
      expect(conf.http).toBe('0.0.0.0:8222');
      expect(conf.jetstream, `${p.name} enables JetStream`).toMatchObject({ store_dir: expect.any(String) });
    }
  });

  it('forms one cluster per region whose routes stay inside the region', async () => {
    for (const p of natsProcesses()) {
      const cluster = (await natsConfOf(compose.services[p.service]!)).cluster as NatsConf;
      expect(cluster.name, p.name).toBe(p.region);
      const routes = cluster.routes as string[];
      expect(routes.length, p.name).toBeGreaterThan(0);
      for (const route of routes) {
        const peer = natsProcesses().find((x) => x.service === hostOf(route));
        expect(peer?.region, `${p.name} route ${route}`).toBe(p.region);
        expect(new URL(route).port).toBe(String(cluster.listen).split(':')[1]);
      }
    }
  });

  it('joins the clusters with gateways, each naming every region at its server gateway address', async () => {
    const regions = composeTopology.regions.map((r) => r.name).sort();
    for (const p of natsProcesses()) {
      const gateway = (await natsConfOf(compose.services[p.service]!)).gateway as NatsConf;
      expect(gateway.name, p.name).toBe(p.region);
      const entries = gateway.gateways as NatsConf[];
      expect(entries.map((g) => g.name).sort(), p.name).toEqual(regions);
      for (const entry of entries) {
        for (const url of entry.urls as string[]) {
          const target = natsProcesses().find((x) => x.service === hostOf(url));
          expect(target?.region, `${p.name} gateway ${entry.name} -> ${url}`).toBe(entry.name);
          const targetGateway = (await natsConfOf(compose.services[target!.service]!)).gateway as NatsConf;
          expect(new URL(url).port).toBe(String(targetGateway.listen).split(':')[1]);
        }
      }
    }
  });
});

describe('the image', () => {
  const appServices = () => Object.entries(compose.services).filter(([, s]) => !s.image?.startsWith('nats:'));

  it('is built once from the root Dockerfile for every testbed service and the one-shot', () => {
    expect(appServices().map(([name]) => name)).toEqual(
      expect.arrayContaining([
        oneShot,
        supervisorService,
        ...servicePlans().map((s) => processes.find((p) => p.name === s.name)!.service),
      ]),
    );
    const images = new Set<string | undefined>();
    for (const [name, service] of appServices()) {
      expect(service.build, name).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      images.add(service.image);
    }
    expect(images.size).toBe(1);
  });

  it('runs as a non-root user on a slim Node 20 base, with a $SRV.PING healthcheck', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ARG reference, not a template.
    expect(froms.every((f) => f === '${NODE_IMAGE}')).toBe(true);
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "\/app\/docker\/healthcheck\.mjs"\]$/m);
  });

  it('carries every workspace package: its manifest for production installs and its build output', async () => {
    const packages = (await readdir(join(repoRoot, 'packages'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(packages.length).toBeGreaterThan(0);
    for (const pkg of packages) {
      expect(dockerfile, pkg).toContain(`COPY packages/${pkg}/package.json packages/${pkg}/`);
      expect(dockerfile, pkg).toContain(`COPY --from=build /src/packages/${pkg}/dist packages/${pkg}/dist`);
    }
    expect(dockerfile).toContain('COPY e2e/package.json e2e/');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('starts the service CMK_SERVICE names from the package the supervisor would run', async () => {
    const entrypoint = await readFile(join(repoRoot, 'docker/entrypoint.sh'), 'utf8');
    const table = Object.fromEntries(
      [...entrypoint.matchAll(/^\s+([a-z]+)\) package=([a-z-]+) ;;$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(table).toEqual(
      Object.fromEntries(Object.entries(serviceCatalog).map(([kind, entry]) => [kind, entry.packageDir])),
    );
    expect(dockerfile).toContain('ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]');
  });

  it('leaves dependencies and build output out of the build context', async () => {
    const ignored = (await readFile(join(repoRoot, '.dockerignore'), 'utf8')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });

  it('names no registry host: images come from the engine default registry', () => {
    const references = [
      ...Object.values(compose.services).map((s) => s.image ?? ''),
      ...[...dockerfile.matchAll(/^(?:FROM|ARG NODE_IMAGE=)\s*(\S+)/gm)].map((m) => m[1]!),
    ];
    expect(references.length).toBeGreaterThan(2);
    for (const ref of references) {
      // A registry host is a first path part with a dot or a port (or localhost): `example.org/x`, `host:5000/x`.
      const parts = ref.split('/');
      if (parts.length > 1) expect(parts[0], ref).not.toMatch(/[.:]|^localhost$/);
    }
  });
});

describe('the scenarios one-shot service', () => {
  it('runs the built-in scenario library against the eastus NATS server and keeps the reports', async () => {
    const service = compose.services[oneShot]!;
    const command = commandOf(service);
    expect(command.slice(0, 3)).toEqual(['cmk-testbed', 'run', 'packages/chaos/scenarios']);
    const connect = command[command.indexOf('--connect') + 1]!;
    const eastus = natsProcesses().find((p) => p.region === 'eastus')!;
    expect(hostOf(connect)).toBe(eastus.service);
    const report = command[command.indexOf('--report') + 1];
    expect(report).toBe('/reports');
    expect(service.volumes).toContain(`reports:${report}`);
    const library = await readdir(join(repoRoot, 'packages/chaos/scenarios'));
    expect(library.filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(0);
    expect(dockerfile).toContain('COPY --from=build /src/packages/chaos/scenarios packages/chaos/scenarios');
  });

  it('waits for every testbed process to be healthy, and is neither health-checked nor restarted', () => {
    const service = compose.services[oneShot]!;
    expect(Object.keys(dependsOn(service)).sort()).toEqual(
      [...processes.map((p) => p.service), supervisorService].sort(),
    );
    for (const [name, dependency] of Object.entries(dependsOn(service)))
      expect(dependency.condition, name).toBe('service_healthy');
    expect(service.healthcheck).toEqual({ disable: true });
    expect(service.restart).toBe('no');
  });
});

describe('the supervisor service', () => {
  const supervisor = () => compose.services[supervisorService]!;

  it('runs the Docker supervisor from the testbed package with a valid environment', async () => {
    const env = envOf(supervisor());
    expect(env.CMK_SERVICE).toBe('testbed');
    const entrypoint = await readFile(join(repoRoot, 'docker/entrypoint.sh'), 'utf8');
    expect(entrypoint).toMatch(
      /if \[ "\$\{CMK_SERVICE:-\}" = "testbed" \]; then\n\s+exec node \/app\/packages\/testbed\/dist\/docker\/docker-supervisor-main\.js\n/,
    );
    await expect(
      readFile(join(repoRoot, 'packages/testbed/src/docker/docker-supervisor-main.ts'), 'utf8'),
    ).resolves.toContain('serveDockerSupervisor');
    const parsed = dockerSupervisorEnvSchema.safeParse(env);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(hostOf(env.NATS_URL!)).toBe(natsProcesses().find((p) => p.region === 'eastus')!.service);
  });

  it("mounts the engine's socket where the supervisor looks, as root, and is not itself a testbed process", () => {
    const service = supervisor();
    const socket = dockerSupervisorEnvSchema.parse({ CMK_INSTANCE: 'supervisor' }).DOCKER_SOCKET;
    expect((service.volumes ?? []).map((v) => interpolateCompose(v).split(':')[1])).toContain(socket);
    expect(service.user).toBe('root');
    expect(service.labels?.[processLabels.name]).toBeUndefined();
    expect(service.healthcheck?.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.mjs']);
    expect(Object.keys(dependsOn(service)).sort()).toEqual(
      natsProcesses()
        .map((p) => p.service)
        .sort(),
    );
  });
});

// Container healthcheck: exit 0 when this container's service instance answers `$SRV.PING` (NATS services
// API, ADR-32), exactly the readiness the supervisor waits for. docker-compose runs it inside the image, where
// `nats` resolves from the production node_modules. It reads the same variables the service does.
import { connect, Empty } from 'nats';

const timeoutMs = 2000;
const {
  CMK_SERVICE: service,
  CMK_INSTANCE: instance,
  NATS_URL: natsUrl = 'nats://127.0.0.1:4222',
} = process.env;
const serviceName = `cmk-${service}`;
const servers = natsUrl.split(',').map((s) => s.trim());

function fail(reason) {
  process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

if (!service || !instance) fail('CMK_SERVICE and CMK_INSTANCE must be set');

let nc;
try {
  nc = await connect({ servers, name: `healthcheck-${instance}`, timeout: timeoutMs, reconnect: false });
} catch (error) {
  fail(`cannot reach NATS at ${servers.join(',')}: ${error.message}`);
}
try {
  // Every replica of the service answers the same PING: only a reply from this instance counts.
  const replies = await nc.requestMany(`$SRV.PING.${serviceName}`, Empty, { maxWait: timeoutMs });
  for await (const msg of replies) {
    if (msg.data.length === 0) break;
    const body = JSON.parse(new TextDecoder().decode(msg.data));
    if (body.metadata?.instance === instance) {
      await nc.close();
      process.exit(0);
    }
  }
  fail(`${instance} did not answer $SRV.PING.${serviceName} within ${timeoutMs} ms`);
} catch (error) {
  // NATS answers "no responders" (503) when no instance of the service is on the bus at all.
  fail(
    error.code === '503'
      ? `no instance of ${serviceName} answers $SRV.PING yet`
      : `$SRV.PING.${serviceName} failed: ${error.message}`,
  );
}

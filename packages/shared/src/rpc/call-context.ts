import { randomUUID } from 'node:crypto';
import { type MsgHdrs, headers as natsHeaders } from 'nats';

/** Who is calling: service name, instance name and region of the calling process. */
export interface Caller {
  service: string;
  instance: string;
  region: string;
}

/**
 * The caller's network origin as the vault firewall sees it: egress IP, optional subnet (a virtual network
 * rule matches it) and whether the caller is a trusted Azure service (the `AzureServices` bypass).
 */
export interface NetworkOrigin {
  ip: string;
  subnetId?: string | undefined;
  trustedService: boolean;
}

export interface CallContext {
  requestId: string;
  /** Absolute deadline, epoch ms of real time (deadlines are about real waiting, not the testbed clock). */
  deadline: number;
  caller: Caller;
  origin: NetworkOrigin;
  /** The testbed clock revision the caller had seen; the callee catches up to it before handling. */
  clockRevision: number;
}

/**
 * The whole call context travels in one header, `Cmk-Call`, as space-separated fields:
 *
 *   <requestId> <deadline epoch ms> <service>/<instance>/<region> <ip>|<subnetId or ->|<trusted 0 or 1> <clockRevision>
 *
 * One header instead of nine: nats.js validates and encodes every header value, and nine of them cost about a
 * quarter of the throughput of a small request (measured by bench/rpc-throughput.ts). The values are tokens
 * (names, ids, IPs, ARM subnet ids) that never contain spaces; the origin uses `|` since subnet ids hold `/`.
 */
export const callHeader = 'Cmk-Call';

export const anonymousCaller: Caller = { service: 'external', instance: 'external', region: 'none' };
export const publicOrigin: NetworkOrigin = { ip: '203.0.113.10', trustedService: false };

export function newRequestId(): string {
  return randomUUID();
}

export function writeCallContext(ctx: CallContext): MsgHdrs {
  const h = natsHeaders();
  const { caller, origin } = ctx;
  h.set(
    callHeader,
    `${ctx.requestId} ${ctx.deadline} ${caller.service}/${caller.instance}/${caller.region} ${origin.ip}|${origin.subnetId || '-'}|${origin.trustedService ? 1 : 0} ${ctx.clockRevision}`,
  );
  return h;
}

/**
 * Reads the call context of an incoming request. A missing or malformed header (a raw `nats req`, a fuzzer)
 * gets safe defaults: an anonymous public caller and the server's default deadline.
 */
export function readCallContext(h: MsgHdrs | undefined, defaultTimeoutMs: number, now: number): CallContext {
  const fields = h?.get(callHeader).split(' ') ?? [];
  const [requestId, deadlineText, callerText, originText, revisionText] = fields;
  const deadline = Number(deadlineText);
  const revision = Number(revisionText);
  const [service, instance, region] = callerText?.split('/') ?? [];
  const [ip, subnetId, trusted] = originText?.split('|') ?? [];
  return {
    requestId: requestId || newRequestId(),
    deadline: deadline > 0 ? deadline : now + defaultTimeoutMs,
    caller: {
      service: service || anonymousCaller.service,
      instance: instance || anonymousCaller.instance,
      region: region || anonymousCaller.region,
    },
    origin: {
      ip: ip || publicOrigin.ip,
      subnetId: subnetId && subnetId !== '-' ? subnetId : undefined,
      trustedService: trusted === '1',
    },
    // biome-ignore lint/complexity/useMathMinMax: Math.max would let NaN (a malformed header) through.
    clockRevision: revision > 0 ? revision : 0,
  };
}

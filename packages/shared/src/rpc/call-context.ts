import { randomUUID } from 'node:crypto';
import { type MsgHdrs, headers as natsHeaders } from 'nats';
import { clockRevisionHeader } from './reply-headers.js';

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

const H = {
  requestId: 'Cmk-Request-Id',
  deadline: 'Cmk-Deadline',
  callerService: 'Cmk-Caller-Service',
  callerInstance: 'Cmk-Caller-Instance',
  callerRegion: 'Cmk-Caller-Region',
  originIp: 'Cmk-Origin-Ip',
  originSubnet: 'Cmk-Origin-Subnet',
  originTrusted: 'Cmk-Origin-Trusted',
  clockRevision: clockRevisionHeader,
} as const;

export const anonymousCaller: Caller = { service: 'external', instance: 'external', region: 'none' };
export const publicOrigin: NetworkOrigin = { ip: '203.0.113.10', trustedService: false };

export function newRequestId(): string {
  return randomUUID();
}

export function writeCallContext(ctx: CallContext): MsgHdrs {
  const h = natsHeaders();
  h.set(H.requestId, ctx.requestId);
  h.set(H.deadline, String(ctx.deadline));
  h.set(H.callerService, ctx.caller.service);
  h.set(H.callerInstance, ctx.caller.instance);
  h.set(H.callerRegion, ctx.caller.region);
  h.set(H.originIp, ctx.origin.ip);
  if (ctx.origin.subnetId) h.set(H.originSubnet, ctx.origin.subnetId);
  h.set(H.originTrusted, ctx.origin.trustedService ? '1' : '0');
  if (ctx.clockRevision > 0) h.set(H.clockRevision, String(ctx.clockRevision));
  return h;
}

/**
 * Reads the call context of an incoming request. Missing headers (a raw `nats req`, a fuzzer) get safe
 * defaults: an anonymous public caller and the server's default deadline.
 */
export function readCallContext(h: MsgHdrs | undefined, defaultTimeoutMs: number, now: number): CallContext {
  const get = (k: string): string | undefined => {
    const v = h?.get(k);
    return v === undefined || v === '' ? undefined : v;
  };
  const deadline = Number(get(H.deadline));
  const revision = Number(get(H.clockRevision));
  return {
    requestId: get(H.requestId) ?? newRequestId(),
    deadline: Number.isFinite(deadline) && deadline > 0 ? deadline : now + defaultTimeoutMs,
    caller: {
      service: get(H.callerService) ?? anonymousCaller.service,
      instance: get(H.callerInstance) ?? anonymousCaller.instance,
      region: get(H.callerRegion) ?? anonymousCaller.region,
    },
    origin: {
      ip: get(H.originIp) ?? publicOrigin.ip,
      subnetId: get(H.originSubnet),
      trustedService: get(H.originTrusted) === '1',
    },
    clockRevision: Number.isFinite(revision) && revision > 0 ? revision : 0,
  };
}

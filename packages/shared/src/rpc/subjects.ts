import type { Contract } from './contract.js';

/** The root of every testbed subject. This file is the only place that spells it. */
const root = 'cmk';

const scopeTokenPattern = /^[a-z0-9][a-z0-9-]*$/;

/** The scope token of a global service. */
export const globalScope = 'global';

function checkScope(scope: string): string {
  if (!scopeTokenPattern.test(scope)) {
    throw new Error(`Scope '${scope}' is not a valid subject token (lowercase letters, digits and '-')`);
  }
  return scope;
}

/**
 * `cmk.<service>.<scope>.<operation>`: scope is a region name for regional services (keyvault, storage) and
 * `global` otherwise. Every subject of the testbed is derived here.
 */
export function operationSubject(contract: Contract, scope: string, operation: string): string {
  return `${root}.${contract.service}.${checkScope(scope)}.${operation}`;
}

/** `cmk.<service>.<scope>.>`: everything one scope of a service serves, for taps and fuzzers. */
export function serviceSubjects(contract: Contract, scope: string): string {
  return `${root}.${contract.service}.${checkScope(scope)}.>`;
}

/** `cmk.events.<service>.<scope>.<event>`: where a service publishes domain events (key changes, ...). */
export function eventSubject(service: string, scope: string, event: string): string {
  return `${root}.events.${service}.${checkScope(scope)}.${event}`;
}

/** Every event of a service in every scope, for subscribers such as storage nodes watching all vaults. */
export function eventSubjects(service: string): string {
  return `${root}.events.${service}.>`;
}

/** `cmk.audit.<service>.<scope>.<name>`: an audit record (kept in a JetStream stream). */
export function auditSubject(service: string, scope: string, name: string): string {
  return `${root}.audit.${service}.${checkScope(scope)}.${name}`;
}

/** Every audit subject of a service, for the stream that keeps them. */
export function auditSubjects(service: string): string {
  return `${root}.audit.${service}.>`;
}

/** The queue group shared by the replicas of one service in one scope. */
export function queueGroup(contract: Contract, scope: string): string {
  return `${contract.service}-${checkScope(scope)}`;
}

/** Resolves the scope token for a contract: regional contracts need a region, global ones ignore it. */
export function scopeFor(contract: Contract, region: string | undefined): string {
  if (contract.scope === 'global') return globalScope;
  if (!region) throw new Error(`Service '${contract.service}' is regional: a region is required`);
  return region;
}

import type { FaultKind } from './fault-kind.js';
import { processKill } from './process/process-kill.js';
import { processPause } from './process/process-pause.js';
import { processRestart } from './process/process-restart.js';
import { messageDrop, regionLatency, regionPartition } from './region-faults.js';
import { accessRevoke } from './semantic/access-revoke.js';
import { denyAccess } from './semantic/deny-access.js';
import { federatedCredentialRemove } from './semantic/federated-credential-remove.js';
import { firewallDeny } from './semantic/firewall-deny.js';
import { identityDelete } from './semantic/identity-delete.js';
import { keyDelete } from './semantic/key-delete.js';
import { keyDisable } from './semantic/key-disable.js';
import { keyExpire } from './semantic/key-expire.js';
import { servicePrincipalRemove } from './semantic/service-principal-remove.js';
import { subscriptionMove } from './semantic/subscription-move.js';
import { systemIdentityDisable } from './semantic/system-identity-disable.js';
import { serviceFaults } from './service-faults.js';
import { clockSkew } from './time/clock-skew.js';

/** Every fault kind the controller can inject, by name: the scenario format's whole catalogue. */
export const faultKinds: ReadonlyMap<string, FaultKind> = new Map(
  [
    ...serviceFaults('keyvault'),
    ...serviceFaults('entra'),
    regionPartition,
    regionLatency,
    messageDrop,
    keyDisable,
    keyDelete,
    keyExpire,
    accessRevoke,
    firewallDeny,
    denyAccess,
    identityDelete,
    systemIdentityDisable,
    federatedCredentialRemove,
    servicePrincipalRemove,
    subscriptionMove,
    processKill,
    processRestart,
    processPause,
    clockSkew,
  ].map((k) => [k.kind, k]),
);

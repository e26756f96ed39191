import {
  KvDocuments,
  openStateBucket,
  type ServicePrincipal,
  type Subscription,
  type SystemAssignedIdentity,
  type Tenant,
  type UserAssignedIdentity,
} from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import {
  type Attachments,
  attachmentsSchema,
  type StoredApplication,
  servicePrincipalSchema,
  storedApplicationSchema,
  subscriptionSchema,
  systemAssignedIdentitySchema,
  type TenantKeys,
  tenantKeysSchema,
  tenantSchema,
  userAssignedIdentitySchema,
} from './documents.js';

/** The JetStream KV bucket holding the directory. */
export const entraBucketName = 'cmk-entra';

/**
 * The directory in JetStream, one document kind per prefix. ARM ids are compared case-insensitively, as
 * Azure does, so they are keyed lowercased.
 */
export class EntraStore {
  readonly tenants: KvDocuments<Tenant>;
  readonly subscriptions: KvDocuments<Subscription>;
  readonly userAssigned: KvDocuments<UserAssignedIdentity>;
  readonly systemAssigned: KvDocuments<SystemAssignedIdentity>;
  readonly attachments: KvDocuments<Attachments>;
  readonly applications: KvDocuments<StoredApplication>;
  readonly servicePrincipals: KvDocuments<ServicePrincipal>;
  readonly signingKeys: KvDocuments<TenantKeys>;

  private constructor(kv: Awaited<ReturnType<typeof openStateBucket>>) {
    this.tenants = new KvDocuments(kv, 'tenant', tenantSchema);
    this.subscriptions = new KvDocuments(kv, 'subscription', subscriptionSchema);
    this.userAssigned = new KvDocuments(kv, 'uami', userAssignedIdentitySchema);
    this.systemAssigned = new KvDocuments(kv, 'sami', systemAssignedIdentitySchema);
    this.attachments = new KvDocuments(kv, 'attach', attachmentsSchema);
    this.applications = new KvDocuments(kv, 'app', storedApplicationSchema);
    this.servicePrincipals = new KvDocuments(kv, 'sp', servicePrincipalSchema);
    this.signingKeys = new KvDocuments(kv, 'keys', tenantKeysSchema);
  }

  static async open(nc: NatsConnection, replicas = 1): Promise<EntraStore> {
    return new EntraStore(await openStateBucket(nc, entraBucketName, replicas));
  }
}

/** The key of an ARM id: Azure compares them without regard to case. */
export function armKey(id: string): string {
  return id.toLowerCase();
}

export function servicePrincipalKey(tenantId: string, appId: string): string {
  return `${tenantId}/${appId}`;
}

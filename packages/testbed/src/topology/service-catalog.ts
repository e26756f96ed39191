/** Per service kind: the workspace package holding its main.js and the name it registers with the services API. */
export const serviceCatalog = {
  entra: { packageDir: 'entra-svc', serviceName: 'cmk-entra' },
  keyvault: { packageDir: 'keyvault-svc', serviceName: 'cmk-keyvault' },
  storage: { packageDir: 'storage-svc', serviceName: 'cmk-storage' },
  chaos: { packageDir: 'chaos', serviceName: 'cmk-chaos' },
} as const;

export type ServiceKind = keyof typeof serviceCatalog;

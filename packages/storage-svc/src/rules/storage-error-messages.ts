// Sources, all under learn.microsoft.com/rest/api/storageservices/ (English "User message" column):
//   [common] common-rest-api-error-codes   [blob] blob-service-error-codes   [file] file-service-error-codes
//   [queue] queue-service-error-codes      [table] table-service-error-codes
// The three Key Vault codes are on [common] (facts §1); their English texts come from Microsoft's own test code
// (microsoft/healthcare-shared-components, AzureStorageErrorExtensionsTests.cs), except where noted.

/** A documented storage error: its HTTP status and Azure's English message (without RequestId/Time). */
export interface StorageErrorMessage {
  readonly status: number;
  readonly message: string;
}

/** The storage error codes the emulator uses, with Azure's documented status and message. */
export const storageErrorMessages = {
  // CMK failures [common]
  KeyVaultEncryptionKeyNotFound: {
    status: 403,
    message: 'The key vault key is not found to unwrap the encryption key.',
  },
  KeyVaultVaultNotFound: { status: 403, message: 'The key vault is not found for encryption.' },
  // Wording unconfirmed (facts §12): only a translated copy of [common] was found, which reads roughly "the key
  // vault access token cannot be acquired from Microsoft Entra using this resource's identity". Our choice.
  KeyVaultAccessTokenCannotBeAcquired: {
    status: 403,
    message: 'The access token for the key vault cannot be acquired.',
  },
  // [common] lists four ServerBusy texts (also ingress/egress/operations over the account limit); this is the
  // generic one, used when the emulator is told to throttle.
  ServerBusy: {
    status: 503,
    message: 'The server is currently unable to receive requests. Please retry your request.',
  },
  // [blob]
  BlobNotFound: { status: 404, message: 'The specified blob does not exist.' },
  BlobAlreadyExists: { status: 409, message: 'The specified blob already exists.' },
  ContainerNotFound: { status: 404, message: 'The specified container does not exist.' },
  ContainerAlreadyExists: { status: 409, message: 'The specified container already exists.' },
  InvalidBlockList: { status: 400, message: 'The specified block list is invalid.' },
  // [blob] Blob service error codes page.
  InvalidBlockId: {
    status: 400,
    message: 'The specified block ID is invalid. The block ID must be Base64-encoded.',
  },
  InvalidPageRange: { status: 416, message: 'The page range specified is invalid.' },
  InvalidBlobType: { status: 409, message: 'The blob type is invalid for this operation.' },
  BlockCountExceedsLimit: {
    status: 409,
    message: 'The committed block count cannot exceed the maximum limit of 50,000 blocks.',
  },
  // [blob] documents "blob/container" as a placeholder; the service says one or the other. Blob leases are the
  // emulator's case, so the blob wording.
  LeaseIdMissing: {
    status: 412,
    message: 'There is currently a lease on the blob and no lease ID was specified in the request.',
  },
  LeaseAlreadyPresent: { status: 409, message: 'There is already a lease present.' },
  // [blob] Blob service error codes page.
  LeaseIdMismatchWithBlobOperation: {
    status: 412,
    message: 'The lease ID specified did not match the lease ID for the blob.',
  },
  LeaseIdMismatchWithLeaseOperation: {
    status: 409,
    message: 'The lease ID specified did not match the lease ID for the blob.',
  },
  LeaseNotPresentWithLeaseOperation: { status: 409, message: 'There is currently no lease on the blob.' },
  // [blob] Both are Copy Blob's lease failures on the destination.
  LeaseNotPresentWithBlobOperation: { status: 412, message: 'There is currently no lease on the blob.' },
  InfiniteLeaseDurationRequired: {
    status: 412,
    message: 'The lease ID matched, but the specified lease must be an infinite-duration lease.',
  },
  SnapshotsPresent: {
    status: 409,
    message: 'This operation is not permitted because the blob has snapshots.',
  },
  // [common]
  InvalidHeaderValue: {
    status: 400,
    message: 'The value for one of the HTTP headers is not in the correct format.',
  },
  // [file]
  ShareNotFound: { status: 404, message: 'The specified share does not exist.' },
  ShareAlreadyExists: { status: 409, message: 'The specified share already exists.' },
  ParentNotFound: { status: 404, message: 'The specified parent path does not exist.' },
  DirectoryNotEmpty: { status: 409, message: 'The specified directory is not empty.' },
  // [common]: Azure Files reports missing or duplicate files and directories with these.
  ResourceNotFound: { status: 404, message: 'The specified resource does not exist.' },
  ResourceAlreadyExists: { status: 409, message: 'The specified resource already exists.' },
  InvalidRange: {
    status: 416,
    message: 'The range specified is invalid for the current size of the resource.',
  },
  InvalidInput: { status: 400, message: 'One of the request inputs is not valid.' },
  OutOfRangeInput: { status: 400, message: 'One of the request inputs is out of range.' },
  InvalidResourceName: { status: 400, message: 'The specified resource name contains invalid characters.' },
  InvalidMetadata: {
    status: 400,
    message: 'The specified metadata is invalid. It includes characters that are not permitted.',
  },
  // [common] also lists 304 "…not met for a read operation." A 304 carries no body, so only the 412 text is
  // ever seen by a client.
  ConditionNotMet: {
    status: 412,
    message: 'The condition specified in the conditional header(s) was not met for a write operation.',
  },
  // [queue]
  QueueNotFound: { status: 404, message: 'The specified queue does not exist.' },
  MessageNotFound: { status: 404, message: 'The specified message does not exist.' },
  // [table]
  TableNotFound: { status: 404, message: 'The table specified does not exist.' },
  EntityNotFound: { status: 404, message: 'The specified entity does not exist.' },
  EntityAlreadyExists: { status: 409, message: 'The specified entity already exists.' },
  // Not on any Microsoft error page (real Azure fails DNS for an unknown account). Emulator-only, worded like
  // [common]'s "The specified account already exists.".
  AccountNotFound: { status: 404, message: 'The specified account does not exist.' },
} as const satisfies Record<string, StorageErrorMessage>;

/** A storage error code the emulator uses. */
export type StorageErrorCode = keyof typeof storageErrorMessages;

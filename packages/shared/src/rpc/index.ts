export {
  anonymousCaller,
  type CallContext,
  type Caller,
  type NetworkOrigin,
  newRequestId,
  publicOrigin,
} from './call-context.js';
export { type CallOptions, type ClientOptions, type ContractClient, client } from './client.js';
export {
  type Contract,
  type ContractScope,
  defineContract,
  type OperationName,
  type OperationSpec,
  type OperationTable,
  type ParsedRequestOf,
  type ReplyOf,
  type RequestOf,
} from './contract.js';
export { type DiscoveredInstance, discoverInstances } from './discover-instances.js';
export type { Handler, HandlerContext, HandlerTable } from './handler.js';
export { type ServedService, type ServeOptions, serve } from './serve.js';
export {
  auditSubject,
  auditSubjects,
  eventSubject,
  eventSubjects,
  globalScope,
  operationSubject,
  queueGroup,
  scopeFor,
  serviceSubjects,
} from './subjects.js';

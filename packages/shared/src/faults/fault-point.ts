/** Where in the request path a decision is taken, and what is known about the request there. */
export interface FaultPoint {
  at: 'client' | 'server';
  service: string;
  scope: string;
  operation: string;
  /** The serving instance (known on the server side only). */
  instance?: string | undefined;
  callerService: string;
  callerInstance: string;
  callerRegion: string;
  /** The request body, for `match.fields`. */
  request?: unknown;
}

/**
 * Replies carry the clock revision the server knew of, so a caller that then calls a third service makes it
 * catch up too: time moved by `clock.advance` is seen along every causal chain.
 */
export const clockRevisionHeader = 'Cmk-Clock-Rev';

/** The services API's standard error header (ADR-32): present on every error reply. */
export const serviceErrorCodeHeader = 'Nats-Service-Error-Code';

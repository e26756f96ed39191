/**
 * The testbed clock: what "now" is for token expiry, soft-delete retention, rotation policies and cache TTLs.
 * All times are epoch milliseconds.
 */
export interface Clock {
  now(): number;
  /** The revision of the clock state this process has applied (0 when it never changed). */
  revision(): number;
  /**
   * The newest revision this process knows exists (it may not have applied it yet), sent with requests so the
   * callee catches up first: a request issued after `clock.advance` always sees the advanced time.
   */
  knownRevision(): number;
  /** Records that a revision exists (e.g. from a `clock.advance` reply). */
  observeRevision(revision: number): void;
  /** Resolves true once `revision` is applied, false if `timeoutMs` passes first. */
  waitForRevision(revision: number, timeoutMs: number): Promise<boolean>;
  /** Runs `fn` once when testbed time reaches `at`, whether by real time passing or the clock moving. */
  setTimer(at: number, fn: () => void): () => void;
}

/**
 * The one error type of the testbed, shaped like Azure's REST errors: an HTTP status, a top-level code, an
 * optional inner code (Key Vault's `innererror.code`) and a message. Handlers throw it, the rpc layer carries it
 * across NATS unchanged, clients rethrow it.
 */
export interface AzureErrorBody {
  status: number;
  code: string;
  innerCode?: string | undefined;
  message: string;
  /** Testbed-only: the underlying error (e.g. the vault error behind a storage 403). Azure never shows it. */
  cause?: AzureErrorBody | undefined;
  /** Extra structured details (e.g. the zod issues of a bad request, Retry-After seconds). */
  details?: Record<string, unknown> | undefined;
}

export class AzureError extends Error {
  override readonly name = 'AzureError';
  readonly status: number;
  readonly code: string;
  readonly innerCode: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly azureCause: AzureErrorBody | undefined;

  constructor(body: AzureErrorBody) {
    super(body.message, body.cause ? { cause: body.cause } : undefined);
    this.status = body.status;
    this.code = body.code;
    this.innerCode = body.innerCode;
    this.details = body.details;
    this.azureCause = body.cause;
  }

  toBody(): AzureErrorBody {
    return {
      status: this.status,
      code: this.code,
      innerCode: this.innerCode,
      message: this.message,
      cause: this.azureCause,
      details: this.details,
    };
  }

  static is(value: unknown): value is AzureError {
    return value instanceof AzureError;
  }
}

export class UnknownProcessError extends Error {
  override readonly name = 'UnknownProcessError';

  constructor(
    readonly processName: string,
    readonly validNames: readonly string[],
  ) {
    super(`unknown process "${processName}"; valid names: ${validNames.join(', ')}`);
  }
}

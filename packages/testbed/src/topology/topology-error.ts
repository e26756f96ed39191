export interface TopologyIssue {
  /** Where inside the file, e.g. `regions[1].storageNodes`; `(root)` for the document itself. */
  path: string;
  reason: string;
}

/** A topology file that cannot be read, parsed or validated; the message names file, path and reason. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';

  constructor(
    readonly file: string,
    readonly issues: readonly TopologyIssue[],
    options?: { cause?: unknown },
  ) {
    super(formatMessage(file, issues), options);
  }
}

function formatMessage(file: string, issues: readonly TopologyIssue[]): string {
  if (issues.length === 1) return `invalid topology ${file}: ${issues[0]!.path}: ${issues[0]!.reason}`;
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.reason}`);
  return `invalid topology ${file} (${issues.length} problems):\n${lines.join('\n')}`;
}

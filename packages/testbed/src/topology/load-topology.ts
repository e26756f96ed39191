import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { parseTopology } from './parse-topology.js';
import { TopologyError } from './topology-error.js';
import type { Topology } from './topology-schema.js';

/** Reads a YAML or JSON topology file and validates it; every failure is a TopologyError naming the file. */
export async function loadTopology(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TopologyError(path, [{ path: '(root)', reason: `cannot read file: ${reason}` }], {
      cause: error,
    });
  }
  // YAML 1.2 is a superset of JSON, so one parser serves both formats with the same line-numbered errors.
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const at = error.linePos?.[0];
      return { path: at ? `line ${at.line}, column ${at.col}` : '(root)', reason: firstLine(error.message) };
    });
    throw new TopologyError(path, issues, { cause: document.errors[0] });
  }
  return parseTopology(document.toJS(), path);
}

// yaml repeats the position at the end of its first line; the issue path already carries it.
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: docker-compose.yml, the Dockerfile and docker/ live there. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const composeFileName = 'docker-compose.yml';

export interface ComposeHealthcheck {
  test?: string[] | string;
  disable?: boolean;
}

/** The part of a compose service this repository uses; anything else is left as compose reads it. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  labels?: Record<string, string>;
  healthcheck?: ComposeHealthcheck;
  depends_on?: Record<string, { condition?: string }> | string[];
  networks?: string[] | Record<string, unknown>;
  volumes?: string[];
  ports?: string[];
  restart?: string;
  user?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, unknown>;
  volumes?: Record<string, unknown>;
}

/**
 * Reads docker-compose.yml as compose does: YAML 1.1 merge keys (`<<: *anchor`) resolved, so every service
 * shows its full definition. Variables (`${X:-default}`) stay as written; see interpolateCompose.
 */
export async function readComposeFile(path = `${repoRoot}${composeFileName}`): Promise<ComposeFile> {
  const data: unknown = parse(await readFile(path, 'utf8'), { merge: true });
  const services = (data as { services?: unknown } | null)?.services;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) {
    throw new Error(`${path}: no services mapping`);
  }
  return data as ComposeFile;
}

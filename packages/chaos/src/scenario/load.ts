import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import {
  chaosContract,
  clockContract,
  entraContract,
  keyvaultContract,
  storageContract,
} from '@cmk-testbed/shared';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { type Scenario, scenarioSchema } from './schema.js';

/** The contracts a step may call, by the service name of `do`. */
export const stepContracts = {
  storage: storageContract,
  keyvault: keyvaultContract,
  entra: entraContract,
  chaos: chaosContract,
  clock: clockContract,
} as const;

const scenarioExtensions = new Set(['.yaml', '.yml', '.json']);

/** A scenario file as loaded: the scenario, or why it was refused (file, path and reason). */
export type LoadedScenario =
  | { file: string; ok: true; scenario: Scenario }
  | { file: string; ok: false; name: string; error: string };

/**
 * The scenario files named on the command line: files as given, directories searched (not recursively) for
 * .yaml, .yml and .json files in name order. A path that does not exist is an error naming it.
 */
export async function expandScenarioPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new Error(`${path}: no such file or directory`);
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path))
      .filter((n) => scenarioExtensions.has(extname(n).toLowerCase()))
      .sort();
    if (names.length === 0)
      throw new Error(`${path}: the directory holds no .yaml, .yml or .json scenario file`);
    files.push(...names.map((n) => join(path, n)));
  }
  return files;
}

/** Reads and validates one scenario file. Never throws: a bad file is a refusal naming the file, path and reason. */
export async function loadScenarioFile(file: string, cwd = process.cwd()): Promise<LoadedScenario> {
  const relativePath = relative(cwd, file);
  const shown = relativePath === '' || relativePath.startsWith('..') ? file : relativePath;
  const name = shown.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file: shown, ok: false, name, error: `${shown}: cannot read: ${(error as Error).message}` };
  }
  const parsed = parseText(text, file);
  if ('error' in parsed) return { file: shown, ok: false, name, error: `${shown}: ${parsed.error}` };
  const result = scenarioSchema.safeParse(parsed.value);
  if (!result.success)
    return { file: shown, ok: false, name, error: `${shown}: ${describeIssues(result.error)}` };
  const problems = checkReferences(result.data);
  if (problems.length > 0) return { file: shown, ok: false, name, error: `${shown}: ${problems.join('; ')}` };
  return { file: shown, ok: true, scenario: result.data };
}

function parseText(text: string, file: string): { value: unknown } | { error: string } {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return { value: JSON.parse(text) };
    } catch (error) {
      return { error: `not valid JSON: ${(error as Error).message}` };
    }
  }
  try {
    return { value: parseYaml(text, { prettyErrors: true }) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      return {
        error: `not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${firstLine(error.message)}`,
      };
    }
    return { error: `not valid YAML: ${(error as Error).message}` };
  }
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

/** Every zod issue as `path: reason`, joined. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? formatPath(issue.path) : '(top level)';
      if (issue.code === 'unrecognized_keys') return `${path}: unknown field(s) ${issue.keys.join(', ')}`;
      if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
        return `${path}: required`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * What the schema cannot see: names declared twice, references to undeclared names, and steps naming an
 * operation their service does not have.
 */
export function checkReferences(s: Scenario): string[] {
  const problems: string[] = [];
  const declared = new Map<string, string>();
  const declare = (kind: string, name: string, path: string) => {
    const seen = declared.get(name);
    if (seen) problems.push(`${path}: '${name}' is already declared as ${seen}`);
    else declared.set(name, kind);
  };
  const need = (kind: string, name: string | undefined, path: string) => {
    if (name === undefined) return;
    if (declared.get(name) !== kind) {
      problems.push(
        `${path}: no ${kind} named '${name}' in setup${declared.has(name) ? ` ('${name}' is a ${declared.get(name)})` : ''}`,
      );
    }
  };
  const { setup } = s;
  for (const [i, t] of setup.tenants.entries()) declare('tenant', t.name, `setup.tenants[${i}].name`);
  setup.subscriptions.forEach((x, i) => {
    declare('subscription', x.name, `setup.subscriptions[${i}].name`);
    need('tenant', x.tenant, `setup.subscriptions[${i}].tenant`);
  });
  setup.identities.forEach((x, i) => {
    declare('identity', x.name, `setup.identities[${i}].name`);
    need('tenant', x.tenant, `setup.identities[${i}].tenant`);
    need('subscription', x.subscription, `setup.identities[${i}].subscription`);
  });
  setup.apps.forEach((x, i) => {
    declare('app', x.name, `setup.apps[${i}].name`);
    need('tenant', x.tenant, `setup.apps[${i}].tenant`);
    for (const [j, f] of x.federatedCredentials.entries()) {
      need('identity', f.identity, `setup.apps[${i}].federatedCredentials[${j}].identity`);
    }
  });
  setup.servicePrincipals.forEach((x, i) => {
    need('app', x.app, `setup.servicePrincipals[${i}].app`);
    need('tenant', x.tenant, `setup.servicePrincipals[${i}].tenant`);
  });
  setup.vaults.forEach((x, i) => {
    declare('vault', x.name, `setup.vaults[${i}].name`);
    need('tenant', x.tenant, `setup.vaults[${i}].tenant`);
  });
  for (const [i, x] of setup.keys.entries()) need('vault', x.vault, `setup.keys[${i}].vault`);
  for (const [i, x] of setup.accounts.entries()) declare('account', x.name, `setup.accounts[${i}].name`);
  setup.accounts.forEach((x, i) => {
    const at = `setup.accounts[${i}]`;
    need('tenant', x.tenant, `${at}.tenant`);
    need('subscription', x.subscription, `${at}.subscription`);
    for (const [j, u] of (x.identity?.userAssignedIdentities ?? []).entries()) {
      need('identity', u, `${at}.identity.userAssignedIdentities[${j}]`);
    }
    need(
      'identity',
      x.encryption?.identity?.userAssignedIdentity,
      `${at}.encryption.identity.userAssignedIdentity`,
    );
    need(
      'app',
      x.encryption?.identity?.federatedIdentityClientId,
      `${at}.encryption.identity.federatedIdentityClientId`,
    );
  });
  setup.access.forEach((x, i) => {
    need('vault', x.vault, `setup.access[${i}].vault`);
    const p = x.principal;
    if ('identity' in p) need('identity', p.identity, `setup.access[${i}].principal.identity`);
    else if ('systemAssignedOf' in p)
      need('account', p.systemAssignedOf, `setup.access[${i}].principal.systemAssignedOf`);
    else {
      need('app', p.app, `setup.access[${i}].principal.app`);
      need('tenant', p.tenant, `setup.access[${i}].principal.tenant`);
    }
  });
  s.steps.forEach((step, i) => {
    const [service, operation] = step.do.split('.') as [keyof typeof stepContracts, string];
    const contract = stepContracts[service];
    if (!Object.hasOwn(contract.operations, operation)) {
      problems.push(`steps[${i}].do: '${service}' has no operation '${operation}'`);
    }
    if (step.as && service !== 'keyvault')
      problems.push(`steps[${i}].as: only keyvault steps act as a principal`);
  });
  return problems;
}

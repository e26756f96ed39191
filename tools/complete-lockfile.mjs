// Adds lockfile entries for platform-specific optional packages (other operating systems' binaries of Biome
// and turbo) that this workplace's package registry does not serve. npm records only what it could resolve,
// and `npm ci` then refuses the lockfile as out of sync with package.json. The entries added are what a full
// registry would have written, without an integrity hash; npm skips them on a platform they do not match.
// Run it after any `npm install` that rewrites package-lock.json: node tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const lockPath = join(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));

const osNames = { android: 'android', darwin: 'darwin', linux: 'linux', win32: 'win32', windows: 'win32' };
const cpuNames = { arm64: 'arm64', x64: 'x64', 64: 'x64' };

/** `@biomejs/cli-darwin-arm64`, `@biomejs/cli-linux-x64-musl`, `@turbo/windows-64` -> os, cpu, libc. */
function platformOf(name) {
  const match = /^@(?:biomejs\/cli|turbo)-?\/?([a-z0-9]+)-([a-z0-9]+)(-musl)?$/.exec(
    name.replace('@turbo/', '@turbo-'),
  );
  if (!match || !osNames[match[1]] || !cpuNames[match[2]]) return undefined;
  return { os: osNames[match[1]], cpu: cpuNames[match[2]], libc: match[3] ? 'musl' : undefined };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.warn(`left alone: ${name} (optional dependency of ${path}): no known platform in its name`);
      continue;
    }
    lock.packages[key] = {
      version,
      cpu: [platform.cpu],
      dev: entry.dev,
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);

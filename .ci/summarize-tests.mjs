// Adds up the vitest JSON reports every workspace wrote (.test-report.json) and prints one closing line,
// `N passed, N failed, N skipped`, so a reader (human or CI) sees the whole run's count in one place.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = [
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, '.test-report.json')),
  join(root, 'e2e', '.test-report.json'),
].filter((path) => existsSync(path));
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const name = path.split('/').at(-2);
  files += 1;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`${name.padEnd(16)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
if (files === 0) {
  console.error('no .test-report.json found: did the test task run?');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandScenarioPaths, loadScenarioFile } from './load.js';

const library = fileURLToPath(new URL('../../scenarios', import.meta.url));

/** The built-in library loads without a testbed; `cmk-testbed run` proves it passes (testbed package). */
describe('the built-in scenario library', () => {
  it('holds at least 40 scenarios, each valid, named after its file, and citing the line it proves', async () => {
    const files = await expandScenarioPaths([library]);
    expect(files.length).toBeGreaterThanOrEqual(40);
    const names = new Set<string>();
    for (const file of files) {
      const loaded = await loadScenarioFile(file);
      if (!loaded.ok) throw new Error(loaded.error);
      const { scenario } = loaded;
      expect(file.endsWith(`-${scenario.name}.yaml`), `${file} is named after '${scenario.name}'`).toBe(true);
      expect(names.has(scenario.name), `${scenario.name} is unique`).toBe(false);
      names.add(scenario.name);
      expect(scenario.description, `${scenario.name} cites its source`).toMatch(
        /(cmk-[a-z0-9-]+\.(txt|md)|DESIGN\.md|azure-cmk-facts\.md)/,
      );
    }
  });

  it('lists every scenario in its README table', async () => {
    const readme = await import('node:fs/promises').then((fs) => fs.readFile(`${library}/README.md`, 'utf8'));
    for (const file of (await readdir(library)).filter((f) => f.endsWith('.yaml'))) {
      expect(readme, `README.md lists ${file}`).toContain(file);
    }
  });
});

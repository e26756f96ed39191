import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const currentSchema = z.object({
  natsUrl: z.string(),
  runDir: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
});

export type CurrentTestbed = z.output<typeof currentSchema>;

/** `<home>/current.json`: the testbed `up` started, so `status`, `down` and `clock` find it without flags. */
export function currentFile(home: string): string {
  return join(home, 'current.json');
}

export async function writeCurrent(home: string, current: CurrentTestbed): Promise<void> {
  const path = currentFile(home);
  await mkdir(dirname(path), { recursive: true });
  // Written whole then renamed, so a reader never sees half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(current, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function readCurrent(home: string): Promise<CurrentTestbed | undefined> {
  let text: string;
  try {
    text = await readFile(currentFile(home), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = currentSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

export async function removeCurrent(home: string, pid: number): Promise<void> {
  const current = await readCurrent(home);
  if (current?.pid === pid) await rm(currentFile(home), { force: true });
}

/** The environment every child inherits before its own spec.env is laid on top. */
export function readInheritedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) inherited[key] = value;
  return inherited;
}

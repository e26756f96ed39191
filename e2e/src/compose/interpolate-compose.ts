/**
 * Resolves compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}` in one value the way `docker compose`
 * does, from `env` (empty by default: the value a fresh shell gets).
 */
export function interpolateCompose(value: string, env: Record<string, string | undefined> = {}): string {
  return value.replace(
    /\$\{(\w+)(?:(:?-)([^}]*))?\}/g,
    (_match, name: string, operator?: string, fallback = '') => {
      const set = env[name];
      if (operator === ':-') return set ? set : fallback;
      if (operator === '-') return set ?? fallback;
      return set ?? '';
    },
  );
}

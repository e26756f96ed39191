// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are compose's ${VAR} syntax, not templates.
import { describe, expect, it } from 'vitest';
import { interpolateCompose } from './interpolate-compose.js';

describe('interpolateCompose', () => {
  it('uses the default of ${VAR:-default} when the variable is unset or empty', () => {
    expect(interpolateCompose('${A:-x}:${B:-y}', { B: '' })).toBe('x:y');
  });

  it('uses the default of ${VAR-default} only when the variable is unset', () => {
    expect(interpolateCompose('[${A-x}][${B-y}]', { B: '' })).toBe('[x][]');
  });

  it('takes set variables, and leaves plain text alone', () => {
    expect(interpolateCompose('${P:-4222}:4222 and ${Q}', { P: '41000', Q: 'q' })).toBe('41000:4222 and q');
  });
});

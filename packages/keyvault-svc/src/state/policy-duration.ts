const pattern = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const unitsMs = [365, 30, 7, 1].map((d) => d * 86_400_000).concat([3_600_000, 60_000, 1000]);

/**
 * ISO 8601 durations as Key Vault rotation policies use them (`P90D`, `P2Y`, `P1M`). Testbed choice: a year is
 * 365 days and a month 30 days, since policies are evaluated on the testbed clock, not a calendar.
 */
export function parsePolicyDuration(value: string, field: string): number {
  const match = pattern.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) {
    throw new RangeError(`${field}: '${value}' is not an ISO 8601 duration like P90D, P1Y or P30D`);
  }
  return match.slice(1).reduce((sum, part, i) => sum + (part ? Number(part) * unitsMs[i]! : 0), 0);
}

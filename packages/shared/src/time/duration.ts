const isoDuration =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const unitMs = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000] as const;

/**
 * Parses an ISO 8601 duration (`PT1H`, `P1D`, `P7DT12H`, `PT0.5S`, `P2W`) or a number of milliseconds.
 * Years and months are refused: their length depends on the date, and a scenario must not be ambiguous.
 */
export function parseDuration(value: string | number, field = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`${field}: ${value} is not a duration >= 0 ms`);
    return value;
  }
  const match = isoDuration.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) {
    throw new RangeError(
      `${field}: '${value}' is not an ISO 8601 duration like PT30S, PT1H, P1D or P7DT12H (years and months are not allowed)`,
    );
  }
  let ms = 0;
  for (let i = 0; i < unitMs.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) ms += Number(part) * unitMs[i]!;
  }
  return Math.round(ms);
}

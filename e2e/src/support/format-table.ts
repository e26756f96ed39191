/**
 * A plain-text table for the suites' console reports: a header row, a rule, then the rows, every column as
 * wide as its widest cell. A column whose cells are all figures (or `-`) is right-aligned, others left.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && cells.slice(1).every((row) => isFigure(row[i])));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

function isFigure(cell: string | undefined): boolean {
  return cell === '-' || /^[+-]?\d+(\.\d+)?$/.test(cell ?? '');
}

// The one table `npm run bench` prints: a Markdown table, so it can go into BENCHMARKS.md as is.

/** @typedef {{ section: string, measure: string, figure: string, goal?: string }} Row */

/** @param {Row[]} rows */
export function markdownTable(rows) {
  // A pipe inside a cell would end it.
  const cell = (text = '') => text.replace(/\|/g, '\\|');
  const cells = [
    ['section', 'measure', 'figure', 'goal'],
    ...rows.map((r) => [cell(r.section), cell(r.measure), cell(r.figure), cell(r.goal)]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => [...row[i]].length)));
  const line = (row) => `| ${row.map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length)).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}

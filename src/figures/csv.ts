import type { FigureRow } from './types.js';

/** The tidy columns of every figure CSV. */
export const FIGURE_CSV_COLUMNS = ['panel', 'series', 'kind', 'x', 'y', 'lo', 'hi'] as const;

function field(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A figure's rows as CSV: `# ` comment lines (figure, engine, notes) and then the tidy table
 * panel,series,kind,x,y,lo,hi (lo/hi empty where there is no band). Numbers are printed by
 * JavaScript's shortest round-trip form, so the same rows give the same bytes.
 */
export function figureCsv(comments: readonly string[], rows: readonly FigureRow[]): string {
  const lines = comments.map((c) => `# ${c.replaceAll('\n', ' ')}`);
  lines.push(FIGURE_CSV_COLUMNS.join(','));
  for (const r of rows) lines.push([r.panel, r.series, r.kind, r.x, r.y, r.lo, r.hi].map(field).join(','));
  return `${lines.join('\n')}\n`;
}

/** Parses a figure CSV back into rows (comment lines skipped); used by tests and the report. */
export function parseFigureCsv(text: string): FigureRow[] {
  const lines = text.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
  const header = lines.shift();
  if (header !== FIGURE_CSV_COLUMNS.join(','))
    throw new RangeError(`figure CSV: header must be ${FIGURE_CSV_COLUMNS.join(',')}, got ${header}`);
  return lines.map((l) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (quoted) {
        if (ch === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    const num = (s: string) => (s === '' ? null : Number(s));
    return {
      panel: cells[0],
      series: cells[1],
      kind: cells[2] as FigureRow['kind'],
      x: Number(cells[3]),
      y: Number(cells[4]),
      lo: num(cells[5]),
      hi: num(cells[6]),
    };
  });
}

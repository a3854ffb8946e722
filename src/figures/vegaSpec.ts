import type { FigureDef, FigureRow, PanelSpec } from './types.js';

/** The font every figure uses, shipped in assets/fonts (the same file resvg rasterizes with). */
export const FIGURE_FONT = 'DejaVu Sans';

/** Rows a log axis can show, and how many it had to drop (zero or negative values, or bands reaching them). */
export function logSafeRows(
  panel: PanelSpec,
  rows: readonly FigureRow[],
): { rows: FigureRow[]; dropped: number; clipped: number } {
  let dropped = 0;
  let clipped = 0;
  const out: FigureRow[] = [];
  for (const r of rows) {
    if ((panel.xLog && !(r.x > 0)) || (panel.yLog && !(r.y > 0))) {
      dropped++;
      continue;
    }
    if (panel.yLog && r.lo !== null && !(r.lo > 0)) {
      clipped++;
      out.push({ ...r, lo: r.y / 1e3 });
      continue;
    }
    out.push(r);
  }
  return { rows: out, dropped, clipped };
}

function axes(panel: PanelSpec) {
  return {
    x: {
      field: 'x',
      type: 'quantitative',
      title: panel.xTitle,
      scale: { zero: false, ...(panel.xLog ? { type: 'log' } : {}) },
    },
    y: {
      field: 'y',
      type: 'quantitative',
      title: panel.yTitle,
      scale: { zero: false, ...(panel.yLog ? { type: 'log' } : {}) },
    },
  };
}

/** Splits a series name `variant · group` (e.g. `TA · m = 2`): colour follows the group, point shape the variant. */
export function seriesParts(series: string): { group: string; variant: string } {
  const i = series.indexOf(' · ');
  return i < 0 ? { group: series, variant: '' } : { group: series.slice(i + 3), variant: series.slice(0, i) };
}

/** One panel as a layered Vega-Lite chart: theory lines, data bars or points, simulation points with ±1.96 SE bars. */
export function panelSpec(panel: PanelSpec, rows: readonly FigureRow[]): Record<string, unknown> {
  const { x, y } = axes(panel);
  const color = { field: 'group', type: 'nominal', title: 'series', sort: null };
  const kinds = new Set(rows.map((r) => r.kind));
  const dashed = new Set(panel.dashed ?? []);
  const values = rows.map((r) => ({ ...r, ...seriesParts(r.series), dashed: dashed.has(r.series) }));
  const variants = [...new Set(values.filter((v) => v.kind !== 'theory').map((v) => v.variant))].filter(
    (v) => v !== '',
  );
  const shape = variants.length > 0 ? { field: 'variant', type: 'nominal', title: 'points', sort: null } : undefined;
  const layer: Record<string, unknown>[] = [];
  if (kinds.has('data')) {
    layer.push(
      panel.dataMark === 'bar'
        ? {
            transform: [{ filter: "datum.kind === 'data'" }],
            mark: { type: 'bar', size: 5, opacity: 0.6 },
            encoding: { x, y, color },
          }
        : {
            transform: [{ filter: "datum.kind === 'data'" }],
            mark: { type: 'point', filled: true, size: 18 },
            encoding: { x, y, color },
          },
    );
    // Published points that carry their own error bars (the authors' ±1.96 SE over seeds).
    if (panel.dataMark !== 'bar' && rows.some((r) => r.kind === 'data' && r.lo !== null)) {
      layer.push({
        transform: [{ filter: "datum.kind === 'data' && datum.lo !== null" }],
        mark: { type: 'rule', strokeWidth: 1, strokeDash: [2, 2] },
        encoding: {
          x,
          y: { ...y, field: 'lo' },
          y2: { field: 'hi' },
          color,
          detail: { field: 'series', type: 'nominal' },
        },
      });
    }
  }
  if (kinds.has('theory')) {
    layer.push({
      transform: [{ filter: "datum.kind === 'theory'" }],
      mark: { type: 'line', strokeWidth: 1.5, clip: true },
      encoding: {
        x,
        y,
        color,
        detail: { field: 'series', type: 'nominal' },
        strokeDash: {
          field: 'dashed',
          type: 'nominal',
          legend: null,
          scale: {
            domain: [false, true],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
        },
      },
    });
  }
  if (kinds.has('simulation')) {
    layer.push({
      transform: [{ filter: "datum.kind === 'simulation' && datum.lo !== null" }],
      mark: { type: 'rule', strokeWidth: 1 },
      encoding: {
        x,
        y: { ...y, field: 'lo' },
        y2: { field: 'hi' },
        color,
        detail: { field: 'series', type: 'nominal' },
      },
    });
    layer.push({
      transform: [{ filter: "datum.kind === 'simulation'" }],
      mark: { type: 'point', filled: true, size: 20 },
      encoding: { x, y, color, ...(shape ? { shape } : {}) },
    });
  }
  return {
    title: { text: `${panel.letter}   ${panel.title}`, anchor: 'start', fontSize: 12 },
    width: 220,
    height: 160,
    data: { values },
    layer,
    resolve: { scale: { color: 'shared' } },
  };
}

/** The figure's Vega-Lite spec: the panels in a grid, the caption (engine, notes) as subtitle. */
export function figureSpec(
  fig: FigureDef,
  rows: readonly FigureRow[],
  caption: readonly string[],
): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${fig.name} — ${fig.title}`,
      subtitle: [...caption],
      anchor: 'start',
      fontSize: 14,
      subtitleFontSize: 10,
    },
    columns: fig.columns,
    concat: fig.panels.map((p) =>
      panelSpec(
        p,
        rows.filter((r) => r.panel === p.letter),
      ),
    ),
    resolve: { scale: { color: 'independent', x: 'independent', y: 'independent' }, legend: { color: 'independent' } },
    config: {
      font: FIGURE_FONT,
      background: 'white',
      legend: { labelLimit: 220, symbolSize: 60 },
      axis: { labelFontSize: 10, titleFontSize: 11 },
    },
  };
}

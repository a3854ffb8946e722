import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { FIGURE_FONT } from './vegaSpec.js';

/** The shipped TTF (DejaVu Sans, its licence next to it): vega measures with it, resvg draws with it. */
export const FONT_FILE = fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));

// Text is measured by vega's built-in estimate, not a canvas: the same bytes on every machine.
(vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);

/**
 * Renames every id of an SVG to `prefix-1`, `prefix-2`, … in order of first appearance (and every
 * reference to it), so several figures can share one page and the ids do not depend on how many
 * views this process rendered before (vega numbers clip paths with a process-wide counter).
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!names.has(m[1])) names.set(m[1], `${prefix}-${names.size + 1}`);
  const rename = (id: string) => names.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${rename(id)}"`);
}

/** Renders a Vega-Lite spec to SVG without a browser (vega's headless view), ids prefixed by `idPrefix`. */
export async function renderSvg(spec: Record<string, unknown>, idPrefix: string): Promise<string> {
  const compiled = compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return prefixSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG to PNG with the shipped font only (no system fonts: the same pixels everywhere). */
export function renderPng(svg: string, zoom = 2): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: {
      fontFiles: [FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: FIGURE_FONT,
      sansSerifFamily: FIGURE_FONT,
    },
    background: 'white',
  });
  return r.render().asPng();
}

/** One row of a figure's tidy table: `kind` says whether the point is theory, simulation or drawn data. */
export interface FigureRow {
  readonly panel: string;
  readonly series: string;
  readonly kind: 'theory' | 'simulation' | 'data';
  readonly x: number;
  readonly y: number;
  /** Band or error bar (±1.96 SE over runs for simulation means); null where there is none. */
  readonly lo: number | null;
  readonly hi: number | null;
}

/** How a panel is drawn: axis titles with units, log axes, and how its `data` rows are marked. */
export interface PanelSpec {
  /** Letter of THEORY.md §10, e.g. `A`. */
  readonly letter: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** `bar`: data rows are histogram bars (x = bin centre, y = count); default points. */
  readonly dataMark?: 'bar' | 'point';
  /** Series drawn dashed (guides, identity lines). */
  readonly dashed?: readonly string[];
  /** Expected series count per kind (checked by tests against THEORY.md §10). */
  readonly series: { readonly theory: number; readonly simulation: number; readonly data: number };
}

/** Size preset: the paper's sizes and run counts, or small ones for CI and first contact. */
export type FigureSize = 'paper' | 'quick';

/** Options shared by every unit of work. */
export interface UnitOptions {
  readonly size: FigureSize;
  /** Root seed; each unit derives its own seed from (root seed, unit id) only. */
  readonly seed: number;
  /** Override of the runs per simulated point (default: 10 paper, ≤ 3 quick). */
  readonly runs?: number;
  /** Threads for the simulations inside the unit (results do not depend on it). */
  readonly workers?: number;
  /** Progress in the unit's own units (e.g. runs or epochs) as (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What one unit of work returns: rows for one or more panels, notes for the caption, the engine used. */
export interface UnitResult {
  readonly rows: FigureRow[];
  readonly notes: string[];
  /** Which engine produced the simulation points (named in the caption and CSV header). */
  readonly engine: string;
}

/**
 * A unit of work: one panel, or the panels that share the same runs (e.g. F3's row 1, A–D, come
 * from one set of rank-one runs). Its randomness comes only from (root seed, unit id).
 */
export interface FigureUnit {
  /** e.g. `F3/rank1`; unique over all figures. */
  readonly id: string;
  /** Panel letters it fills. */
  readonly panels: readonly string[];
  /** Everything that determines its result besides the seed (hashed into the cache key). */
  params(size: FigureSize, runs?: number): unknown;
  run(options: UnitOptions): Promise<UnitResult>;
}

/** A figure of THEORY.md §10. */
export interface FigureDef {
  /** `F1` … `F9`. */
  readonly name: string;
  readonly title: string;
  readonly panels: readonly PanelSpec[];
  readonly units: readonly FigureUnit[];
  /** Columns of the panel grid. */
  readonly columns: number;
}

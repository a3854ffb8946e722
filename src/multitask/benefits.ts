import type { AuthorsRun } from './authorsCsv.js';

/** One grid cell of a multitask sweep (MULTITASK.md §1 grids). */
export interface CellKey {
  readonly mainTrain: number;
  readonly auxTrain: number;
  readonly relatedness: number;
  readonly scaleA: number;
  readonly scaleB: number;
}

/** Benefit L_single − L_multi of a cell, paired by seed: mean, SE = sd/√n, and the per-seed values (MULTITASK.md §1 Metric). */
export interface CellBenefit extends CellKey {
  readonly mean: number;
  readonly se: number;
  readonly values: readonly number[];
}

/** Mean and standard error sd/√n (sd with n − 1) of paired differences; SE is NaN for one value. */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) throw new RangeError('meanAndSe: no values');
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN };
}

/** A key string that identifies a cell; scales are matched to 9 significant digits (the CSVs print them in full). */
export function cellId(k: CellKey): string {
  return [k.mainTrain, k.auxTrain, k.relatedness, k.scaleA.toPrecision(9), k.scaleB.toPrecision(9)].join('|');
}

/** What the single-task student depends on: task A's ntrain and scale, and the seed (not q, s_B or aux). */
function taskAId(r: AuthorsRun): string {
  return `${r.mainTrain}|${r.scaleA.toPrecision(9)}#${r.seed}`;
}

/**
 * Pairs every multitask run with the single-task run of the same cell and seed, and summarises each
 * cell (MULTITASK.md §1: benefit = L_single − L_multi, mean ± sd/√n over seeds). A file that stores
 * the baseline once per (ntrain, s_A, seed), as the authors' deep-nonlinear.csv does, is paired on
 * that key; its baselines must then agree to 1e-6. Cells are sorted by (mainTrain, auxTrain, scaleA,
 * scaleB, relatedness). A multitask run without a baseline throws.
 */
export function cellBenefits(runs: readonly AuthorsRun[]): CellBenefit[] {
  const single = new Map<string, number>();
  const byTaskA = new Map<string, number>();
  const ambiguous = new Set<string>();
  for (const r of runs) {
    if (!r.singleTask) continue;
    single.set(`${cellId(r)}#${r.seed}`, r.loss);
    const k = taskAId(r);
    const seen = byTaskA.get(k);
    if (seen === undefined) byTaskA.set(k, r.loss);
    else if (Math.abs(seen - r.loss) > 1e-6 * Math.abs(r.loss)) ambiguous.add(k);
  }
  const cells = new Map<string, { key: CellKey; values: { seed: number; v: number }[] }>();
  for (const r of runs) {
    if (r.singleTask) continue;
    const id = cellId(r);
    const exact = single.get(`${id}#${r.seed}`);
    if (exact === undefined && ambiguous.has(taskAId(r)))
      throw new RangeError(
        `no single-task run for cell ${id} seed ${r.seed} (run ${r.id}), and the baselines with its ntrain, s_A and seed disagree`,
      );
    const base = exact ?? byTaskA.get(taskAId(r));
    if (base === undefined) throw new RangeError(`no single-task run for cell ${id} seed ${r.seed} (run ${r.id})`);
    let cell = cells.get(id);
    if (!cell) {
      cell = {
        key: {
          mainTrain: r.mainTrain,
          auxTrain: r.auxTrain,
          relatedness: r.relatedness,
          scaleA: r.scaleA,
          scaleB: r.scaleB,
        },
        values: [],
      };
      cells.set(id, cell);
    }
    cell.values.push({ seed: r.seed, v: base - r.loss });
  }
  const out: CellBenefit[] = [];
  for (const { key, values } of cells.values()) {
    values.sort((a, b) => a.seed - b.seed);
    const vs = values.map((x) => x.v);
    out.push({ ...key, ...meanAndSe(vs), values: vs });
  }
  return out.sort(
    (a, b) =>
      a.mainTrain - b.mainTrain ||
      a.auxTrain - b.auxTrain ||
      a.scaleA - b.scaleA ||
      a.scaleB - b.scaleB ||
      a.relatedness - b.relatedness,
  );
}

/** The cell matching a key (scales to 9 digits), or undefined. */
export function findCell(cells: readonly CellBenefit[], key: CellKey): CellBenefit | undefined {
  const id = cellId(key);
  return cells.find((c) => cellId(c) === id);
}

/**
 * Whether benefit is non-decreasing in q within `k` SE along one (mainTrain, aux, s_A, s_B) line:
 * every later q's mean is ≥ every earlier q's mean − k·√(SE₁² + SE₂²) (MULTITASK.md §5 MT6).
 */
export function monotoneInRelatedness(line: readonly CellBenefit[], k: number): boolean {
  const sorted = [...line].sort((a, b) => a.relatedness - b.relatedness);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (b.mean < a.mean - k * Math.hypot(a.se, b.se)) return false;
    }
  }
  return true;
}

/** Cells grouped into lines over q (same mainTrain, aux, s_A, s_B), in `cellBenefits` order. */
export function relatednessLines(cells: readonly CellBenefit[]): CellBenefit[][] {
  const lines = new Map<string, CellBenefit[]>();
  for (const c of cells) {
    const id = cellId({ ...c, relatedness: -1 });
    const line = lines.get(id) ?? [];
    line.push(c);
    lines.set(id, line);
  }
  return [...lines.values()];
}

/** One cell of dlgen beside the authors: both benefits (mean ± SE) and whether their signs agree. */
export interface CellComparison {
  readonly key: CellKey;
  readonly dlgen: { readonly mean: number; readonly se: number };
  readonly authors: { readonly mean: number; readonly se: number };
  readonly signAgrees: boolean;
  /** The authors' mean is more than 2 SE from 0, so their sign is resolved. */
  readonly authorsResolved: boolean;
}

/** Counts of a comparison: sign agreements over all matched cells and over the cells whose authors' sign is resolved. */
export interface ComparisonSummary {
  readonly rows: CellComparison[];
  readonly agree: number;
  readonly total: number;
  readonly resolvedAgree: number;
  readonly resolved: number;
  /** dlgen cells with no authors' cell of the same key. */
  readonly unmatched: number;
}

/** dlgen's cells beside the authors' cells of the same key (MULTITASK.md §5: signs and orderings, never magnitudes). */
export function compareWithAuthors(ours: readonly CellBenefit[], theirs: readonly CellBenefit[]): ComparisonSummary {
  const byId = new Map(theirs.map((c) => [cellId(c), c]));
  const rows: CellComparison[] = [];
  let unmatched = 0;
  for (const o of ours) {
    const t = byId.get(cellId(o));
    if (!t) {
      unmatched++;
      continue;
    }
    rows.push({
      key: {
        mainTrain: o.mainTrain,
        auxTrain: o.auxTrain,
        relatedness: o.relatedness,
        scaleA: o.scaleA,
        scaleB: o.scaleB,
      },
      dlgen: { mean: o.mean, se: o.se },
      authors: { mean: t.mean, se: t.se },
      signAgrees: Math.sign(o.mean) === Math.sign(t.mean),
      authorsResolved: Math.abs(t.mean) > 2 * t.se,
    });
  }
  const resolved = rows.filter((r) => r.authorsResolved);
  return {
    rows,
    agree: rows.filter((r) => r.signAgrees).length,
    total: rows.length,
    resolvedAgree: resolved.filter((r) => r.signAgrees).length,
    resolved: resolved.length,
    unmatched,
  };
}

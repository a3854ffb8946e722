import { F1 } from './f1ModeCurves.js';
import { F2 } from './f2SignalNoise.js';
import { F3, F4 } from './f3f4.js';
import { F5 } from './f5Shrinkage.js';
import { F6 } from './f6Randomized.js';
import { F7 } from './f7Transfer.js';
import { F8 } from './f8Examples.js';
import { F9 } from './f9Alignment.js';
import { F10 } from './f10Nonlinear.js';
import { F11 } from './f11NonlinearTransfer.js';
import { FT_ALPHA } from './ftAlpha.js';
import { FT_COVARIANCE } from './ftCovariance.js';
import { FT_DEPTH } from './ftDepth.js';
import { FT_SCALE } from './ftScale.js';
import { MT_DATA } from './mtData.js';
import { MT_LINEARISED } from './mtLinearised.js';
import { MT_RELATEDNESS } from './mtRelatedness.js';
import type { FigureDef, FigureUnit } from './types.js';

/** Every figure dlgen draws, in THEORY.md §10 order. */
export const FIGURES: readonly FigureDef[] = [F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11];

/** The fine-tuning figures of FINETUNE.md §6, drawn by name (`--all` draws THEORY.md's FIGURES). */
export const FINETUNE_FIGURES: readonly FigureDef[] = [FT_DEPTH, FT_SCALE, FT_COVARIANCE, FT_ALPHA];

/** The multitask figures of MULTITASK.md §6, drawn by name (not in `--all`). */
export const MULTITASK_FIGURES: readonly FigureDef[] = [MT_RELATEDNESS, MT_DATA, MT_LINEARISED];

/** Every figure drawn by name only: FINETUNE.md's, then MULTITASK.md's. */
export const NAMED_FIGURES: readonly FigureDef[] = [...FINETUNE_FIGURES, ...MULTITASK_FIGURES];

/** The figure named `name` (case-insensitive) among FIGURES and NAMED_FIGURES, or a RangeError listing the names. */
export function figureByName(name: string): FigureDef {
  const all = [...FIGURES, ...NAMED_FIGURES];
  const f = all.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!f) throw new RangeError(`figure: got "${name}"; allowed: ${all.map((x) => x.name).join(', ')}`);
  return f;
}

/** `dlgen figure --list --json`: one entry per figure the command draws (THEORY.md's, then FINETUNE.md's and MULTITASK.md's) with its panels. */
export function figureList(): { name: string; title: string; panels: { letter: string; title: string }[] }[] {
  return [...FIGURES, ...NAMED_FIGURES].map((f) => ({
    name: f.name,
    title: f.title,
    panels: f.panels.map((p) => ({ letter: p.letter, title: p.title })),
  }));
}

/** The units of work of some figures, in order: the plain list a shard or a pool splits. */
export function figureUnits(names: readonly string[]): { figure: FigureDef; unit: FigureUnit }[] {
  return names.flatMap((n) => {
    const figure = figureByName(n);
    return figure.units.map((unit) => ({ figure, unit }));
  });
}

// src/figures: the names of the paper's figures that the public API exports, module by module.
export { figureByName, figureList, FIGURES, figureUnits, FINETUNE_FIGURES, MULTITASK_FIGURES } from './catalog.js';
export { FIGURE_CSV_COLUMNS, figureCsv, parseFigureCsv } from './csv.js';
export { renderPng, renderSvg } from './render.js';
export { assembleFigure, drawFigures, figureFiles, runUnit, runUnitCached } from './runFigures.js';
export {
  type FigureDef,
  type FigureRow,
  type FigureSize,
  type FigureUnit,
  type PanelSpec,
  type UnitOptions,
  type UnitResult,
} from './types.js';

// src/multitask: the names other layers and the public API use, module by module.
export { loadAuthorsRuns, parseAuthorsCsv } from './authorsCsv.js';
export { cellBenefits, compareWithAuthors } from './benefits.js';
export {
  DEFAULT_MULTITASK_CONFIG,
  type MultitaskConfig,
  type MultitaskUpdate,
  resolveMultitaskConfig,
} from './config.js';
export { drawMultitaskData } from './data.js';
export { trainMultitaskStudent } from './protocol.js';
export { runMultitask } from './run.js';
export {
  multitaskSweep,
  multitaskSweepRows,
  planMultitaskSweep,
  runMultitaskSweepUnits,
  type MultitaskSweepRun,
  type MultitaskSweepUnit,
} from './sweep.js';
export { drawTeacherPair } from './teacher.js';
export { jointTeacherSpectrum, linearisedProblem, steinSignal, teacherSignal } from './theory.js';

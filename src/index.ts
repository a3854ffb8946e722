// dlgen's public API: every name is listed here, grouped by layer from the ground up (src/layers.json).
// Anything not listed (kernel plumbing, epoch planning, worker jobs, field validators) is internal and may change.
// A new layer gets its own group, in layer order; each group takes names from that layer's index.ts only.

// numerics: generic quadrature, root finding and the DOP853 integrator, with no knowledge of networks.
export {
  bisect,
  brentMinimize,
  brentRoot,
  integrate,
  integrateVector,
  safeguardedNewton,
  solveDop853,
  StepUnderflowError,
  type BisectOptions,
  type BrentOptions,
  type Dop853Options,
  type Dop853Problem,
  type Dop853Stats,
  type Minimum,
  type NewtonOptions,
  type QuadratureOptions,
  type QuadratureResult,
  type ValueAndSlope,
  type VectorQuadratureResult,
} from './numerics/index.js';

// random: seeded, named random streams (seedrandom Alea).
export { createRng, normals, type Rng } from './random/index.js';

// kernels: which training-loop backend is in use (WebAssembly SIMD or the JavaScript twins).
export { kernelBackend } from './kernels/index.js';

// linalg: row-major Float64Array matrices and the decompositions the theory needs.
export {
  clone,
  combine,
  frobenius,
  frobeniusSq,
  fromRows,
  get,
  haarOrthogonal,
  identity,
  matmul,
  scale,
  singularValues,
  svd,
  toRows,
  transpose,
  zeros,
  type Mat,
  type Svd,
} from './linalg/index.js';

// config: the simulation config, its validation and the typed errors of bad input and numerical trouble.
export {
  CONFIG_FIELDS,
  ConfigError,
  DEFAULT_CONFIG,
  epochGrid,
  formatIssues,
  NumericalError,
  parseConfigText,
  readConfigFile,
  resolveConfig,
  validateConfig,
  type ConfigIssue,
  type InitKind,
  type InputKind,
  type Integrator,
  type SimulationConfig,
  type UpdateOrder,
  type Validation,
} from './config/index.js';

// task: teacher–student tasks drawn from a seed, and their normalized errors (1.6)–(1.7).
export {
  buildTask,
  testError,
  trainError,
  type InputCorrelationKind,
  type Task,
  type TaskData,
  type TaskSpec,
} from './task/index.js';

// network: deep linear students, the training engine and whole simulations.
export {
  DivergenceError,
  endToEnd,
  initStudent,
  simulate,
  simulateRun,
  stableLearningRate,
  taskOfRun,
  trainStudent,
  type Layers,
  type RunRecord,
  type SimulateOptions,
  type SimulationResult,
  type StudentSpec,
  type TrainingSpec,
  type TrainOptions,
} from './network/index.js';

// network (model engine): any model — activations, biases, heads, softmax — by reference GD, SGD or the flow; --save-arrays.
export {
  activationOf,
  ArraysDirError,
  cloneWeights,
  createModelRecorder,
  headLosses,
  initialWeights,
  isLinearStudent,
  layerShapes,
  modelGradient,
  modelLoss,
  modelSpecOfConfig,
  nonlinearErrors,
  npyBytes,
  referenceStep,
  runArrays,
  runGradientFlow,
  runSchedule,
  saveSimulationArrays,
  shuffled,
  softmaxColumns,
  stableStep,
  trainModel,
  trainNonlinearStudent,
  validateModel,
  type ModelSpec,
  type NonlinearRun,
  type RecordView,
  type Schedule,
  type Sink,
  type TrainModelOptions,
} from './network/index.js';

// parallel: simulations spread over worker threads (same bytes for any number of workers).
export { defaultWorkers, simulateParallel, type SimulateParallelOptions } from './parallel/index.js';

// rmt: Marchenko–Pastur bulk and the spiked model of the training data (§4).
export {
  detectabilityThreshold,
  effectiveSpike,
  effectiveThreshold,
  inputOverlapSq,
  isDetectable,
  mpCdf,
  mpDensity,
  mpEdges,
  mpMoment,
  mpQuantile,
  noisySingularValue,
  outputOverlapSq,
  overlap,
  signalFromNoisy,
  type EffectiveSpike,
  type ProblemSize,
} from './rmt/index.js';

// dynamics: one mode's learning dynamics, in closed form for every depth and as the discrete recursion (§3).
export {
  deepStrength,
  discreteModeTrajectory,
  epochsToTau,
  halfTime,
  modeStrength,
  modeStrengthCurve,
  shallowStrength,
  tauToEpochs,
  timeConstant,
  timeToReach,
  type ModeDynamics,
  type RecursionSpec,
} from './dynamics/index.js';

// theory: the asymptotic and semi-analytic error curves, optimal stopping, shrinkage and the theory/compare reports.
export {
  buildAsymptoticModel,
  buildSemiAnalyticModel,
  compareLevels,
  globalMinimum,
  largestGaps,
  oracleError,
  semiAnalyticCurves,
  semiAnalyticOptimalStopping,
  shrinkageEstimator,
  shrinkagePredictedError,
  theoryCurves,
  theoryOptimalStopping,
  theoryReport,
  theoryTestError,
  theoryTrainError,
  type AsymptoticModel,
  type Comparison,
  type Gap,
  type StoppingPoint,
  type TheoryCurves,
  type TheoryReport,
  type TheorySpec,
} from './theory/index.js';

// transfer: two tasks, their joint modes and the transfer benefit T^{A←B}, by theory and by simulation (§8).
export {
  DEFAULT_TRANSFER_CONFIG,
  drawTaskPair,
  jointModes,
  NONLINEAR_TRANSFER_NOTE,
  pairOfRun,
  resolveTransferConfig,
  runTransferExperiment,
  simulateTransfer,
  simulateTransferParallel,
  sweepCsv,
  theoryTransfer,
  trainNonlinearPairRun,
  transferSweep,
  transferTheoryCurves,
  validateTransferConfig,
  type JointModes,
  type NonlinearPairStudent,
  type SweepRow,
  type TaskPair,
  type TaskPairSpec,
  type TransferConfig,
  type TransferReport,
  type TransferSimulation,
  type TransferTheoryCurves,
  type TransferTheoryValue,
} from './transfer/index.js';

// finetune: fine-tuning with linear teachers (FINETUNE.md).
export {
  balancedFactorisation,
  balancedness,
  buildCovariance,
  covarianceSpectrum,
  deepFineTunedMap,
  depthScalars,
  deterministicEquivalent,
  drawSamples,
  drawTeachers,
  expectedRisk,
  FINETUNE_DEFAULTS,
  fineTuneScale,
  frozenTrunkBound,
  lazyFineTuned,
  limitScale,
  nearestInterpolant,
  populationRisk,
  resolveFinetuneConfig,
  runFinetune,
  tangentKernel,
  type CovarianceSpec,
  type FinetuneConfig,
  type FinetuneResult,
} from './finetune/index.js';

// multitask: two tasks on a shared trunk (MULTITASK.md).
export {
  cellBenefits,
  compareWithAuthors,
  DEFAULT_MULTITASK_CONFIG,
  drawMultitaskData,
  drawTeacherPair,
  jointTeacherSpectrum,
  linearisedProblem,
  loadAuthorsRuns,
  multitaskSweep,
  multitaskSweepRows,
  parseAuthorsCsv,
  planMultitaskSweep,
  resolveMultitaskConfig,
  runMultitask,
  runMultitaskSweepUnits,
  steinSignal,
  teacherSignal,
  trainMultitaskStudent,
  type MultitaskConfig,
  type MultitaskSweepRun,
  type MultitaskSweepUnit,
  type MultitaskUpdate,
} from './multitask/index.js';

// arbitraries: fast-check generators of small JSON specs, for the suite's claims and your own properties.
export {
  arbAlignedRun,
  arbDims,
  arbFraction,
  arbInt,
  arbLogUniform,
  arbModePoint,
  arbNoiseModel,
  arbSeed,
  arbSpikedModel,
  arbTaskPair,
  arbTheorySpec,
  arbUniform,
  spectrumAboveRandomizedEdge,
  spectrumFromFractions,
  thresholdRatio,
  type AlignedRunConstraints,
  type AlignedRunSpec,
  type Dims,
  type DimsConstraints,
  type ModePoint,
  type ModePointConstraints,
  type NoiseModel,
  type NoiseModelConstraints,
  type SpikedModel,
  type SpikedModelConstraints,
  type TaskPairConstraints,
  type TaskPairInstance,
  type TheorySpecConstraints,
} from './arbitraries/index.js';

// claims: the claim template, its runner and the registry that `dlgen verify` checks.
export {
  atLeast,
  atMost,
  CLAIMS,
  describeFailure,
  runClaim,
  selectClaims,
  suiteFalseFailureBound,
  twoSided,
  worstOf,
  type AnyClaim,
  type Claim,
  type ClaimKind,
  type ClaimReport,
  type Outcome,
  type PlantedBug,
  type RunClaimOptions,
  type Scale,
} from './claims/index.js';

// shard: splitting verify and sweeps into independent parts and merging their results.
export {
  assignShards,
  collectParts,
  configHash,
  mergeBlockReports,
  parsePart,
  parseShard,
  partText,
  planSweep,
  planVerify,
  readPart,
  resolveShard,
  runSweepUnits,
  runVerifyUnits,
  ShardError,
  shardNotice,
  unitSeed,
  unitsOfShard,
  verifyInstanceCost,
  type Part,
  type PartManifest,
  type ShardChoice,
  type WorkUnit,
} from './shard/index.js';

// figures: the paper's figures, rendered from dlgen's own runs.
export {
  assembleFigure,
  drawFigures,
  FIGURE_CSV_COLUMNS,
  figureByName,
  figureCsv,
  figureFiles,
  figureList,
  FIGURES,
  figureUnits,
  FINETUNE_FIGURES,
  MULTITASK_FIGURES,
  parseFigureCsv,
  renderPng,
  renderSvg,
  runUnit,
  runUnitCached,
  type FigureDef,
  type FigureRow,
  type FigureSize,
  type FigureUnit,
  type PanelSpec,
  type UnitOptions,
  type UnitResult,
} from './figures/index.js';

// report: the self-contained HTML report of `dlgen verify --report`.
export {
  buildVerifyReport,
  CLAIM_FIGURES,
  drawReportFigures,
  figureOfClaim,
  figuresForClaims,
  verifyReportHtml,
  type ReportFigure,
  type ReportMeta,
  type VerifyDocument,
} from './report/index.js';

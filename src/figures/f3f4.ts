import { rowPanels, trainingUnits, type TrainingSizes } from './trainingFigure.js';
import type { FigureDef, FigureSize } from './types.js';

/** F3 sizes: paper N1 = P = 100, N2 = N3 = 50, m ∈ {0.84, 2, 4, 6, 8}, 10 000 epochs every 5, 10 runs (§10 F3); quick N1 = 40, λ = 1e-2, 2 runs, recorded every 5 epochs as at paper size. */
export function f3Sizes(size: FigureSize): TrainingSizes {
  return size === 'paper'
    ? {
        inputDim: 100,
        hiddenDims: [50],
        outputDim: 50,
        multipliers: [0.84, 2, 4, 6, 8],
        shown: [2, 4, 8],
        learningRate: 1e-3,
        initScale: 1e-5,
        epochs: 10000,
        reportEvery: 5,
        showEpochs: 5000,
        pointEvery: 250,
        theoryEvery: 10,
        runs: 10,
      }
    : {
        inputDim: 40,
        hiddenDims: [20],
        outputDim: 20,
        multipliers: [0.84, 2, 4, 6, 8],
        shown: [2, 4, 8],
        learningRate: 1e-2,
        initScale: 1e-5,
        epochs: 1000,
        reportEvery: 5,
        showEpochs: 500,
        pointEvery: 25,
        theoryEvery: 5,
        runs: 2,
      };
}

/** F4 sizes: D_w = 4, simulated to the shown t/τ = 120 (§10 F4 runs 150 000 epochs and shows ≤ 120; the stiff flow of the strong random students costs per unit time, so the unshown 20 % is left out), recorded every 10; random students by the gradient flow (150 000 matrix epochs per run take minutes here), recorded every 50 epochs (each record costs the flow a dense output; 0.05τ still resolves t_opt ≈ 10–60τ); quick N1 = 20, N2 = N3 = 10, λ = 2.5e-3 (stable for ŝ ≈ 24 at depth 4), ε = 1e-2 (escape in ~2τ), t/τ ≤ 8, random students recorded every 0.08τ. */
export function f4Sizes(size: FigureSize): TrainingSizes {
  return size === 'paper'
    ? {
        inputDim: 100,
        hiddenDims: [50, 50, 50],
        outputDim: 50,
        multipliers: [0.84, 2, 4, 6, 8],
        shown: [2, 4, 8],
        learningRate: 1e-3,
        initScale: 1e-5,
        epochs: 120000,
        reportEvery: 10,
        showEpochs: 120000,
        pointEvery: 5000,
        theoryEvery: 500,
        runs: 10,
        randomIntegrator: 'flow',
        randomReportEvery: 50,
        note: 'Simulated to t/τ = 120, the range shown (the authors ran 150 000 epochs and showed t/τ ≤ 120), so the optima are over t/τ ≤ 120 for TA and random students alike.',
      }
    : {
        inputDim: 20,
        hiddenDims: [10, 10, 10],
        outputDim: 10,
        multipliers: [0.84, 2, 4, 6, 8],
        shown: [2, 4, 8],
        learningRate: 2.5e-3,
        initScale: 1e-2,
        epochs: 3200,
        reportEvery: 8,
        showEpochs: 3200,
        pointEvery: 160,
        theoryEvery: 40,
        runs: 2,
        randomIntegrator: 'flow',
        randomReportEvery: 32,
      };
}

/** F3 — theory vs simulation, one hidden layer (§10 F3). */
export const F3: FigureDef = {
  name: 'F3',
  title: 'Theory vs simulation, one hidden layer (A = 1/2)',
  columns: 4,
  panels: [
    ...rowPanels({ train: 'A', test: 'B', minError: 'C', minTime: 'D' }, 1, 3, true, 5),
    ...rowPanels({ train: 'E', test: 'F', minError: 'G', minTime: 'H' }, 3, 3, true, 5),
  ],
  units: trainingUnits('F3', f3Sizes, true),
};

/** F4 — deeper students, D_w = 4 (§10 F4): panels B/F show theory and TA only. */
export const F4: FigureDef = {
  name: 'F4',
  title: 'Deeper students (three hidden layers, A = 1/2)',
  columns: 4,
  panels: [
    ...rowPanels({ train: 'A', test: 'B', minError: 'C', minTime: 'D' }, 1, 3, false, 5),
    ...rowPanels({ train: 'E', test: 'F', minError: 'G', minTime: 'H' }, 3, 3, false, 5),
  ],
  units: trainingUnits('F4', f4Sizes, false),
};

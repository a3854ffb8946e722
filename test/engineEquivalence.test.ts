import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Mat } from '../src/linalg/mat.js';
import { initStudent } from '../src/network/init.js';
import type { ModelSpec } from '../src/network/model.js';
import { createModelRecorder } from '../src/network/modelRecorder.js';
import type { StudentSpec, TrainingSpec } from '../src/network/student.js';
import { trainStudent } from '../src/network/train.js';
import { trainModel } from '../src/network/trainModel.js';
import { createRng } from '../src/random/rng.js';
import { buildTask } from '../src/task/buildTask.js';
import type { Task, TaskSpec } from '../src/task/task.js';

// One table: every fast trajectory path of the engine against the reference GD (reference.ts) over
// whole runs. Cells: backend (WebAssembly kernels, JavaScript twins) × Σ11 kind (I, D·I, projector,
// general) × input reduction (auto, off) × update order × depth 2–4 × init (aligned, random); then
// the kernel backend of trainModel with frozen layers, the flow, and the thread team (compiled dist/).

/** max |a − b| / max |b|: relative to the array's scale (mode strengths of noise modes sit near 0). */
function relGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

const KINDS = {
  identity: [10, 'orthogonal'],
  scaled: [16, 'orthogonal'],
  projector: [7, 'orthogonal'],
  general: [12, 'gaussian'],
} as const;
const HIDDEN = { 2: [8], 3: [8, 7], 4: [7, 9, 6] } as const;
const training: TrainingSpec = { learningRate: 0.04, epochs: 60, reportEvery: 20 };

function taskOf(kind: keyof typeof KINDS): Task {
  const [examples, inputs] = KINDS[kind];
  const spec: TaskSpec = {
    inputDim: 10,
    outputDim: 6,
    examples,
    teacherSingularValues: [3, 1.2],
    noiseStd: 0.4,
    inputs,
  };
  const task = buildTask(spec, createRng(`equiv-${kind}`));
  expect(task.sigma11Kind).toBe(kind);
  return task;
}

/** The reference run of a linear student from given layers: final layers and today's records. */
function reference(task: Task, initial: Mat[], update: 'sequential' | 'simultaneous', extra: Partial<ModelSpec> = {}) {
  const model: ModelSpec = {
    inputDim: 10,
    hiddenDims: initial.slice(0, -1).map((l) => l.rows),
    heads: [{ outputDim: 6 }],
    init: { kind: 'given', weights: initial },
    ...extra,
  };
  const data = [{ x: task.x, y: task.y }];
  const rec = createModelRecorder(model, { train: data, task });
  const { weights } = trainModel(model, data, { integrator: 'gd', update, ...training, sink: rec.sink });
  return { layers: weights.layers, record: rec.result().task! };
}

/** Rounding only: the paths associate the same products differently (E = Σ31 − WΣ11 vs (Y − WX)Xᵀ), ≈1e-15 per epoch at these sizes. */
const TOL = 1e-12;

describe('engine equivalence: every fast path against the reference GD over whole runs', () => {
  for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
    it(`Σ11 ${kind}: backend × reduction × order × depth 2–4 × init`, () => {
      const task = taskOf(kind);
      let cells = 0;
      for (const depth of [2, 3, 4] as const) {
        for (const init of ['aligned', 'random'] as const) {
          for (const update of ['sequential', 'simultaneous'] as const) {
            const student: StudentSpec = { hiddenDims: HIDDEN[depth], init, initScale: 0.05, update };
            const initial = initStudent(task, student, createRng(`init-${depth}-${init}`));
            const ref = reference(task, initial, update);
            for (const inputReduction of ['auto', 'off'] as const) {
              for (const backend of ['wasm', 'js'] as const) {
                const fast = trainStudent(task, student, training, createRng(0), {
                  initialLayers: initial,
                  inputReduction,
                  kernels: backend === 'js' ? 'js' : 'auto',
                });
                const where = `${kind} D_w=${depth} ${init} ${update} reduction=${inputReduction} ${backend}`;
                fast.finalLayers.forEach((l, i) => expect(relGap(l.data, ref.layers[i].data), where).toBeLessThan(TOL));
                expect(relGap(fast.trainError, ref.record.trainError), where).toBeLessThan(TOL);
                expect(relGap(fast.testError, ref.record.testError), where).toBeLessThan(TOL);
                fast.modeStrengths.forEach((m, k) =>
                  expect(relGap(m, ref.record.modeStrengths[k]), where).toBeLessThan(TOL),
                );
                cells++;
              }
            }
          }
        }
      }
      expect(cells).toBe(48);
    });
  }

  it('JS twins and WebAssembly kernels give the same bytes (planned program, reduced and full)', () => {
    const task = taskOf('general');
    for (const update of ['sequential', 'simultaneous'] as const) {
      const model: ModelSpec = {
        inputDim: 10,
        hiddenDims: [8, 7],
        heads: [{ outputDim: 6 }],
        init: { kind: 'random', scale: 0.1 },
      };
      const data = [{ x: task.x, y: task.y }];
      const opts = { integrator: 'gd' as const, update, ...training, rng: createRng(3) };
      const wasm = trainModel(model, data, { ...opts, backend: 'kernels' }).weights;
      const js = trainModel(model, data, { ...opts, backend: 'kernels-js', rng: createRng(3) }).weights;
      expect(wasm).toEqual(js);
    }
  });

  it('trainModel kernels (fine-tuning: given start, frozen layers, general Σ11, mean loss) equal the reference', () => {
    const task = taskOf('general');
    const initial = initStudent(
      task,
      { hiddenDims: [8, 7], init: 'random', initScale: 0.5, update: 'sequential' },
      createRng('ft'),
    );
    for (const frozen of [[1], [2], [1, 3], []]) {
      for (const update of ['sequential', 'simultaneous'] as const) {
        const model: ModelSpec = {
          inputDim: 10,
          hiddenDims: [8, 7],
          heads: [{ outputDim: 6 }],
          frozen,
          init: { kind: 'given', weights: initial },
        };
        const data = [{ x: task.x, y: task.y }];
        const opts = { integrator: 'gd' as const, update, ...training, learningRate: 0.3, reduction: 'mean' as const };
        const ref = trainModel(model, data, opts).weights;
        const fast = trainModel(model, data, { ...opts, backend: 'kernels' }).weights;
        fast.layers.forEach((l, i) =>
          expect(relGap(l.data, ref.layers[i].data), `frozen ${frozen} ${update}`).toBeLessThan(TOL),
        );
        for (const f of frozen) expect(fast.layers[f - 1].data).toEqual(initial[f - 1].data);
      }
    }
  });

  it('the flow of the fast path and the reference flow solve the same ODE (to the integrator tolerance)', () => {
    for (const kind of ['identity', 'general'] as const) {
      const task = taskOf(kind);
      const student: StudentSpec = { hiddenDims: [8, 7], init: 'random', initScale: 0.1, update: 'sequential' };
      const initial = initStudent(task, student, createRng('flow'));
      const flowTraining = { ...training, integrator: 'flow' as const, flowTolerance: 1e-12 };
      const fast = trainStudent(task, student, flowTraining, createRng(0), { initialLayers: initial });
      const model: ModelSpec = {
        inputDim: 10,
        hiddenDims: [8, 7],
        heads: [{ outputDim: 6 }],
        init: { kind: 'given', weights: initial },
      };
      const ref = trainModel(model, [{ x: task.x, y: task.y }], {
        integrator: 'flow',
        ...training,
        flowTolerance: 1e-12,
      }).weights;
      // Two adaptive solves of one ODE to rtol 1e-12: their step sequences differ, so they agree to a few rtol, not to rounding.
      fast.finalLayers.forEach((l, i) => expect(relGap(l.data, ref.layers[i].data), kind).toBeLessThan(1e-9));
    }
  });

  const dist = (path: string) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));
  it.skipIf(!existsSync(dist('parallel/teamWorker.js')))(
    'a thread team gives the same bytes as one thread (compiled dist/, every Σ11 kind, both orders)',
    async () => {
      const lib = {
        ...((await import(dist('network/train.js'))) as typeof import('../src/network/train.js')),
        ...((await import(dist('parallel/team.js'))) as typeof import('../src/parallel/team.js')),
        ...((await import(dist('task/buildTask.js'))) as typeof import('../src/task/buildTask.js')),
        ...((await import(dist('random/rng.js'))) as typeof import('../src/random/rng.js')),
        ...((await import(dist('network/trainModel.js'))) as typeof import('../src/network/trainModel.js')),
      };
      const team = await lib.createTeam(2);
      expect(team, 'a two-thread team starts from dist/').toBeDefined();
      try {
        for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
          const [examples, inputs] = KINDS[kind];
          const task = lib.buildTask(
            { inputDim: 10, outputDim: 6, examples, teacherSingularValues: [3, 1.2], noiseStd: 0.4, inputs },
            lib.createRng(`equiv-${kind}`),
          );
          for (const update of ['sequential', 'simultaneous'] as const) {
            const student: StudentSpec = { hiddenDims: [8, 7], init: 'random', initScale: 0.05, update };
            const alone = lib.trainStudent(task, student, training, lib.createRng(1));
            const teamed = lib.trainStudent(task, student, training, lib.createRng(1), { team });
            expect(JSON.stringify(teamed), `${kind} ${update}`).toBe(JSON.stringify(alone));
          }
        }
        // trainModel's kernel backend on the same team (a given X, general Σ11, deep sequential).
        const task = lib.buildTask(
          {
            inputDim: 10,
            outputDim: 6,
            examples: 7,
            teacherSingularValues: [3, 1.2],
            noiseStd: 0.4,
            inputs: 'gaussian',
          },
          lib.createRng('equiv-model-team'),
        );
        const model: ModelSpec = {
          inputDim: 10,
          hiddenDims: [8, 7, 9],
          heads: [{ outputDim: 6 }],
          init: { kind: 'random', scale: 0.1 },
        };
        const opts = {
          integrator: 'gd' as const,
          update: 'sequential' as const,
          backend: 'kernels' as const,
          ...training,
        };
        const data = [{ x: task.x, y: task.y }];
        const alone = lib.trainModel(model, data, { ...opts, rng: lib.createRng(3) }).weights;
        const teamed = lib.trainModel(model, data, { ...opts, rng: lib.createRng(3), team }).weights;
        expect(teamed).toEqual(alone);
      } finally {
        await team?.close();
      }
    },
  );
});

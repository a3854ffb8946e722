import { describe, expect, it } from 'vitest';
import { clone, type Mat } from '../linalg/mat.js';
import { createRng } from '../random/rng.js';
import { buildTask } from '../task/buildTask.js';
import type { TaskSpec } from '../task/task.js';
import { gdStepReference } from './gdStepReference.js';
import { initStudent } from './init.js';
import { endToEnd } from './product.js';
import type { Layers, StudentSpec } from './student.js';
import { runGradientDescent } from './trainer.js';

function relErr(a: Mat, b: Mat): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
    s = Math.max(s, Math.abs(b.data[i]));
  }
  return d / s;
}

function trajectory(
  task: ReturnType<typeof buildTask>,
  init: Layers,
  student: StudentSpec,
  lr: number,
  epochs: number,
  every: number,
  kernels: 'auto' | 'js' = 'auto',
) {
  const layers = init.map(clone);
  const ws: Mat[] = [];
  const ls: Layers[] = [];
  runGradientDescent(task, layers, {
    update: student.update,
    training: { learningRate: lr, epochs, reportEvery: every },
    kernels,
    observe: (_t, l, w) => {
      ws.push(clone(w));
      ls.push(l.map(clone));
    },
  });
  return { ws, ls, final: layers };
}

describe('the kernel trainer follows the reference epoch over whole trajectories (1e-12 relative)', () => {
  const cases: { name: string; spec: TaskSpec; hidden: number[]; init: 'aligned' | 'random'; lr: number }[] = [
    {
      name: 'Fig. 3 shape scaled down, aligned',
      spec: {
        inputDim: 40,
        outputDim: 20,
        examples: 40,
        teacherSingularValues: [4],
        noiseStd: 1,
        inputs: 'orthogonal',
      },
      hidden: [20],
      init: 'aligned',
      lr: 0.01,
    },
    {
      name: 'odd sizes, random init',
      spec: {
        inputDim: 23,
        outputDim: 13,
        examples: 23,
        teacherSingularValues: [3, 1],
        noiseStd: 1,
        inputs: 'orthogonal',
      },
      hidden: [17],
      init: 'random',
      lr: 0.01,
    },
    {
      name: 'three hidden layers',
      spec: {
        inputDim: 18,
        outputDim: 9,
        examples: 18,
        teacherSingularValues: [3],
        noiseStd: 0.5,
        inputs: 'orthogonal',
      },
      hidden: [11, 11, 11],
      init: 'random',
      lr: 0.01,
    },
    {
      name: 'projector through (WX)Xᵀ',
      spec: {
        inputDim: 30,
        outputDim: 10,
        examples: 6,
        teacherSingularValues: [2],
        noiseStd: 0.5,
        inputs: 'orthogonal',
      },
      hidden: [12],
      init: 'random',
      lr: 0.02,
    },
  ];
  for (const c of cases) {
    for (const update of ['sequential', 'simultaneous'] as const) {
      it(`${c.name}, ${update}: every recorded W over 600 epochs`, () => {
        const rng = createRng(`kern-${c.name}`);
        const task = buildTask(c.spec, rng);
        const student: StudentSpec = {
          hiddenDims: c.hidden,
          init: c.init,
          initScale: c.init === 'aligned' ? 1e-3 : 0.1,
          update,
        };
        const init = initStudent(task, student, rng.fork('init'));
        const fast = trajectory(task, init, student, c.lr, 600, 50);
        let ref = init.map(clone);
        for (let t = 0; t <= 600; t++) {
          if (t % 50 === 0) {
            const i = t / 50;
            expect(relErr(fast.ws[i], endToEnd(ref)), `W at epoch ${t}`).toBeLessThan(1e-12);
            fast.ls[i].forEach((l, k) => expect(relErr(l, ref[k]), `layer ${k + 1} at epoch ${t}`).toBeLessThan(1e-12));
          }
          if (t < 600) ref = gdStepReference(ref, task.sigma31, task.sigma11, c.lr, update);
        }
      });
    }
  }

  it('gives byte-identical trajectories with the WebAssembly kernels and their JavaScript twins', () => {
    const rng = createRng('kern-bytes');
    const task = buildTask(
      { inputDim: 30, outputDim: 14, examples: 30, teacherSingularValues: [4], noiseStd: 1, inputs: 'orthogonal' },
      rng,
    );
    for (const update of ['sequential', 'simultaneous'] as const) {
      const student: StudentSpec = { hiddenDims: [15, 15], init: 'random', initScale: 0.05, update };
      const init = initStudent(task, student, rng.fork(`init-${update}`));
      const a = trajectory(task, init, student, 0.02, 300, 10);
      const b = trajectory(task, init, student, 0.02, 300, 10, 'js');
      a.ws.forEach((w, i) =>
        expect(
          Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).equals(Buffer.from(b.ws[i].data.buffer)),
        ).toBe(true),
      );
      a.final.forEach((l, k) =>
        expect(Buffer.from(l.data.buffer).equals(Buffer.from(b.final[k].data.buffer))).toBe(true),
      );
    }
  });
});

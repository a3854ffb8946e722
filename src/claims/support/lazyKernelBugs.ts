// Wrong versions of the lazy-regime map (A7) that FT12a and FT12b both plant: the same two mistakes of the kernel.
import { lazyFineTunedFrom, reluOutput, type lazyFineTuned } from '../../finetune/lazyKernel.js';

/** (A7) with the random-features kernel (1/m)Σ relu·relu: the hidden weights' term of the tangent kernel forgotten. */
export const outputLayerKernelOnly: typeof lazyFineTuned = (net, x, y, at) =>
  lazyFineTunedFrom(
    { hidden: net.hidden, output: new Float64Array(net.output.length) },
    { train: reluOutput(net, x), at: reluOutput(net, at) },
    x,
    y,
    at,
  );

/** (A7) as plain kernel regression K(·, X)K⁻¹y: the pretrained function f_S dropped. */
export const kernelRegressionFromZero: typeof lazyFineTuned = (net, x, y, at) =>
  lazyFineTunedFrom(net, { train: new Float64Array(x.cols), at: new Float64Array(at.cols) }, x, y, at);

/** The transfer claims C16(a)–(g) of THEORY.md §11 (one module each), for the registry's single import line. */
export { c16aJointSvd } from './c16TransferJointSvd.js';
export { c16bOutputModes } from './c16TransferOutputModes.js';
export { c16cNoiseless } from './c16TransferNoiseless.js';
export { c16dOrthogonal } from './c16TransferOrthogonal.js';
export { c16eAlignedHelp } from './c16TransferAlignedHelp.js';
export { c16fTheoryVsSimulation } from './c16TransferTheoryVsSimulation.js';
export { c16gNonMonotone } from './c16TransferNonMonotone.js';

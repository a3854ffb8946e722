import { ConfigError } from './errors.js';
import type { FieldCheck } from './fields.js';
import { numIn, oneOf } from './fields.js';

/** Hidden-layer nonlinearity of a single-task student (THEORY.md §9.6, §10 F10); the output layer stays linear. */
export type StudentActivation = 'linear' | 'leakyRelu' | 'relu';

/** The activations a config may name. */
export const STUDENT_ACTIVATIONS: readonly StudentActivation[] = ['linear', 'leakyRelu', 'relu'];

/** Default negative-side slope of the leaky ReLU (F10 uses 0.1, F11 0.2). */
export const DEFAULT_LEAKY_SLOPE = 0.01;

/** The resolved activation fields: present in a resolved config only for a nonlinear student. */
export interface ActivationFields {
  readonly activation?: 'leakyRelu' | 'relu';
  readonly leakySlope?: number;
  /** init and update to use when the config leaves them out (nonlinear students: random, simultaneous). */
  readonly init?: 'random';
  readonly update?: 'simultaneous';
}

/**
 * Checks `activation` and `leakySlope` (only with "leakyRelu", in [0, 1]; 1 is the linear map) and
 * what a nonlinear student needs of the other fields: no training-aligned init (it is defined from
 * the SVD of Σ31 for linear students), the simultaneous update (the authors' nonlinear runs used
 * plain TensorFlow GD, which updates all layers from the same weights) and GD (not the flow).
 * `given` says whether a field was in the raw config; absent init/update default to random/simultaneous.
 */
export function activationFields(
  ctx: FieldCheck,
  v: (field: string) => unknown,
  given: (field: string) => boolean,
): ActivationFields {
  const activation = given('activation') ? oneOf(ctx, 'activation', v('activation'), STUDENT_ACTIVATIONS) : 'linear';
  if (given('leakySlope') && activation !== undefined && activation !== 'leakyRelu') {
    ctx.issues.push({
      field: 'leakySlope',
      value: v('leakySlope'),
      allowed: 'only with activation "leakyRelu" (leave it out otherwise)',
    });
    return {};
  }
  if (activation === undefined || activation === 'linear') return {};
  if (given('init') && v('init') === 'aligned') {
    ctx.issues.push({
      field: 'init',
      value: 'aligned',
      allowed: `"random" for activation "${activation}" (the aligned init exists for linear students only)`,
    });
  }
  if (given('update') && v('update') === 'sequential') {
    ctx.issues.push({
      field: 'update',
      value: 'sequential',
      allowed: `"simultaneous" for activation "${activation}" (nonlinear students train with the simultaneous update)`,
    });
  }
  if (given('integrator') && v('integrator') === 'flow') {
    ctx.issues.push({ field: 'integrator', value: 'flow', allowed: `"gd" for activation "${activation}"` });
  }
  if (activation === 'relu') return { activation, init: 'random', update: 'simultaneous' };
  const leakySlope = numIn(ctx, 'leakySlope', given('leakySlope') ? v('leakySlope') : DEFAULT_LEAKY_SLOPE, 0, 1);
  return { activation, leakySlope, init: 'random', update: 'simultaneous' };
}

/** True when a resolved config describes a nonlinear student. */
export function isNonlinearConfig(c: { readonly activation?: StudentActivation }): boolean {
  return c.activation !== undefined && c.activation !== 'linear';
}

/**
 * Throws a ConfigError naming `activation` when a command whose mathematics exists only for linear
 * students (the asymptotic theory, §4–§8) is given a nonlinear config; `instead` says what to run.
 */
export function refuseNonlinear(
  c: { readonly activation?: StudentActivation },
  command: string,
  instead = 'run `dlgen simulate` for nonlinear students',
): void {
  if (!isNonlinearConfig(c)) return;
  throw new ConfigError([
    {
      field: 'activation',
      value: c.activation,
      allowed: `"linear" (leave activation out): \`dlgen ${command}\` is the linear theory, which has no nonlinear counterpart (THEORY.md §9.6); ${instead}`,
    },
  ]);
}

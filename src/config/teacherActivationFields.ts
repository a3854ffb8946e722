import type { FieldCheck } from './fields.js';
import { numIn, oneOf } from './fields.js';

/** The teachers' nonlinearity (THEORY.md §8.7, §10 F11): linear (1.1), or leaky ReLU on each mode's hidden unit and outputs. */
export type TeacherActivation = 'linear' | 'leakyRelu';

/** The teacher activations a config may name. */
export const TEACHER_ACTIVATIONS: readonly TeacherActivation[] = ['linear', 'leakyRelu'];

/** Default negative-side slope of the teachers' leaky ReLU: 0.2, F11's (§8.7). */
export const DEFAULT_TEACHER_LEAKY_SLOPE = 0.2;

/** The resolved teacher fields: present in a resolved config only for a nonlinear teacher. */
export interface TeacherActivationFields {
  readonly teacherActivation?: 'leakyRelu';
  readonly teacherLeakySlope?: number;
}

/**
 * Checks `teacherActivation` and `teacherLeakySlope` (only with "leakyRelu", in [0, 1]; 1 is the linear
 * teacher). A nonlinear teacher is defined by its outputs on the one-hot inputs, so it needs
 * examples = inputDim (`oneHot` false names teacherActivation; undefined when the sizes were bad already).
 */
export function teacherActivationFields(
  ctx: FieldCheck,
  v: (field: string) => unknown,
  given: (field: string) => boolean,
  oneHot: boolean | undefined,
): TeacherActivationFields {
  const kind = given('teacherActivation')
    ? oneOf(ctx, 'teacherActivation', v('teacherActivation'), TEACHER_ACTIVATIONS)
    : 'linear';
  if (given('teacherLeakySlope') && kind !== undefined && kind !== 'leakyRelu') {
    ctx.issues.push({
      field: 'teacherLeakySlope',
      value: v('teacherLeakySlope'),
      allowed: 'only with teacherActivation "leakyRelu" (leave it out otherwise)',
    });
    return {};
  }
  if (kind !== 'leakyRelu') return {};
  if (oneHot === false) {
    ctx.issues.push({
      field: 'teacherActivation',
      value: kind,
      allowed: '"linear" unless examples = inputDim (a nonlinear teacher is defined on the one-hot inputs, §8.7)',
    });
  }
  const slope = given('teacherLeakySlope') ? v('teacherLeakySlope') : DEFAULT_TEACHER_LEAKY_SLOPE;
  return { teacherActivation: kind, teacherLeakySlope: numIn(ctx, 'teacherLeakySlope', slope, 0, 1) };
}

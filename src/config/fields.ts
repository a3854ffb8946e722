import type { ConfigIssue } from './errors.js';

/**
 * Field checkers shared by every config type (single task, transfer). Each returns the
 * value when valid and pushes a `ConfigIssue` naming the field and the allowed range otherwise.
 */
export interface FieldCheck {
  readonly issues: ConfigIssue[];
}

/** Integer in [min, max]. */
export function intIn(ctx: FieldCheck, field: string, v: unknown, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    ctx.issues.push({ field, value: v, allowed: `integer in [${min}, ${max}]` });
    return undefined;
  }
  return v;
}

/** Finite number in [min, max] (or (min, max] when `minExclusive`). */
export function numIn(
  ctx: FieldCheck,
  field: string,
  v: unknown,
  min: number,
  max: number,
  minExclusive = false,
): number | undefined {
  const ok = typeof v === 'number' && Number.isFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
  if (!ok) {
    ctx.issues.push({ field, value: v, allowed: `number in ${minExclusive ? '(' : '['}${min}, ${max}]` });
    return undefined;
  }
  return v as number;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(
  ctx: FieldCheck,
  field: string,
  v: unknown,
  options: readonly T[],
): T | undefined {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    ctx.issues.push({ field, value: v, allowed: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}` });
    return undefined;
  }
  return v as T;
}

/** A safe integer (seeds). */
export function safeInt(ctx: FieldCheck, field: string, v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    ctx.issues.push({
      field,
      value: v,
      allowed: `integer in [${Number.MIN_SAFE_INTEGER}, ${Number.MAX_SAFE_INTEGER}]`,
    });
    return undefined;
  }
  return v;
}

/** An array of length in [minLen, maxLen] whose entries each pass `each` (reported as `field[i]`). */
export function arrayOf<T>(
  ctx: FieldCheck,
  field: string,
  v: unknown,
  minLen: number,
  maxLen: number,
  each: (field: string, x: unknown) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(v) || v.length < minLen || v.length > maxLen) {
    ctx.issues.push({ field, value: v, allowed: `array of length ${minLen}–${maxLen}` });
    return undefined;
  }
  const out: T[] = [];
  let ok = true;
  v.forEach((x, i) => {
    const r = each(`${field}[${i}]`, x);
    if (r === undefined) ok = false;
    else out.push(r);
  });
  return ok ? out : undefined;
}

/** Rejects keys not in `known` (a typo must not silently fall back to a default). */
export function noUnknownKeys(ctx: FieldCheck, raw: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      const hint = closest(key, known);
      ctx.issues.push({
        field: key,
        value: raw[key],
        allowed: `no such field${hint ? ` (did you mean "${hint}"?)` : ''}; known fields: ${known.join(', ')}`,
      });
    }
  }
}

/** Accepts only a plain JSON object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Smallest allowed largest teacher value: W̄'s entries are about s̄/√(N1·N3) with N1·N3 ≤ 1e12, and
 * their squares (which sum to ‖W̄‖², the normaliser of every error) must stay above float64's
 * smallest normal number 2.2e-308; 1e-100 keeps a margin of over 1e80.
 */
export const MIN_TEACHER_VALUE = 1e-100;

/**
 * A teacher spectrum s̄ (1.1): 1 to `maxLength` values in [0, 1e6], non-increasing, the first ≥ MIN_TEACHER_VALUE
 * (errors are normalised by ‖W̄‖²). `lengthAllowed` says why the length is capped, for the message.
 */
export function spectrumField(
  ctx: FieldCheck,
  field: string,
  raw: unknown,
  maxLength: number,
  lengthAllowed: string,
): number[] | undefined {
  if (Array.isArray(raw) && raw.length > maxLength) {
    ctx.issues.push({ field, value: raw, allowed: lengthAllowed });
    return undefined;
  }
  const values = arrayOf(ctx, field, raw, 1, Math.max(1, maxLength), (f, x) => numIn(ctx, f, x, 0, 1e6));
  if (!values) return undefined;
  if (!(values[0] >= MIN_TEACHER_VALUE)) {
    ctx.issues.push({
      field: `${field}[0]`,
      value: values[0],
      allowed: `number in [${MIN_TEACHER_VALUE}, 1e6]: the largest value sets ‖W̄‖, which normalises every error; below ${MIN_TEACHER_VALUE} the squares of W̄'s entries underflow in float64`,
    });
  }
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[i - 1]) {
      ctx.issues.push({
        field: `${field}[${i}]`,
        value: values[i],
        allowed: `number in [0, ${values[i - 1]}] (values must be non-increasing)`,
      });
    }
  }
  return values;
}

/** The student and training fields every config shares, with the same ranges everywhere (§2). */
export interface CommonFields {
  hiddenDims?: number[];
  noiseStd?: number;
  learningRate?: number;
  initScale?: number;
  init?: 'random' | 'aligned';
  update?: 'sequential' | 'simultaneous';
  epochs?: number;
  reportEvery?: number;
  runs?: number;
  seed?: number;
}

/**
 * Validates the shared fields, reading each through `v` (raw value or default). `given` says which
 * fields the user set: a default `reportEvery` larger than `epochs` is clamped to fit the run (a
 * config of `{"epochs": 3}` records epochs 0 and 3), while a user's own value is checked as given.
 */
export function commonFields(
  ctx: FieldCheck,
  v: (field: keyof CommonFields) => unknown,
  maxDim: number,
  given: (field: keyof CommonFields) => boolean = () => true,
): CommonFields {
  const epochs = intIn(ctx, 'epochs', v('epochs'), 0, 1e9);
  const defaultEvery = v('reportEvery');
  const every =
    !given('reportEvery') && epochs !== undefined && typeof defaultEvery === 'number'
      ? Math.min(defaultEvery, Math.max(1, epochs))
      : defaultEvery;
  return {
    hiddenDims: arrayOf(ctx, 'hiddenDims', v('hiddenDims'), 1, 64, (f, x) => intIn(ctx, f, x, 1, maxDim)),
    noiseStd: numIn(ctx, 'noiseStd', v('noiseStd'), 0, 1e6),
    learningRate: numIn(ctx, 'learningRate', v('learningRate'), 0, 100, true),
    initScale: numIn(ctx, 'initScale', v('initScale'), 0, 10, true),
    init: oneOf(ctx, 'init', v('init'), ['random', 'aligned'] as const),
    update: oneOf(ctx, 'update', v('update'), ['sequential', 'simultaneous'] as const),
    epochs,
    reportEvery: intIn(ctx, 'reportEvery', every, 1, Math.max(1, epochs ?? 1e9)),
    runs: intIn(ctx, 'runs', v('runs'), 1, 100_000),
    seed: safeInt(ctx, 'seed', v('seed')),
  };
}

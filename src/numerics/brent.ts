/**
 * Brent's methods: a bracketing root finder (inverse quadratic interpolation with bisection
 * safeguard) and a bracketing minimiser (parabolic steps with golden-section safeguard).
 * A leaf module: it imports nothing from the rest of dlgen.
 */

/** Options of the Brent routines. */
export interface BrentOptions {
  /** Absolute tolerance on x; the relative part 4·eps·|x| is always added. Default 0 (machine precision). */
  readonly xTol?: number;
  readonly maxIter?: number;
}

const EPS = Number.EPSILON;
const GOLD = 0.3819660112501051; // (3 − √5)/2

/** A root of f in [a, b] where f(a), f(b) have opposite signs (or one is 0), to ≈ 4·eps·|x| + xTol (Brent 1973), §3.3. */
export function brentRoot(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): number {
  const xTol = options.xTol ?? 0;
  const maxIter = options.maxIter ?? 200;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Number.isNaN(fa) || Number.isNaN(fb) || Math.sign(fa) === Math.sign(fb)) {
    throw new RangeError(`brentRoot: f(a) = ${fa} and f(b) = ${fb} do not bracket a root on [${a}, ${b}]`);
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * EPS * Math.abs(b) + 0.5 * xTol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Secant (two points) or inverse quadratic interpolation (three).
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) throw new RangeError(`brentRoot: f is NaN at x = ${b}`);
  }
  return b;
}

/** Result of a one-dimensional minimisation. */
export interface Minimum {
  readonly x: number;
  readonly fx: number;
}

/** A local minimum of f on [a, b] by Brent's parabolic/golden-section search (Brent 1973); endpoints are compared too, §6. */
export function brentMinimize(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): Minimum {
  if (!(b >= a)) throw new RangeError(`brentMinimize: need a ≤ b, got [${a}, ${b}]`);
  const xTol = options.xTol ?? 0;
  const maxIter = options.maxIter ?? 200;
  let x = a + GOLD * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let lo = a;
  let hi = b;
  for (let iter = 0; iter < maxIter; iter++) {
    const m = 0.5 * (lo + hi);
    const tol = Math.sqrt(EPS) * Math.abs(x) + xTol / 3 + 1e-300;
    const tol2 = 2 * tol;
    if (Math.abs(x - m) <= tol2 - 0.5 * (hi - lo)) break;
    let useGolden = true;
    if (Math.abs(e) > tol) {
      // Parabola through (v, fv), (w, fw), (x, fx).
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (lo - x) && p < q * (hi - x)) {
        e = d;
        d = p / q;
        const u = x + d;
        if (u - lo < tol2 || hi - u < tol2) d = x < m ? tol : -tol;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = (x < m ? hi : lo) - x;
      d = GOLD * e;
    }
    const u = x + (Math.abs(d) >= tol ? d : d > 0 ? tol : -tol);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) hi = x;
      else lo = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) lo = u;
      else hi = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  const fa = f(a);
  const fb = f(b);
  if (fa < fx && fa <= fb) return { x: a, fx: fa };
  if (fb < fx) return { x: b, fx: fb };
  return { x, fx };
}

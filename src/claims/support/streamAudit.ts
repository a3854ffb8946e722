import type { Rng } from '../../random/rng.js';

/**
 * Structural audit of a builder's random streams (Appendix R1: teacher, inputs, noise and init each
 * from their own named stream). Each stream that was drawn from is perturbed in turn (replaced by an
 * unrelated stream); the parts whose values change depend on it. The audit fails when one stream feeds
 * two parts, when a part draws from the run's root stream itself, or when two parts draw below the same
 * first fork name (so their stream names differ at every depth of forking).
 */

/** The values of each named part of one draw (e.g. teacher: [Ū, V̄], noise: [Z]), as flat arrays. */
export type DrawnParts = Readonly<Record<string, readonly ArrayLike<number>[]>>;

/** A stream wrapper that logs the paths drawn from and can swap one path for an unrelated stream. */
function traced(rng: Rng, drawn: Set<string>, perturbed: string | undefined): Rng {
  const source = rng.path === perturbed ? rng.fork('perturbed') : rng;
  return {
    path: rng.path,
    uniform: () => {
      drawn.add(rng.path);
      return source.uniform();
    },
    normal: () => {
      drawn.add(rng.path);
      return source.normal();
    },
    fork: (name) => traced(rng.fork(name), drawn, perturbed),
  };
}

/**
 * Equal up to 1e-9 relative: a part computed through data-dependent rounding (an end-to-end map
 * reconstructed from the input subspace of Σ31) moves by ~1e-16 when an unrelated stream changes,
 * while a real dependence moves it by O(1).
 */
function sameValues(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    if (a[k].length !== b[k].length) return false;
    let scale = 0;
    for (let i = 0; i < a[k].length; i++) scale = Math.max(scale, Math.abs(a[k][i]));
    for (let i = 0; i < a[k].length; i++) if (!(Math.abs(a[k][i] - b[k][i]) <= 1e-9 * scale)) return false;
  }
  return true;
}

/** What the audit found: the streams each part depends on, and every violation in words (none when the layout is sound). */
export interface StreamAudit {
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
  readonly violations: readonly string[];
}

/** Audits `draw` (one run drawn from the given root stream) as described above. */
export function auditStreams(root: Rng, draw: (rng: Rng) => DrawnParts): StreamAudit {
  const drawn = new Set<string>();
  const reference = draw(traced(root, drawn, undefined));
  const parts = Object.keys(reference);
  const dependsOn: Record<string, string[]> = Object.fromEntries(parts.map((p) => [p, []]));
  const violations: string[] = [];
  for (const path of [...drawn].sort()) {
    const changed = draw(traced(root, new Set(), path));
    const hit = parts.filter((p) => !sameValues(reference[p], changed[p]));
    for (const p of hit) dependsOn[p].push(path);
    if (hit.length > 1) violations.push(`stream ${path} feeds ${hit.join(' and ')}`);
  }
  const prefix = `${root.path}/`;
  const owner = new Map<string, string>();
  for (const p of parts) {
    for (const path of dependsOn[p]) {
      if (!path.startsWith(prefix)) {
        violations.push(`${p} draws from the root stream ${path} itself, the ancestor of every other stream`);
        continue;
      }
      const first = path.slice(prefix.length).split('/')[0];
      const other = owner.get(first);
      if (other !== undefined && other !== p)
        violations.push(`${other} and ${p} both draw below the fork '${first}' (${path})`);
      else owner.set(first, p);
    }
  }
  return { dependsOn, violations };
}

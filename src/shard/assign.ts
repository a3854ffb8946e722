/** One unit of work of a run: a stable id, an estimated cost (any unit, only ratios matter) and its payload. */
export interface WorkUnit<T> {
  readonly id: string;
  readonly cost: number;
  readonly job: T;
}

/**
 * The shard (0-based) of every unit, balancing estimated cost over `count` shards: longest
 * processing time first (units by cost, descending, ties by position; each to the least loaded
 * shard, ties to the lowest index). Deterministic: it depends only on the costs and `count`.
 */
export function assignShards(costs: readonly number[], count: number): number[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`shard count: got ${count}; allowed: integer ≥ 1`);
  for (const c of costs)
    if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`unit cost: got ${c}; allowed: finite ≥ 0`);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const load = new Array<number>(count).fill(0);
  const out = new Array<number>(costs.length);
  for (const u of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    out[u] = best;
    load[best] += costs[u];
  }
  return out;
}

/** The units of shard `index` (1-based) of `count`, in run order. */
export function unitsOfShard<T>(units: readonly WorkUnit<T>[], index: number, count: number): WorkUnit<T>[] {
  const shardOf = assignShards(
    units.map((u) => u.cost),
    count,
  );
  return units.filter((_, i) => shardOf[i] === index - 1);
}

import type { Task } from '../task/task.js';

/**
 * c_k = û_kᵀ W̄ v̂_k for every data mode k (the teacher seen along the k-th training mode), computed
 * as Σ_α s̄_α (û_k·ū_α)(v̂_k·v̄_α) (5.3), §5.1; for a teacher mode these are s̄ times the signed overlap product of §4.4.
 */
export function teacherProjections(task: Task): Float64Array {
  const { u, v } = task.svd31;
  const modes = u.cols;
  const rank = task.sBar.length;
  const n3 = u.rows;
  const n1 = v.rows;
  const out = new Float64Array(modes);
  for (let k = 0; k < modes; k++) {
    let c = 0;
    for (let a = 0; a < rank; a++) {
      let uu = 0;
      for (let i = 0; i < n3; i++) uu += u.data[i * modes + k] * task.uBar.data[i * rank + a];
      let vv = 0;
      for (let j = 0; j < n1; j++) vv += v.data[j * modes + k] * task.vBar.data[j * rank + a];
      c += task.sBar[a] * uu * vv;
    }
    out[k] = c;
  }
  return out;
}

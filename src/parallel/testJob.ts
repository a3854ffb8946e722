/** A trivial job function for the pool's tests. */
export function square(x: number): number {
  return x * x;
}

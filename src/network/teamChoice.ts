/** Segments the team runs untimed first: its helpers' kernels start in V8's baseline tier. */
const WARMUP_SEGMENTS = 8;
/** Timed segments of each mode per probe. */
const PROBE_SEGMENTS = 4;
/** Segments from the start of one probe to the start of the next. */
const REPROBE_EVERY = 100;

/** Chooses, segment by segment, between a thread team and this thread alone. */
export interface TeamChoice {
  /** Whether the next segment runs on the team. */
  useTeam(): boolean;
  /** Runs one segment of `count` epochs in the mode `useTeam` just gave, timing it when it is a probe. */
  time(withTeam: boolean, count: number, run: () => void): void;
}

/**
 * Chooses between a team and this thread alone by measured time per epoch (a team pays only
 * when its cores are free; results are byte-identical either way, so the choice is about speed
 * alone). After WARMUP_SEGMENTS untimed team segments, every REPROBE_EVERY segments it times
 * PROBE_SEGMENTS of each mode and keeps the faster by the lower median of its per-epoch times,
 * which one descheduled segment cannot sway. `now` is the clock in milliseconds.
 */
export function createTeamChoice(now: () => number = () => performance.now()): TeamChoice {
  let n = 0;
  let team = true;
  const probes: [number[], number[]] = [[], []];
  const phase = () => (n < WARMUP_SEGMENTS ? -1 : (n - WARMUP_SEGMENTS) % REPROBE_EVERY);
  const lowerMedian = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
  return {
    useTeam(): boolean {
      const k = phase();
      if (k < PROBE_SEGMENTS) return true; // warm-up (k < 0) and the team's probes
      if (k < 2 * PROBE_SEGMENTS) return false;
      if (probes[0].length > 0 && probes[1].length > 0) {
        team = lowerMedian(probes[0]) <= lowerMedian(probes[1]);
        probes[0].length = 0;
        probes[1].length = 0;
      }
      return team;
    },
    time(withTeam: boolean, count: number, run: () => void): void {
      const k = phase();
      n++;
      if (k < 0 || k >= 2 * PROBE_SEGMENTS || count === 0) return run();
      const t0 = now();
      run();
      probes[withTeam ? 0 : 1].push((now() - t0) / count);
    },
  };
}

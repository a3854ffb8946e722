import { describe, expect, it } from 'vitest';
import { createTeamChoice } from './teamChoice.js';

/**
 * Drives a chooser over `segments` segments of 10 epochs on a fake clock: `cost(team, i)` is
 * the milliseconds segment i takes in that mode. Returns the modes chosen, segment by segment.
 */
function drive(segments: number, cost: (team: boolean, i: number) => number): boolean[] {
  let t = 0;
  const choice = createTeamChoice(() => t);
  const modes: boolean[] = [];
  for (let i = 0; i < segments; i++) {
    const team = choice.useTeam();
    modes.push(team);
    choice.time(team, 10, () => (t += cost(team, i)));
  }
  return modes;
}

const share = (modes: boolean[], from: number) => modes.slice(from).filter(Boolean).length / (modes.length - from);

describe('createTeamChoice', () => {
  it('keeps a team that is cold for its first segments (its helpers start in the baseline tier)', () => {
    // The team costs 4× solo for 6 segments, then 0.65× (the deep F4-size case measured).
    const modes = drive(1000, (team, i) => (team ? (i < 6 ? 20 : 3.3) : 5));
    expect(modes.slice(0, 8).every(Boolean)).toBe(true);
    // Only the solo probes (4 of every 100 segments) leave the team.
    expect(share(modes, 8)).toBeCloseTo(0.96, 2);
  });

  it('leaves a team that is slower (its cores busy) and keeps probing it', () => {
    const modes = drive(1000, (team) => (team ? 9 : 5));
    expect(share(modes, 8)).toBeCloseTo(0.04, 2);
    expect(modes[8 + 100]).toBe(true); // the next probe times the team again
  });

  it('is not swayed by one descheduled probe segment', () => {
    // Every first team probe segment is 10× slow; the lower median of four ignores it.
    const modes = drive(500, (team, i) => (team ? ((i - 8) % 100 === 0 ? 33 : 3.3) : 5));
    expect(share(modes, 8)).toBeCloseTo(0.96, 2);
  });

  it('follows a change of load at the next probe', () => {
    // The team is faster for 300 segments, then the cores get busy.
    const modes = drive(600, (team, i) => (team ? (i < 300 ? 3.3 : 9) : 5));
    expect(modes[250]).toBe(true);
    expect(modes.slice(8 + 300 + 8, 600).filter(Boolean).length).toBeLessThanOrEqual(8);
  });

  it('does not time segments of no epochs', () => {
    let t = 0;
    const choice = createTeamChoice(() => t);
    for (let i = 0; i < 8; i++) choice.time(choice.useTeam(), 10, () => (t += 1));
    // A probe of zero-epoch segments only: the decision keeps the team.
    for (let i = 0; i < 8; i++) choice.time(choice.useTeam(), 0, () => (t += 100));
    expect(choice.useTeam()).toBe(true);
  });
});

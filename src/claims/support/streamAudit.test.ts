import { describe, expect, it } from 'vitest';
import { createRng, normals } from '../../random/rng.js';
import { auditStreams } from './streamAudit.js';

describe('auditStreams', () => {
  it('finds each part’s streams and no violation for a sound layout', () => {
    const audit = auditStreams(createRng(1).fork('run0'), (rng) => ({
      teacher: [normals(rng.fork('teacher').fork('u'), 3), normals(rng.fork('teacher').fork('v'), 3)],
      noise: [normals(rng.fork('noise'), 4)],
    }));
    expect(audit.violations).toEqual([]);
    expect(audit.dependsOn).toEqual({ teacher: ['1/run0/teacher/u', '1/run0/teacher/v'], noise: ['1/run0/noise'] });
  });

  it('flags a stream feeding two parts, two parts below one fork, and draws from the root stream', () => {
    const shared = auditStreams(createRng(1), (rng) => {
      const v = normals(rng.fork('teacher').fork('v'), 3);
      return { teacher: [v], noise: [v.map((x) => 2 * x)] };
    });
    expect(shared.violations.join('\n')).toMatch(/1\/teacher\/v feeds teacher and noise/);
    const sibling = auditStreams(createRng(1), (rng) => ({
      teacher: [normals(rng.fork('teacher').fork('u'), 2)],
      noise: [normals(rng.fork('teacher').fork('z'), 2)],
    }));
    expect(sibling.violations).toEqual(["teacher and noise both draw below the fork 'teacher' (1/teacher/z)"]);
    const root = auditStreams(createRng(1), (rng) => ({ noise: [normals(rng, 2)] }));
    expect(root.violations[0]).toMatch(/root stream 1 itself/);
  });
});

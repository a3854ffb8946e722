import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../../test/memoryIo.js';
import { runCli } from '../runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'dlgen-compare-'));
let n = 0;
function configFile(raw: unknown): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, JSON.stringify(raw));
  return path;
}
const small = {
  inputDim: 24,
  hiddenDims: [12],
  outputDim: 12,
  examples: 24,
  teacherSingularValues: [4],
  epochs: 1500,
  reportEvery: 10,
  runs: 2,
  learningRate: 5e-3,
  initScale: 1e-4,
};

describe('dlgen compare', () => {
  it('prints theory, semi-analytic and simulation on the simulate grid, with their largest gaps', async () => {
    const io = memoryIo();
    expect(await runCli(['compare', '--config', configFile(small), '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(Object.keys(doc)).toEqual(['config', 'epochs', 'theory', 'semiAnalytic', 'simulation', 'gaps']);
    const sim = memoryIo();
    await runCli(['simulate', '--config', configFile(small), '--json'], sim);
    const simDoc = JSON.parse(sim.out());
    expect(doc.epochs).toEqual(simDoc.epochs);
    // The simulation part is exactly `dlgen simulate` (same tasks, same seeds).
    expect(doc.simulation.runs.map((r: { testError: number[] }) => r.testError)).toEqual(
      simDoc.runs.map((r: { testError: number[] }) => r.testError),
    );
    expect(doc.semiAnalytic.runs).toHaveLength(2);
    // GD matches the semi-analytic prediction on its own task to the C2 level (λŝ ≈ 0.02 here).
    expect(doc.gaps.semiAnalyticVsSimulation.maxLnTestGap.value).toBeLessThan(0.05);
    expect(doc.gaps.semiAnalyticVsSimulation.minLnTestErrorGap.value).toBeLessThan(0.02);
    for (const g of Object.values(doc.gaps) as Record<string, { value: number }>[]) {
      for (const v of Object.values(g)) expect(Number.isFinite(v.value)).toBe(true);
    }
    expect(doc.theory.minTestError).toBeGreaterThanOrEqual(doc.theory.shrinkageTestError);
  });

  it('prints a side-by-side summary, help, and exits 2 naming a bad field', async () => {
    const io = memoryIo();
    expect(await runCli(['compare', '--config', configFile({ ...small, runs: 1 })], io)).toBe(0);
    expect(io.out()).toMatch(/quantity\s+theory\s+semi-analytic\s+simulation/);
    expect(io.out()).toMatch(/theory vs simulation/);
    const help = memoryIo();
    expect(await runCli(['compare', '--help'], help)).toBe(0);
    expect(help.out()).toMatch(/--config <file>/);
    const bad = memoryIo();
    expect(await runCli(['compare', '--config', configFile({ ...small, noiseStd: -1 })], bad)).toBe(2);
    expect(bad.err()).toContain('noiseStd:');
    const workers = memoryIo();
    expect(await runCli(['compare', '--config', configFile(small), '--workers', '0'], workers)).toBe(2);
    expect(workers.err()).toContain('--workers');
  });
});

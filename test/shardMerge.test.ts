import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyPath, propertySeed } from '../properties/seed.js';
import { unitsOfShard } from '../src/shard/assign.js';
import { encodeLossless } from '../src/shard/losslessJson.js';
import { collectParts, parsePart, partText } from '../src/shard/part.js';
import { runLayout } from '../src/shard/layout.js';
import {
  claimReports,
  planVerify,
  runVerifyUnits,
  type PrintedReport,
  type VerifyRunConfig,
} from '../src/shard/verifyUnits.js';

/** Claims whose instances take milliseconds, so a hundred merges stay fast. */
const CHEAP = ['C3', 'C4', 'C12b', 'C15b', 'C16a', 'C16c', 'C18a', 'C18b', 'C18c'];
const seed = propertySeed();
const path = propertyPath();

/** The claims' reports of a run from its units' reports, as exact text (verify prints a pure function of them and the config). */
const documentOf = (config: VerifyRunConfig, unitReports: readonly PrintedReport[]) =>
  encodeLossless(claimReports(config, unitReports));

describe(`merge(shards) = unsharded verify (seed ${seed})`, () => {
  it('for random claim subsets, seeds, block sizes and n ∈ [1, 7], in any order of parts', async () => {
    const arb = fc.record({
      claims: fc.shuffledSubarray(CHEAP, { minLength: 1, maxLength: 5 }),
      seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      runs: fc.integer({ min: 1, max: 3 }),
      blockSize: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      timings: fc.boolean(),
      n: fc.integer({ min: 1, max: 7 }),
      order: fc.infiniteStream(fc.nat()),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (p) => {
        const config: VerifyRunConfig = {
          command: 'verify',
          claims: p.claims,
          seed: p.seed,
          scale: 'ci',
          runs: p.runs,
          blockSize: p.blockSize,
          path: null,
          planted: null,
          json: true,
          timings: p.timings,
        };
        const units = planVerify(config);
        const whole = await runVerifyUnits(units, { workers: 1 });
        const parts: { name: string; text: string }[] = [];
        for (let i = 1; i <= p.n; i++) {
          const mine = unitsOfShard(units, i, p.n);
          const reports = await runVerifyUnits(mine, { workers: 1 });
          const text = partText(
            'verify',
            config,
            p.seed,
            { index: i, count: p.n, source: '--shard' },
            mine.map((u, k) => ({ id: u.id, result: reports[k] })),
            { totalUnits: units.length },
            '',
          );
          parts.push({ name: `part-${i}.json`, text });
        }
        // A random order of the parts (Fisher–Yates over the stream of naturals).
        const keys = p.order.take(parts.length);
        let k = 0;
        for (const r of keys) {
          const j = k + (r % (parts.length - k));
          [parts[k], parts[j]] = [parts[j], parts[k]];
          k++;
        }
        const merged = collectParts(
          parts.map((x) => ({ name: x.name, part: parsePart(x.text, x.name) })),
          runLayout,
        );
        const mergedDoc = documentOf(config, merged.results as PrintedReport[]);
        if (p.timings) {
          // Wall-clock seconds differ between two runs; everything else must not.
          const strip = (s: string) => s.replace(/"seconds":[^,}]*/g, '"seconds":0');
          expect(strip(mergedDoc)).toBe(strip(documentOf(config, whole)));
        } else expect(mergedDoc).toBe(documentOf(config, whole));
      }),
      {
        seed,
        path,
        numRuns: 20,
        reporter: (d) => {
          if (d.failed)
            throw new Error(
              `${fc.defaultReportMessage(d)}\nreplay: DLGEN_SEED=${seed} DLGEN_PATH=${d.counterexamplePath} npx vitest run test/shardMerge.test.ts`,
            );
        },
      },
    );
  });
});

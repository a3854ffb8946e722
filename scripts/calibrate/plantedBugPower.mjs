// How fast each planted bug of the given claims is caught, the way the property test runs it:
// runClaim(claim, { seed, numRuns: 100, implementation: bug, noShrink: true }) over several
// seeds; prints, per bug, the number of instances until the first failure for every seed.
// Uses the compiled library (npm run build, or DLGEN_DIST).
//
//   node scripts/calibrate/plantedBugPower.mjs C4 C5 C6 [--seeds 10]
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const seedsAt = args.indexOf('--seeds');
const nSeeds = seedsAt >= 0 ? Number(args[seedsAt + 1]) : 10;
const ids = args.filter((a, i) => !a.startsWith('--') && (seedsAt < 0 || i !== seedsAt + 1));
const dist = resolve(process.env.DLGEN_DIST ?? join(process.cwd(), 'dist'));
const { selectClaims, runClaim } = await import(pathToFileURL(join(dist, 'claims', 'index.js')).href);
for (const claim of selectClaims(ids)) {
  for (const bug of claim.plantedBugs) {
    const counts = [];
    for (let seed = 1; seed <= nSeeds; seed++) {
      const r = runClaim(claim, { seed, numRuns: 100, implementation: bug.implementation, noShrink: true });
      counts.push(r.holds ? 'missed' : String(r.instances));
    }
    console.log(`${claim.id} "${bug.name}": instances to first failure over ${nSeeds} seeds: ${counts.join(' ')}`);
  }
}

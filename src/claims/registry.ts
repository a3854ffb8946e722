import type { AnyClaim } from './claim.js';
import { c01ModeDecoupling } from './c01ModeDecoupling.js';
import { c02DiscreteVsClosedForm } from './c02DiscreteVsClosedForm.js';
import { c03ClosedForms } from './c03ClosedForms.js';
import { c04RandomMatrixIdentities } from './c04RandomMatrixIdentities.js';
import { c05MarchenkoPastur } from './c05MarchenkoPastur.js';
import { c06NoisySingularValue } from './c06NoisySingularValue.js';
import { c07aBelowThreshold } from './c07aBelowThreshold.js';
import { c07bPhaseTransition } from './c07bPhaseTransition.js';
import { c08aOverlaps } from './c08aOverlaps.js';
import { c08bOverlapsAveraged } from './c08bOverlapsAveraged.js';
import { c09LearningOrder } from './c09LearningOrder.js';
import { c10aGdVsSemiAnalytic } from './c10aGdVsSemiAnalytic.js';
import { c10bTheoryVsSemiAnalytic } from './c10bTheoryVsSemiAnalytic.js';
import { c11RandomVsAligned } from './c11RandomVsAligned.js';
import { c12aMonotoneInWidth } from './c12aMonotoneInWidth.js';
import { c12bNearIndependence } from './c12bNearIndependence.js';
import { c12cSimulationWidth } from './c12cSimulationWidth.js';
import { c13GlobalOptimum } from './c13GlobalOptimum.js';
import { c14aShrinkageTheory } from './c14aShrinkageTheory.js';
import { c14bOracle } from './c14bOracle.js';
import { c14cShrinkageVsGd } from './c14cShrinkageVsGd.js';
import { c15aOptimumMonotoneInP } from './c15aOptimumMonotoneInP.js';
import { c15bLongTimePeak } from './c15bLongTimePeak.js';
import { c15cFrozenSubspace } from './c15cFrozenSubspace.js';
import { c16aJointSvd } from './c16aJointSvd.js';
import { c16bOutputModes } from './c16bOutputModes.js';
import { c16cNoiseless } from './c16cNoiseless.js';
import { c16dOrthogonal } from './c16dOrthogonal.js';
import { c16eAlignedHelp } from './c16eAlignedHelp.js';
import { c16fTheoryVsSimulation } from './c16fTheoryVsSimulation.js';
import { c16gNonMonotone } from './c16gNonMonotone.js';
import { c17aStructuredFaster } from './c17aStructuredFaster.js';
import { c17bStructuredFasterSimulation } from './c17bStructuredFasterSimulation.js';
import { c18aScaleInvariance } from './c18aScaleInvariance.js';
import { c18bInputRotation } from './c18bInputRotation.js';
import { c18cHiddenRelabelling } from './c18cHiddenRelabelling.js';
import { c19aShapeTheory } from './c19aShapeTheory.js';
import { c19bShapeSimulation } from './c19bShapeSimulation.js';
import { c19cNonlinearShape } from './c19cNonlinearShape.js';
import { c19dNonlinearOptimum } from './c19dNonlinearOptimum.js';
import { r01TaskBuilder } from './r01TaskBuilder.js';
import { r07TaskPairBuilder } from './r07TaskPairBuilder.js';
import { ft01NearestInterpolant } from './ft01NearestInterpolant.js';
import { ft02RiskIdentity } from './ft02RiskIdentity.js';
import { ft03IsotropicRisk } from './ft03IsotropicRisk.js';
import { ft04DeterministicEquivalent } from './ft04DeterministicEquivalent.js';
import { ft05FrozenOutOfSpan } from './ft05FrozenOutOfSpan.js';
import { ft06DepthMap } from './ft06DepthMap.js';
import { ft07DirectionPreserved } from './ft07DirectionPreserved.js';
import { ft08FixedPoint } from './ft08FixedPoint.js';
import { ft09DepthHelpsScaledTargets } from './ft09DepthHelpsScaledTargets.js';
import { ft10ScaleInvariance } from './ft10ScaleInvariance.js';
import { ft11FrozenTrunk } from './ft11FrozenTrunk.js';
import { ft12aLazyLimit } from './ft12aLazyLimit.js';
import { ft12bLazyWidth } from './ft12bLazyWidth.js';
import { ft12cSourceThroughDifference } from './ft12cSourceThroughDifference.js';
import { mt01CrossEntropyStructure } from './mt01CrossEntropyStructure.js';
import { mt02LinearisedPhase } from './mt02LinearisedPhase.js';
import { mt03TeacherSignal } from './mt03TeacherSignal.js';
import { mt04RelatednessConstruction } from './mt04RelatednessConstruction.js';
import { mt05CleanRelatedHelp } from './mt05CleanRelatedHelp.js';
import { mt06MonotoneInAlignment } from './mt06MonotoneInAlignment.js';
import { mt07DataLimitedWindow } from './mt07DataLimitedWindow.js';
import { mt08AuxiliaryDataAmplifies } from './mt08AuxiliaryDataAmplifies.js';
import { mt09DataBuilder } from './mt09DataBuilder.js';

/**
 * Every registered claim: THEORY.md §11 in order, then the task builders (Appendix R). `dlgen verify` and the property tests both
 * read this list; adding a claim is one import and one entry.
 */
export const CLAIMS: readonly AnyClaim[] = [
  c01ModeDecoupling,
  c02DiscreteVsClosedForm,
  c03ClosedForms,
  c04RandomMatrixIdentities,
  c05MarchenkoPastur,
  c06NoisySingularValue,
  c07aBelowThreshold,
  c07bPhaseTransition,
  c08aOverlaps,
  c08bOverlapsAveraged,
  c09LearningOrder,
  c10aGdVsSemiAnalytic,
  c10bTheoryVsSemiAnalytic,
  c11RandomVsAligned,
  c12aMonotoneInWidth,
  c12bNearIndependence,
  c12cSimulationWidth,
  c13GlobalOptimum,
  c14aShrinkageTheory,
  c14bOracle,
  c14cShrinkageVsGd,
  c15aOptimumMonotoneInP,
  c15bLongTimePeak,
  c15cFrozenSubspace,
  c16aJointSvd,
  c16bOutputModes,
  c16cNoiseless,
  c16dOrthogonal,
  c16eAlignedHelp,
  c16fTheoryVsSimulation,
  c16gNonMonotone,
  c17aStructuredFaster,
  c17bStructuredFasterSimulation,
  c18aScaleInvariance,
  c18bInputRotation,
  c18cHiddenRelabelling,
  c19aShapeTheory,
  c19bShapeSimulation,
  c19cNonlinearShape,
  c19dNonlinearOptimum,
  r01TaskBuilder,
  r07TaskPairBuilder,
  ft01NearestInterpolant,
  ft02RiskIdentity,
  ft03IsotropicRisk,
  ft04DeterministicEquivalent,
  ft05FrozenOutOfSpan,
  ft06DepthMap,
  ft07DirectionPreserved,
  ft08FixedPoint,
  ft09DepthHelpsScaledTargets,
  ft10ScaleInvariance,
  ft11FrozenTrunk,
  ft12aLazyLimit,
  ft12bLazyWidth,
  ft12cSourceThroughDifference,
  mt01CrossEntropyStructure,
  mt02LinearisedPhase,
  mt03TeacherSignal,
  mt04RelatednessConstruction,
  mt05CleanRelatedHelp,
  mt06MonotoneInAlignment,
  mt07DataLimitedWindow,
  mt08AuxiliaryDataAmplifies,
  mt09DataBuilder,
];

/** Claims whose id equals or starts a selector (`C14` selects C14a, C14b, …; a letters-only family such as `MT` selects MT1, MT2, …); unknown selectors throw. */
export function selectClaims(selectors: readonly string[] = []): AnyClaim[] {
  if (selectors.length === 0) return [...CLAIMS];
  const out: AnyClaim[] = [];
  for (const raw of selectors) {
    const sel = raw.trim().toUpperCase();
    const hits = CLAIMS.filter(
      (c) =>
        c.id.toUpperCase() === sel ||
        (c.id.toUpperCase().startsWith(sel) &&
          (/^[a-z]$/i.test(c.id.slice(sel.length)) || (/^[A-Z]+$/.test(sel) && /^\d/.test(c.id.slice(sel.length))))),
    );
    if (hits.length === 0) {
      const err = new RangeError(`--claim: unknown claim "${raw}"; known: ${CLAIMS.map((c) => c.id).join(', ')}`);
      throw err;
    }
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

import { ft09DepthHelpsScaledTargets } from '../src/claims/ft09DepthHelpsScaledTargets.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft09DepthHelpsScaledTargets);

import { ft02RiskIdentity } from '../src/claims/ft02RiskIdentity.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft02RiskIdentity);

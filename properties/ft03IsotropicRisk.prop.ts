import { ft03IsotropicRisk } from '../src/claims/ft03IsotropicRisk.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft03IsotropicRisk);

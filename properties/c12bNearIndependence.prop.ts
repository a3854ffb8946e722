import { c12bNearIndependence } from '../src/claims/c12StoppingVsSize.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c12bNearIndependence);

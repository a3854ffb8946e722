import { c12bNearIndependence } from '../src/claims/c12bNearIndependence.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c12bNearIndependence);

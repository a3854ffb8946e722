import { ft07DirectionPreserved } from '../src/claims/ft07DirectionPreserved.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft07DirectionPreserved);

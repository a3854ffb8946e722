import { ft06DepthMap } from '../src/claims/ft06DepthMap.js';
import { claimProperty } from './claimProperty.js';

claimProperty(ft06DepthMap);

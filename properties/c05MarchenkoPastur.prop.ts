import { c05MarchenkoPastur } from '../src/claims/c05MarchenkoPastur.js';
import { claimProperty } from './claimProperty.js';

claimProperty(c05MarchenkoPastur);

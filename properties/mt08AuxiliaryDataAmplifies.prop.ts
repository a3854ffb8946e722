import { mt08AuxiliaryDataAmplifies } from '../src/claims/mt08AuxiliaryDataAmplifies.js';
import { claimProperty } from './claimProperty.js';

claimProperty(mt08AuxiliaryDataAmplifies);

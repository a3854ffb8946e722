'use strict';
// dlgen is an ES module; this file is what require('dlgen') resolves to, so CommonJS users get one clear line.
throw new Error(
  "dlgen is ESM: use import('dlgen') (or an ES module with import { … } from 'dlgen') instead of require('dlgen')",
);

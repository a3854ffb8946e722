// src/report: the names of the HTML report of dlgen verify that the public API exports, module by module.
export { buildVerifyReport } from './buildReport.js';
export { CLAIM_FIGURES, figureOfClaim } from './claimFigures.js';
export { drawReportFigures, figuresForClaims } from './reportFigures.js';
export { type ReportFigure, type ReportMeta, type VerifyDocument, verifyReportHtml } from './verifyReport.js';

/**
 * What `wellstack plan` and `wellstack analyze` write and print:
 * - `Plan`: the shape of `plan.json`;
 * - `renderReportHtml(plan, { svg, mermaid, compare? })` → `report.html` (self-contained);
 * - `renderCompareHtml(entries)` → `compare.html` for `--compare`;
 * - `renderSummary(plan, paths, { color })`, `renderCompareSummary(plans, { color })` → terminal text;
 * - `serviceOf`, `costByService`: how line items are grouped by service.
 */
export {
  type CompareEntry,
  esc,
  inlineSvg,
  type ReportAssets,
  renderCompareHtml,
  renderReportHtml,
} from './html.ts';
export type { Plan, PlanStack } from './plan.ts';
export { costByService, type ServiceCost, serviceOf } from './services.ts';
export { type ReportPaths, renderCompareSummary, renderSummary, type SummaryOptions } from './summary.ts';

export { planToJson } from './json.js';
export { renderPlan, type RenderOptions } from './plan-text.js';
export {
  recapReason,
  renderHostDetails,
  renderRecap,
  shortReason,
  type RecapRow,
} from './recap.js';
export { MASK, redact } from './redact.js';

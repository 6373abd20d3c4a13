export { factRequest } from './fact-request.js';
export { planHandlers } from './handlers.js';
export { planHost, type PlanHostContext } from './plan-host.js';
export { plan, type PlanInput } from './plan.js';
export { countChanges, isInSync } from './summary.js';
export type * from './types.js';

/**
 * The one server setting we change from v1.29's defaults, on the dev server and on a cluster alike.
 * The priority-enabled matcher dispatches a backlogged task queue by priority key: contact entities
 * start at CONTACT_ENTITY_PRIORITY, so in a burst their workflow tasks (each one leads to an amoCRM
 * search) cut ahead of the orders' own. With the old matcher, a burst's first seconds go to starting
 * orders while amoCRM's budget sits unused (docs/stage1.md). Without it the order of dispatch is first come,
 * first served, as before: slower, never wrong.
 */
export const SERVER_DYNAMIC_CONFIG: Record<string, unknown> = {
  'matching.useNewMatcher': true,
};

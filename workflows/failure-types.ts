// Failure types raised by our own activities (amoCRM and Company 1 ones live with
// their clients). Plain constants, importable from workflow code.
export const INVALID_ORDER = 'InvalidOrder';
export const CONTACT_ENTITY_FAILED = 'ContactEntityFailed';
export const DEAL_WITHOUT_CONTACT = 'DealWithoutContact';
/** amoCRM does not know the contact a deal was to be linked to (a manager merged or deleted it). */
export const AMO_CONTACT_GONE = 'AmoContactGone';

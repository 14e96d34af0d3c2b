import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// The custom search attributes operators filter on in the Web UI. No personal
// data (names, phones) ever goes into them: they are indexed and visible to all.
export const DetmirOrderId = defineSearchAttributeKey('DetmirOrderId', SearchAttributeType.KEYWORD);
export const DetmirUserId = defineSearchAttributeKey('DetmirUserId', SearchAttributeType.KEYWORD);
export const AmoLeadId = defineSearchAttributeKey('AmoLeadId', SearchAttributeType.INT);
export const AmoContactId = defineSearchAttributeKey('AmoContactId', SearchAttributeType.INT);
export const OrderStatus = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const IntegrationStage = defineSearchAttributeKey('IntegrationStage', SearchAttributeType.INT);
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);
/**
 * Stage 2: the amoCRM status id of the deal's stage as the order's workflow last applied it. A Keyword, not
 * an Int: SQL visibility gives a namespace three Int slots and they are taken (AmoLeadId, AmoContactId,
 * IntegrationStage). The reconciliation compares it with amoCRM.
 */
export const AmoDealStage = defineSearchAttributeKey('AmoDealStage', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [DetmirOrderId, DetmirUserId, AmoLeadId, AmoContactId, OrderStatus, IntegrationStage, NeedsAttention, AmoDealStage];

// The CLI's spelling of each type (`--search-attribute Name=Type`).
export const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.BOOL]: 'Bool',
};

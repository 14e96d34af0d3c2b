import { type ApiTransport } from './api-transport';
import { type AttemptGuard } from './attempt-guard';
import { type DealLanes } from './deal-batches';
import { type CustomFieldIds } from './model';
import { type Logger } from '../logging/logger';

// What every operation module needs; built once by AmoClient.
export interface AmoContext {
  api: ApiTransport;
  fields: CustomFieldIds;
  tagId: number;
  logger: Logger;
  /** The process's deal-creating batches (shared by every attempt's view of the client). */
  deals: DealLanes;
  /** The activity attempt this view of the client works for (AmoClient.forAttempt). */
  guard?: AttemptGuard;
}

import { type ApiTransport } from './api-transport';
import { type CustomFieldIds } from './model';
import { type Logger } from '../logging/logger';

// What every operation module needs; built once by AmoClient.
export interface AmoContext {
  api: ApiTransport;
  fields: CustomFieldIds;
  tagId: number;
  logger: Logger;
}

// Lead changes that outgoing webhooks report. Routes publish them after a commit.
import type { Lead } from './models';

export type LeadAction = 'add' | 'update' | 'status';

export interface LeadEvent {
  action: LeadAction;
  lead: Lead;
  oldStatusId?: number;
  oldPipelineId?: number;
}

export interface LeadEventSink {
  publish(events: LeadEvent[]): void;
}

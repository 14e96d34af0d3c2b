// The account every sandbox starts with (and returns to on reset). Ids are fixed so that
// other tests and the default config (932790, 932792, 499278, pipeline "Company 2") line up.
import type { Tag } from './models';

export const SEED_ACCOUNT_ID = 31415926;
export const SEED_USER_ID = 8051001;

export interface StatusDef {
  id: number;
  name: string;
  sort: number;
  type: 0 | 1;
  color: string;
}

export interface PipelineDef {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  statuses: StatusDef[];
}

const won = (): StatusDef => ({ id: 142, name: 'Success', sort: 10000, type: 0, color: '#CCFF66' });
const lost = (): StatusDef => ({ id: 143, name: 'Refusal', sort: 11000, type: 0, color: '#D5D8DB' });

const stages = (firstId: number, names: string[]): StatusDef[] =>
  names.map((name, i) => ({ id: firstId + i, name, sort: 20 + i * 10, type: 0, color: '#99ccff' }));

// "Sales" is the main pipeline on purpose: a lead created without pipeline_id lands there, and
// both pipelines have a "New lead" stage, so a client has to resolve stages within its pipeline.
export const SEED_PIPELINES: PipelineDef[] = [
  {
    id: 7735002,
    name: 'Sales',
    sort: 1,
    is_main: true,
    statuses: [
      { id: 61240001, name: 'Unsorted', sort: 10, type: 1, color: '#c1c1c1' },
      ...stages(61240002, ['New lead', 'Negotiation', 'Decision making']),
      won(),
      lost(),
    ],
  },
  {
    id: 7735001,
    name: 'Company 2',
    sort: 2,
    is_main: false,
    statuses: [
      { id: 61230001, name: 'Unsorted', sort: 10, type: 1, color: '#c1c1c1' },
      ...stages(61230002, [
        'New lead',
        'Recorded for trial',
        'Confirmed VU',
        'Lesson passed',
        'Waiting for a solution',
        'Waiting for payment',
        'Payment received',
        'Another lesson passed',
      ]),
      won(),
      lost(),
    ],
  },
];

export const SEED_TAGS: Tag[] = [{ id: 499278, name: 'Companies 1. Services', color: null }];

export const SEED_FIELD_IDS = {
  detmirUserId: 932790,
  phone: 178382,
  email: 178384,
  detmirOrderId: 932792,
  orderTotal: 932794,
} as const;

/** Where ids of new entities start; far apart so a mixed-up id never finds the wrong kind. */
export const FIRST_IDS = { contacts: 40400001, leads: 25800001, companies: 12100001, tags: 500001, webhooks: 1, notes: 70700001 };

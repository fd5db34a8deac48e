import { isRecord } from '../../protocol/index.js';

/** A queue message: the event's id only. The payload is built from the event log at each attempt. */
export interface DeliveryJob {
  eventId: string;
}

export const isDeliveryJob = (value: unknown): value is DeliveryJob =>
  isRecord(value) && typeof value.eventId === 'string' && /^evt_[A-Za-z0-9_-]{22}$/.test(value.eventId);

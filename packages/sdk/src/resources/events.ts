/** @module The event feed: every state change, in order. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { Event, EventListParams } from '../types.js';
import { APIResource } from './resource.js';

export class Events extends APIResource {
  /** Pages by `after` (the last event id seen), so a poller can also resume from a stored id. */
  list(params: EventListParams = {}, options?: RequestOptions): PagePromise<Event> {
    return this.client.getList('/v1/events', params, options, 'after');
  }
}

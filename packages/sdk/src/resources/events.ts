/** @module The event feed: every state change, in order. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { Event, EventListParams } from '../types.js';
import { APIResource } from './resource.js';

export class Events extends APIResource {
  list(params: EventListParams = {}, options?: RequestOptions): PagePromise<Event> {
    return this.client.getList('/v1/events', params, options);
  }
}

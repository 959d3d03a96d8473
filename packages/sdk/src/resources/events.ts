/** @module The event feed: every state change, in order. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { Event, EventListParams } from '../types.js';
import { APIResource } from './resource.js';

export class Events extends APIResource {
  /**
   * The feed, oldest first, paged by `cursor` like every list. Iterating stops at the first empty page; to poll, keep
   * the last page's `nextCursor` (it is always where to continue) and list again with it, or resume with `after` and
   * a stored event id.
   */
  list(params: EventListParams = {}, options?: RequestOptions): PagePromise<Event> {
    return this.client.getList('/v1/events', params, options);
  }
}

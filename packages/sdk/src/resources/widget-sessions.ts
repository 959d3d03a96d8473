/** @module Widget sessions: short-lived tokens your backend hands to `<resellerkit-portal>`'s `fetchSession`. */
import type { RequestOptions } from '../client.js';
import type { WidgetSession, WidgetSessionCreateParams } from '../types.js';
import { APIResource } from './resource.js';

export class WidgetSessions extends APIResource {
  create(params: WidgetSessionCreateParams, options?: RequestOptions): Promise<WidgetSession> {
    return this.client.post('/v1/widget-sessions', params, options);
  }
}

/** @module Accepting a trial user's invitation with its one-time token. */
import type { RequestOptions } from '../client.js';
import type { InvitationAcceptParams, InvitationAcceptResult } from '../types.js';
import { APIResource } from './resource.js';

export class Invitations extends APIResource {
  accept(params: InvitationAcceptParams, options?: RequestOptions): Promise<InvitationAcceptResult> {
    return this.client.post('/v1/invitations/accept', params, options);
  }
}

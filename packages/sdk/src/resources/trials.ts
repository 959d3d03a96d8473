/** @module Trial accounts (provkonton) and their users. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type {
  Trial,
  TrialCreateParams,
  TrialExtendParams,
  TrialListParams,
  TrialStats,
  TrialUpdateParams,
  TrialUser,
  TrialUserParams,
  TrialUserUpdateParams,
} from '../types.js';
import { APIResource, path } from './resource.js';

export class Trials extends APIResource {
  /** Users of a trial: adding one sends an invitation, removing one revokes access. */
  readonly users = new TrialUsers(this.client);

  create(params: TrialCreateParams, options?: RequestOptions): Promise<Trial> {
    return this.client.post('/v1/trials', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Trial> {
    return this.client.get(path`/v1/trials/${id}`, undefined, options);
  }

  list(params: TrialListParams = {}, options?: RequestOptions): PagePromise<Trial> {
    return this.client.getList('/v1/trials', params, options);
  }

  /** Corrects the customer type of an active trial; refused (`trial_has_submitted_order`) once an order for it is submitted. */
  update(id: string, params: TrialUpdateParams, options?: RequestOptions): Promise<Trial> {
    return this.client.patch(path`/v1/trials/${id}`, params, options);
  }

  /** Extends the trial by `days`, within the vendor's limit. */
  extend(id: string, params: TrialExtendParams, options?: RequestOptions): Promise<Trial> {
    return this.client.post(path`/v1/trials/${id}/extend`, params, options);
  }

  cancel(id: string, options?: RequestOptions): Promise<Trial> {
    return this.client.post(path`/v1/trials/${id}/cancel`, undefined, options);
  }

  /** Sends a never-accepted invitation again with a new link; at most once a day per user (else `RateLimitError`). */
  resendInvitation(trialId: string, userId: string, options?: RequestOptions): Promise<TrialUser> {
    return this.client.post(path`/v1/trials/${trialId}/users/${userId}/resend`, undefined, options);
  }

  /** The reseller's conversion rate by the engagement level its trials had when they converted or expired. */
  stats(options?: RequestOptions): Promise<TrialStats> {
    return this.client.get('/v1/trials/stats', undefined, options);
  }
}

export class TrialUsers extends APIResource {
  add(trialId: string, params: TrialUserParams, options?: RequestOptions): Promise<TrialUser> {
    return this.client.post(path`/v1/trials/${trialId}/users`, params, options);
  }

  update(trialId: string, userId: string, params: TrialUserUpdateParams, options?: RequestOptions): Promise<TrialUser> {
    return this.client.patch(path`/v1/trials/${trialId}/users/${userId}`, params, options);
  }

  remove(trialId: string, userId: string, options?: RequestOptions): Promise<void> {
    return this.client.delete(path`/v1/trials/${trialId}/users/${userId}`, options);
  }
}

/** @module Public entry of @resellerkit/sdk. */
import { ResellerKit } from './client.js';

export { ResellerKit };
export default ResellerKit;
export type { APIRequest, ClientOptions, HTTPMethod, RequestOptions } from './client.js';
export { DEFAULT_BASE_URL } from './client.js';
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ResellerKitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  WebhookVerificationError,
} from './errors.js';
export type { Issue } from './errors.js';
export { Page, PagePromise } from './pagination.js';
export { signWebhook, verifyWebhook, Webhooks } from './webhooks.js';
export type {
  SignedWebhookHeaders,
  SignWebhookParams,
  VerifyWebhookOptions,
  WebhookHeadersInput,
  WebhookSecret,
} from './webhooks.js';
export { XLSX_CONTENT_TYPE } from './resources/organizations.js';
export { isEmail, isOrgNumber } from './validation.js';
export { VERSION } from './version.js';
export type * from './types.js';

/**
 * @module Compile-time proof that every resource method sends and returns what the server's contract says.
 *
 * Nothing here runs or ships (no module imports it); `tsc` over src (the package test's edge
 * type-check, `npm run typecheck`) fails on the first line whose types disagree, e.g. when a
 * regenerated contract changes a route's response but the resource still promises the old type.
 */
import type { ResellerKit } from './client.js';
import type { PagePromise } from './pagination.js';
import type {
  APIPaths as Paths,
  EventDataMap,
  EventType,
  NoParams,
  PlanImportParams,
  PlanImportPreview,
  PlanImportResult,
  RevenueStatementFormat,
  RevenueStatementResult,
  WebhookDelivery,
  WebhookEndpoint,
} from './types.js';
import type * as C from './generated/contract.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The SDK may narrow (e.g. event-type strings to `EventType`) but never widen. */
type Narrows<A, B> = [A] extends [B] ? true : false;
type Assert<T extends true> = T;
/** A `status` parameter's statuses, whether given alone or as an array. */
type Statuses<S> = S extends readonly (infer E)[] ? E : S;

type Op<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M];
type Response<P extends keyof Paths, M extends keyof Paths[P]> = Op<P, M> extends { response: infer R } ? R : never;
type Body<P extends keyof Paths, M extends keyof Paths[P]> = Op<P, M> extends { body: infer B } ? B : never;
type Query<P extends keyof Paths, M extends keyof Paths[P]> = Op<P, M> extends { query: infer Q } ? Q : never;

/** What a method resolves to; for `list()` the `data` array of one page, compared with the contract's. */
type Result<F> = F extends (...args: never[]) => infer R ? (R extends PagePromise<infer I> ? I[] : Awaited<R>) : never;
type ListData<P extends keyof Paths, M extends keyof Paths[P]> = Response<P, M> extends { data: infer D } ? D : never;
type Arg<F, N extends number> = F extends (...args: infer A) => unknown ? NonNullable<A[N]> : never;

type RK = ResellerKit;
type Admin = RK['admin'];

export type Conformance = [
  // organizations and plans
  Assert<Same<Result<RK['organizations']['create']>, Response<'/v1/organizations', 'post'>>>,
  Assert<Same<Arg<RK['organizations']['create'], 0>, Body<'/v1/organizations', 'post'>>>,
  Assert<Same<Result<RK['organizations']['retrieve']>, Response<'/v1/organizations/{id}', 'get'>>>,
  Assert<Same<Result<RK['organizations']['update']>, Response<'/v1/organizations/{id}', 'patch'>>>,
  Assert<Same<Arg<RK['organizations']['update'], 1>, Body<'/v1/organizations/{id}', 'patch'>>>,
  Assert<Same<Result<RK['organizations']['list']>, ListData<'/v1/organizations', 'get'>>>,
  Assert<Same<Arg<RK['organizations']['list'], 0>, Query<'/v1/organizations', 'get'>>>,
  Assert<Same<Result<RK['organizations']['plan']['retrieve']>, Response<'/v1/organizations/{id}/plan', 'get'>>>,
  Assert<Same<Result<RK['organizations']['plan']['replace']>, Response<'/v1/organizations/{id}/plan', 'put'>>>,
  Assert<Same<Arg<RK['organizations']['plan']['replace'], 1>, Body<'/v1/organizations/{id}/plan', 'put'>>>,
  // overloaded: a dry run answers with the preview, an import with the result; the route may answer either
  Assert<Same<PlanImportResult | PlanImportPreview, Response<'/v1/organizations/{id}/plan/import', 'post'>>>,
  Assert<Narrows<Result<RK['organizations']['plan']['import']>, Response<'/v1/organizations/{id}/plan/import', 'post'>>>,
  Assert<Same<NonNullable<PlanImportParams['mode']>, NonNullable<Query<'/v1/organizations/{id}/plan/import', 'post'>['mode']>>>,
  // trials
  Assert<Same<Result<RK['trials']['create']>, Response<'/v1/trials', 'post'>>>,
  Assert<Same<Arg<RK['trials']['create'], 0>, Body<'/v1/trials', 'post'>>>,
  Assert<Same<Result<RK['trials']['retrieve']>, Response<'/v1/trials/{id}', 'get'>>>,
  Assert<Same<Result<RK['trials']['list']>, ListData<'/v1/trials', 'get'>>>,
  // `status` narrows the wire's comma-separated string to the statuses, one or an array the client joins by commas
  Assert<Same<Omit<Arg<RK['trials']['list'], 0>, 'status'>, Omit<Query<'/v1/trials', 'get'>, 'status'>>>,
  Assert<Narrows<Statuses<Arg<RK['trials']['list'], 0>['status']>, Query<'/v1/trials', 'get'>['status']>>,
  Assert<Same<Result<RK['trials']['update']>, Response<'/v1/trials/{id}', 'patch'>>>,
  Assert<Same<Arg<RK['trials']['update'], 1>, Body<'/v1/trials/{id}', 'patch'>>>,
  Assert<Same<Result<RK['trials']['extend']>, Response<'/v1/trials/{id}/extend', 'post'>>>,
  Assert<Same<Arg<RK['trials']['extend'], 1>, Body<'/v1/trials/{id}/extend', 'post'>>>,
  Assert<Same<Result<RK['trials']['cancel']>, Response<'/v1/trials/{id}/cancel', 'post'>>>,
  Assert<Same<Result<RK['trials']['users']['add']>, Response<'/v1/trials/{id}/users', 'post'>>>,
  Assert<Same<Arg<RK['trials']['users']['add'], 1>, Body<'/v1/trials/{id}/users', 'post'>>>,
  Assert<Same<Result<RK['trials']['users']['update']>, Response<'/v1/trials/{id}/users/{userId}', 'patch'>>>,
  Assert<Same<Arg<RK['trials']['users']['update'], 2>, Body<'/v1/trials/{id}/users/{userId}', 'patch'>>>,
  Assert<Same<Result<RK['trials']['users']['remove']>, Response<'/v1/trials/{id}/users/{userId}', 'delete'>>>,
  // orders
  Assert<Same<Result<RK['orders']['create']>, Response<'/v1/trials/{id}/orders', 'post'>>>,
  Assert<Same<Arg<RK['orders']['create'], 1>, Body<'/v1/trials/{id}/orders', 'post'>>>,
  Assert<Same<Result<RK['orders']['retrieve']>, Response<'/v1/orders/{id}', 'get'>>>,
  Assert<Same<Result<RK['orders']['list']>, ListData<'/v1/orders', 'get'>>>,
  Assert<Same<Arg<RK['orders']['list'], 0>, Query<'/v1/orders', 'get'>>>,
  Assert<Same<Result<RK['orders']['update']>, Response<'/v1/orders/{id}', 'patch'>>>,
  Assert<Same<Arg<RK['orders']['update'], 1>, Body<'/v1/orders/{id}', 'patch'>>>,
  Assert<Same<Result<RK['orders']['attachAgreement']>, Response<'/v1/orders/{id}/agreement', 'put'>>>,
  Assert<Same<Arg<RK['orders']['attachAgreement'], 2>, Query<'/v1/orders/{id}/agreement', 'put'>>>,
  Assert<Same<Result<RK['orders']['retrieveAgreement']>, Response<'/v1/orders/{id}/agreement', 'get'>>>,
  Assert<Same<Result<RK['orders']['submit']>, Response<'/v1/orders/{id}/submit', 'post'>>>,
  Assert<Same<Result<RK['orders']['requestSignature']>, Response<'/v1/orders/{id}/signature-request', 'post'>>>,
  Assert<Same<Arg<RK['orders']['requestSignature'], 1>, Body<'/v1/orders/{id}/signature-request', 'post'>>>,
  Assert<Same<Result<RK['orders']['retrieveSignatureRequest']>, Response<'/v1/orders/{id}/signature-request', 'get'>>>,
  Assert<Same<Result<RK['orders']['cancelSignatureRequest']>, Response<'/v1/orders/{id}/signature-request', 'delete'>>>,
  // customers, licences, revenue, events
  Assert<Same<Result<RK['customers']['list']>, ListData<'/v1/customers', 'get'>>>,
  // `status` narrows the wire's comma-separated string to the statuses, one or an array the client joins by commas
  Assert<Same<Omit<Arg<RK['customers']['list'], 0>, 'status'>, Omit<Query<'/v1/customers', 'get'>, 'status'>>>,
  Assert<Narrows<Statuses<Arg<RK['customers']['list'], 0>['status']>, Query<'/v1/customers', 'get'>['status']>>,
  Assert<Same<Result<RK['customers']['retrieve']>, Response<'/v1/customers/{id}', 'get'>>>,
  Assert<Same<Result<RK['licences']['list']>, ListData<'/v1/licences', 'get'>>>,
  // The route takes no query at all (any parameter is a 400), so the method takes none either.
  Assert<Same<Query<'/v1/licences', 'get'>, never>>,
  Assert<Same<Arg<RK['licences']['list'], 0>, NoParams>>,
  Assert<Same<Result<RK['revenue']['retrieve']>, Response<'/v1/revenue', 'get'>>>,
  Assert<Same<Arg<RK['revenue']['retrieve'], 0>, Query<'/v1/revenue', 'get'>>>,
  Assert<Same<Result<RK['revenue']['forecast']>, Response<'/v1/revenue/forecast', 'get'>>>,
  Assert<Same<Arg<RK['revenue']['forecast'], 0>, Query<'/v1/revenue/forecast', 'get'>>>,
  Assert<Same<Result<Admin['revenue']['forecast']>, Response<'/v1/admin/revenue/forecast', 'get'>>>,
  Assert<Same<Arg<Admin['revenue']['forecast'], 0>, Query<'/v1/admin/revenue/forecast', 'get'>>>,
  // A statement is JSON by default; csv and sie are files, read as text and bytes.
  Assert<Same<RevenueStatementResult<'json'>, Response<'/v1/revenue/statements/{period}', 'get'>>>,
  Assert<Same<RevenueStatementResult<'json'>, Response<'/v1/admin/revenue/statements/{period}', 'get'>>>,
  Assert<Same<RevenueStatementFormat | undefined, Query<'/v1/revenue/statements/{period}', 'get'>['format']>>,
  Assert<Same<RevenueStatementFormat | undefined, Query<'/v1/admin/revenue/statements/{period}', 'get'>['format']>>,
  Assert<Same<Arg<Admin['revenue']['statement'], 1>['resellerId'], Query<'/v1/admin/revenue/statements/{period}', 'get'>['resellerId']>>,
  Assert<Narrows<Result<RK['events']['list']>, ListData<'/v1/events', 'get'>>>,
  Assert<Same<Arg<RK['events']['list'], 0>, Query<'/v1/events', 'get'>>>,
  // webhook endpoints and deliveries
  Assert<Narrows<Result<RK['webhookEndpoints']['create']>, Response<'/v1/webhook-endpoints', 'post'>>>,
  Assert<Same<Arg<RK['webhookEndpoints']['create'], 0>, Body<'/v1/webhook-endpoints', 'post'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['list']>, ListData<'/v1/webhook-endpoints', 'get'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['retrieve']>, Response<'/v1/webhook-endpoints/{id}', 'get'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['update']>, Response<'/v1/webhook-endpoints/{id}', 'patch'>>>,
  Assert<Same<Arg<RK['webhookEndpoints']['update'], 1>, Body<'/v1/webhook-endpoints/{id}', 'patch'>>>,
  Assert<Same<Result<RK['webhookEndpoints']['del']>, Response<'/v1/webhook-endpoints/{id}', 'delete'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['rotateSecret']>, Response<'/v1/webhook-endpoints/{id}/rotate-secret', 'post'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['test']>, Response<'/v1/webhook-endpoints/{id}/test', 'post'>>>,
  Assert<Narrows<Result<RK['webhookEndpoints']['deliveries']>, ListData<'/v1/webhook-endpoints/{id}/deliveries', 'get'>>>,
  Assert<Same<Arg<RK['webhookEndpoints']['deliveries'], 1>, Query<'/v1/webhook-endpoints/{id}/deliveries', 'get'>>>,
  Assert<Same<Result<RK['webhookEndpoints']['recover']>, Response<'/v1/webhook-endpoints/{id}/recover', 'post'>>>,
  Assert<Same<Arg<RK['webhookEndpoints']['recover'], 1>, Body<'/v1/webhook-endpoints/{id}/recover', 'post'>>>,
  Assert<Narrows<Result<RK['webhookDeliveries']['retry']>, Response<'/v1/webhook-deliveries/{id}/retry', 'post'>>>,
  // widget sessions, invitations
  Assert<Same<Result<RK['widgetSessions']['create']>, Response<'/v1/widget-sessions', 'post'>>>,
  Assert<Same<Arg<RK['widgetSessions']['create'], 0>, Body<'/v1/widget-sessions', 'post'>>>,
  Assert<Same<Result<RK['invitations']['accept']>, Response<'/v1/invitations/accept', 'post'>>>,
  Assert<Same<Arg<RK['invitations']['accept'], 0>, Body<'/v1/invitations/accept', 'post'>>>,
  // vendor admin
  Assert<Same<Result<Admin['resellers']['create']>, Response<'/v1/admin/resellers', 'post'>>>,
  Assert<Same<Arg<Admin['resellers']['create'], 0>, Body<'/v1/admin/resellers', 'post'>>>,
  Assert<Same<Result<Admin['resellers']['list']>, ListData<'/v1/admin/resellers', 'get'>>>,
  Assert<Same<Result<Admin['resellers']['retrieve']>, Response<'/v1/admin/resellers/{id}', 'get'>>>,
  Assert<Same<Result<Admin['resellers']['update']>, Response<'/v1/admin/resellers/{id}', 'patch'>>>,
  Assert<Same<Arg<Admin['resellers']['update'], 1>, Body<'/v1/admin/resellers/{id}', 'patch'>>>,
  Assert<Same<Result<Admin['resellers']['createApiKey']>, Response<'/v1/admin/resellers/{id}/api-keys', 'post'>>>,
  Assert<Same<Arg<Admin['resellers']['createApiKey'], 1>, Body<'/v1/admin/resellers/{id}/api-keys', 'post'>>>,
  Assert<Same<Result<Admin['resellers']['listApiKeys']>, Response<'/v1/admin/resellers/{id}/api-keys', 'get'>>>,
  Assert<Same<Result<Admin['resellers']['revokeApiKey']>, Response<'/v1/admin/resellers/{id}/api-keys/{keyId}', 'delete'>>>,
  Assert<Same<Result<Admin['licences']['create']>, Response<'/v1/admin/licences', 'post'>>>,
  Assert<Same<Arg<Admin['licences']['create'], 0>, Body<'/v1/admin/licences', 'post'>>>,
  Assert<Same<Result<Admin['licences']['list']>, ListData<'/v1/admin/licences', 'get'>>>,
  Assert<Same<Result<Admin['orders']['list']>, ListData<'/v1/admin/orders', 'get'>>>,
  Assert<Same<Arg<Admin['orders']['list'], 0>, Query<'/v1/admin/orders', 'get'>>>,
  Assert<Same<Result<Admin['orders']['approve']>, Response<'/v1/admin/orders/{id}/approve', 'post'>>>,
  Assert<Same<Result<Admin['orders']['reject']>, Response<'/v1/admin/orders/{id}/reject', 'post'>>>,
  Assert<Same<Arg<Admin['orders']['reject'], 1>, Body<'/v1/admin/orders/{id}/reject', 'post'>>>,
  Assert<Same<Result<Admin['customers']['cancel']>, Response<'/v1/admin/customers/{id}/cancel', 'post'>>>,
  // the hand-written event payload map covers exactly the event types the server writes
  Assert<Same<keyof EventDataMap, EventType>>,
  Assert<Narrows<WebhookEndpoint, C.WebhookEndpoint>>,
  Assert<Narrows<WebhookDelivery, C.WebhookDelivery>>,
  Assert<Narrows<EventType, C.WebhookEndpoint['enabledEvents'][number]>>,
];

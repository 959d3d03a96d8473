/** @module Organizations and their maintenance plans (incl. spreadsheet import). */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type {
  ListParams,
  Organization,
  OrganizationCreateParams,
  OrganizationUpdateParams,
  Plan,
  PlanImportContentType,
  PlanImportParams,
  PlanImportPreview,
  PlanImportResult,
  PlanReplaceParams,
} from '../types.js';
import { APIResource, path } from './resource.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class Organizations extends APIResource {
  /** The organization's maintenance plan. */
  readonly plan = new Plans(this.client);

  create(params: OrganizationCreateParams, options?: RequestOptions): Promise<Organization> {
    return this.client.post('/v1/organizations', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Organization> {
    return this.client.get(path`/v1/organizations/${id}`, undefined, options);
  }

  update(id: string, params: OrganizationUpdateParams, options?: RequestOptions): Promise<Organization> {
    return this.client.patch(path`/v1/organizations/${id}`, params, options);
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Organization> {
    return this.client.getList('/v1/organizations', params, options);
  }
}

export class Plans extends APIResource {
  retrieve(organizationId: string, options?: RequestOptions): Promise<Plan> {
    return this.client.get(path`/v1/organizations/${organizationId}/plan`, undefined, options);
  }

  /** Replaces every action of the plan. */
  replace(organizationId: string, plan: PlanReplaceParams, options?: RequestOptions): Promise<Plan> {
    return this.client.put(path`/v1/organizations/${organizationId}/plan`, plan, options);
  }

  /**
   * Imports an `.xlsx` or `;`-separated CSV made from the template. All-or-nothing: a refused
   * import throws `UnprocessableEntityError` whose `issues` carry `{ row, column, message }`.
   * With `dryRun: true` nothing is saved and the parsed rows come back as a preview.
   */
  import(
    organizationId: string,
    file: Uint8Array | ArrayBuffer | Blob,
    params: PlanImportParams & { dryRun: true },
    options?: RequestOptions,
  ): Promise<PlanImportPreview>;
  import(
    organizationId: string,
    file: Uint8Array | ArrayBuffer | Blob,
    params: PlanImportParams,
    options?: RequestOptions,
  ): Promise<PlanImportResult>;
  import(
    organizationId: string,
    file: Uint8Array | ArrayBuffer | Blob,
    params: PlanImportParams,
    options?: RequestOptions,
  ): Promise<PlanImportResult | PlanImportPreview> {
    return this.client.request(
      {
        method: 'POST',
        path: path`/v1/organizations/${organizationId}/plan/import`,
        query: { dryRun: params.dryRun ? 'true' : undefined, mode: params.mode },
        binary: { data: file, contentType: importContentType(params.contentType) },
      },
      options,
    );
  }

  /** The import template (`.xlsx`) as bytes. */
  template(options?: RequestOptions): Promise<ArrayBuffer> {
    return this.client.request(
      { method: 'GET', path: '/v1/plan-import-template', responseType: 'arrayBuffer' },
      { ...options, headers: { Accept: `${XLSX_CONTENT_TYPE}, */*`, ...options?.headers } },
    );
  }
}

function importContentType(type: PlanImportContentType): string {
  if (type === 'xlsx') return XLSX_CONTENT_TYPE;
  if (type === 'csv') return 'text/csv';
  return type;
}

/** @module Base of the resource classes, and a path builder that encodes ids. */
import type { ResellerKit } from '../client.js';

export abstract class APIResource {
  protected readonly client: ResellerKit;
  constructor(client: ResellerKit) {
    this.client = client;
  }
}

/** Tagged template for paths: every interpolated id is URI-encoded (`path\`/v1/trials/${id}\``). */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce((out, part, i) => out + encodeURIComponent(ids[i - 1]!) + part);
}

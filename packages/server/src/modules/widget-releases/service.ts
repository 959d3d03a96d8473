/** @module The widget's releases: the current build read from disk, and each version archived in the store once. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { assetPath } from '../../app/assets.js';
import type { Ctx } from '../../app/context.js';
import { archiveRelease, findRelease } from './repo.js';


/** A release version as npm writes them (`0.1.0`, `1.2.0-beta.1`); anything else is not a file we serve. */
export const VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,32})?$/;

interface Bundle {
  mtimeMs: number;
  version: string;
  body: Buffer;
  etag: string;
  integrity: string;
}

export const digestOf = (body: Uint8Array) => createHash('sha256').update(body).digest();

/** The current build, read once and again only when the file changes (a rebuild during development). */
export class WidgetBundleFile {
  #loaded: Bundle | null = null;

  constructor(private readonly path = assetPath('widget.js')) {}

  async current(): Promise<Bundle | null> {
    try {
      const { mtimeMs } = await stat(this.path);
      if (this.#loaded && this.#loaded.mtimeMs === mtimeMs) return this.#loaded;
      const body = await readFile(this.path);
      const { version } = JSON.parse(await readFile(assetPath('widget.package.json'), 'utf8')) as { version: string };
      const digest = digestOf(body);
      this.#loaded = { mtimeMs, version, body, etag: `"${digest.toString('hex')}"`, integrity: `sha256-${digest.toString('base64')}` };
      return this.#loaded;
    } catch {
      return null;
    }
  }
}

/** Keeps the current build under its version, unless that version already has a file: a published version never changes. */
export async function archiveWidgetBundle(ctx: Ctx): Promise<void> {
  const bundle = await ctx.caches.widgetBundle.current();
  if (!bundle) return;
  await archiveRelease(ctx.db, { version: bundle.version, sha256: bundle.etag.slice(1, -1), content: bundle.body, created_at: ctx.clock.now().toISOString() });
}

/** The bytes of `version`: as archived, or the current build (archived on this first request for it); undefined if neither. */
export async function releaseContent(ctx: Ctx, version: string): Promise<Uint8Array | undefined> {
  const find = () => findRelease(ctx.db, version);
  let release = VERSION.test(version) ? await find() : undefined;
  if (!release && version === (await ctx.caches.widgetBundle.current())?.version) {
    await archiveWidgetBundle(ctx);
    release = await find();
  }
  return release ? new Uint8Array(release.content) : undefined;
}

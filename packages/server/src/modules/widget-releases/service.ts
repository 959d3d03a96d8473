/**
 * @module The widget's releases: the current build read from disk, and each version archived in the store once.
 *
 * A release is its entry, `widget.js`, and the chunks it imports by relative URL (`chunks/<name>-<hash>.js`). They are
 * archived together, in one transaction, under keys of the same table: `<version>` for the entry (as before chunks
 * existed) and `<version>/chunks/<file>` for each chunk, so an entry served once always finds its own chunks.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assetPath } from '../../app/assets.js';
import type { Ctx } from '../../app/context.js';
import { archiveRelease, findRelease, findReleaseChunks } from './repo.js';

const ENTRY = 'widget.js';

/** A release version as npm writes them (`0.1.0`, `1.2.0-beta.1`); anything else is not a file we serve. */
export const VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,32})?$/;
/** A file of a release: the entry or one of its chunks, as the build names them; no other path reaches the store. */
export const RELEASE_FILE = /^(widget\.js|chunks\/[\w-]{1,64}\.js)$/;

interface Bundle {
  mtimeMs: number;
  version: string;
  body: Buffer;
  etag: string;
  integrity: string;
  /** The chunks beside the entry, by path relative to it (`chunks/order-AB12CD34.js`). */
  chunks: Map<string, Buffer>;
}

async function readChunks(dir: string): Promise<Map<string, Buffer>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out = new Map<string, Buffer>();
  for (const name of names.filter((n) => RELEASE_FILE.test(`chunks/${n}`)).sort()) out.set(`chunks/${name}`, await readFile(`${dir}/${name}`));
  return out;
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
      const chunks = await readChunks(fileURLToPath(new URL('chunks', pathToFileURL(this.path))));
      this.#loaded = { mtimeMs, version, body, etag: `"${digest.toString('hex')}"`, integrity: `sha256-${digest.toString('base64')}`, chunks };
      return this.#loaded;
    } catch {
      return null;
    }
  }
}

/** The store's key of a release's file: the entry keeps the bare version it always had. */
const keyOf = (version: string, file: string) => (file === ENTRY ? version : `${version}/${file}`);

/** Keeps the current build under its version, unless that version already has a file: a published version never changes. */
export async function archiveWidgetBundle(ctx: Ctx): Promise<void> {
  const bundle = await ctx.caches.widgetBundle.current();
  if (!bundle) return;
  const created_at = ctx.clock.now().toISOString();
  const row = (file: string, content: Buffer) => ({ version: keyOf(bundle.version, file), sha256: digestOf(content).toString('hex'), content, created_at });
  await ctx.db.transaction().execute(async (tx) => {
    // Chunks only with the entry that imports them: a rebuild under a published version adds nothing to it.
    if (!(await archiveRelease(tx, row(ENTRY, bundle.body)))) return;
    for (const [file, content] of bundle.chunks) await archiveRelease(tx, row(file, content));
  });
}

/** The bytes of `file` of `version`: as archived, or the current build's (archived on this first request); undefined if neither. */
export async function releaseContent(ctx: Ctx, version: string, file = ENTRY): Promise<Uint8Array | undefined> {
  const find = () => findRelease(ctx.db, keyOf(version, file));
  let release = VERSION.test(version) && RELEASE_FILE.test(file) ? await find() : undefined;
  if (!release && version === (await ctx.caches.widgetBundle.current())?.version) {
    await archiveWidgetBundle(ctx);
    release = await find();
  }
  return release ? new Uint8Array(release.content) : undefined;
}

/**
 * The Subresource Integrity value of each file of `version` (the entry and its chunks), by path relative to the
 * version's folder; undefined when the version was never served. What a page pins in an import map's `integrity`.
 */
export async function releaseIntegrity(ctx: Ctx, version: string): Promise<Map<string, string> | undefined> {
  const entry = await releaseContent(ctx, version);
  if (!entry) return undefined;
  const sri = (body: Uint8Array) => `sha256-${digestOf(body).toString('base64')}`;
  const out = new Map([[ENTRY, sri(entry)]]);
  for (const row of await findReleaseChunks(ctx.db, version)) out.set(row.version.slice(version.length + 1), sri(row.content));
  return out;
}

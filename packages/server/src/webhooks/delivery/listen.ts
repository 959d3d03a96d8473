/** @module PostgreSQL's wake-up for workers: a LISTEN connection on the channel the fan-out NOTIFYs at commit. */
import type pg from 'pg';

/** The PostgreSQL channel workers LISTEN on; NOTIFY inside the transaction fires only at commit. */
export const WEBHOOK_CHANNEL = 'resellerkit_webhooks';

export class DeliveryNotifications {
  /** The client holding the LISTEN, while it is healthy. */
  #client: pg.PoolClient | undefined;
  #stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onNotify: () => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Listens until stopped, reconnecting a second after a lost connection. */
  async listen(): Promise<void> {
    if (this.#stopped) return;
    try {
      const client = await this.pool.connect();
      if (this.#stopped) return client.release();
      this.#client = client;
      client.on('notification', () => this.onNotify());
      client.on('error', (e) => {
        this.onError(e);
        // A dropped connection may report more than one error, and stop() may have released it already:
        // releasing twice throws inside this handler and would take the process down.
        if (this.#client !== client) return;
        this.#client = undefined;
        client.release(true);
        if (!this.#stopped) setTimeout(() => void this.listen(), 1000).unref();
      });
      await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    } catch (e) {
      this.onError(e);
      setTimeout(() => void this.listen(), 1000).unref();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    if (!client) return;
    await client.query(`UNLISTEN ${WEBHOOK_CHANNEL}`).catch(() => {});
    if (this.#client === client) {
      this.#client = undefined;
      client.release();
    }
  }
}

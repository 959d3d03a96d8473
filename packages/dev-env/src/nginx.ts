/** @module A real nginx reverse proxy for tests (X-Forwarded-For as production proxies set it), in a throwaway prefix. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

/**
 * nginx on a free port of 127.0.0.1 in front of `upstream`, appending the client to X-Forwarded-For. Several
 * upstreams are balanced round-robin (nginx's default), as a production load balancer would spread instances; one
 * that refuses connections is skipped for the next (`proxy_next_upstream error`), a request already sent to one that
 * dies is answered 502 (a POST is never sent twice by nginx).
 */
export async function startNginx(upstream: string | string[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-nginx-'));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join(' ');
  const servers = (Array.isArray(upstream) ? upstream : [upstream]).map((u) => `server ${new URL(u).host};`).join(' ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'error.log')};
events {}
http {
  access_log off; ${temp}
  upstream service { ${servers} }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://service;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers (a 502 is fine: the upstream may not be listening yet).
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => request(url, { method: 'HEAD' }, () => resolve(true)).on('error', () => resolve(false)).end());
    if (up) break;
    if (i > 100 || child.exitCode !== null) throw new Error('nginx did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async close() {
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

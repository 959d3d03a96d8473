/** @module A self-contained API reference rendered from the OpenAPI document (no CDN: it must work offline). */
type Doc = { info: { title: string; description?: string }; paths?: Record<string, Record<string, any>>; components?: { schemas?: Record<string, any> } };

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function schemaText(s: any, depth = 0): string {
  if (!s) return '';
  if (s.$ref) {
    const name = String(s.$ref).split('/').pop();
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (s.type === 'array') return `${schemaText(s.items, depth)}[]`;
  if (s.enum) return s.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map((x: any) => schemaText(x, depth)).join(' | ');
  if (s.type === 'object' && s.properties && depth < 3) {
    const req = new Set<string>(s.required ?? []);
    const rows = Object.entries<any>(s.properties).map(
      ([k, v]) => `<li><code>${esc(k)}${req.has(k) ? '' : '?'}</code>: ${schemaText(v, depth + 1)}${v.description ? ` — ${esc(v.description)}` : ''}</li>`,
    );
    return `<ul>${rows.join('')}</ul>`;
  }
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return esc(s.format ? `${t} (${s.format})` : t);
}

export function renderReference(doc: Doc): string {
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content;
      const bodyHtml = body
        ? Object.entries<any>(body)
            .map(([type, v]) => `<p><b>Body</b> <code>${esc(type)}</code>: ${schemaText(v.schema)}</p>`)
            .join('')
        : '';
      const params = (op.parameters ?? []).map((p: any) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}): ${schemaText(p.schema)}</li>`).join('');
      const responses = Object.entries<any>(op.responses ?? {})
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)} ${r.content?.['application/json'] ? schemaText(r.content['application/json'].schema) : ''}</li>`)
        .join('');
      ops.push(
        `<section class="op" id="${esc(method)}-${esc(path)}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>` +
          `${op.summary ? `<p>${esc(op.summary)}</p>` : ''}${params ? `<p><b>Parameters</b></p><ul>${params}</ul>` : ''}${bodyHtml}<p><b>Responses</b></p><ul>${responses}</ul></section>`,
      );
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaText(s)}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2a33}code{background:#f2f5f7;padding:0 .25em;border-radius:3px}
.op{border:1px solid #dde3e8;border-radius:8px;padding:.25rem 1rem;margin:1rem 0}.m{display:inline-block;min-width:4.5em;font-size:.8em;color:#fff;border-radius:4px;padding:.1em .4em;text-align:center}
.get{background:#2f7d4f}.post{background:#2563a8}.put,.patch{background:#9a6a00}.delete{background:#b3261e}</style></head>
<body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>
<h2>Endpoints</h2>${ops.join('')}<h2>Schemas</h2>${schemas}</body></html>`;
}

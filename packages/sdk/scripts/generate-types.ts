/** @module `npm run generate -w @resellerkit/sdk`: writes src/generated/contract.ts and formats.ts from the live server contract. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CONTRACT_FILE, liveContract } from './contract.js';
import { FORMATS_FILE, renderFormats } from './formats.js';
import { renderContract } from './openapi-to-ts.js';

const document = await liveContract();
for (const [file, next] of [
  [CONTRACT_FILE, renderContract(document)],
  [FORMATS_FILE, renderFormats(document)],
] as const) {
  let previous = '';
  try {
    previous = readFileSync(file, 'utf8');
  } catch {
    /* first run */
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, next);
  console.log(`${relative(process.cwd(), file)}: ${previous === next ? 'unchanged' : 'updated'}`);
}

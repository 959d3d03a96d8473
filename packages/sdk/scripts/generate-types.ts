/** @module `npm run generate -w @resellerkit/sdk`: writes src/generated/contract.ts from the live server contract. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CONTRACT_FILE, liveContract } from './contract.js';
import { renderContract } from './openapi-to-ts.js';

const next = renderContract(await liveContract());
let previous = '';
try {
  previous = readFileSync(CONTRACT_FILE, 'utf8');
} catch {
  /* first run */
}
mkdirSync(dirname(CONTRACT_FILE), { recursive: true });
writeFileSync(CONTRACT_FILE, next);
console.log(`${relative(process.cwd(), CONTRACT_FILE)}: ${previous === next ? 'unchanged' : 'updated'}`);

/** @module `npm run size -w @resellerkit/sdk`: measures the gzipped bundles and rewrites the README's size badge. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET, kb, measure, PKG_DIR, sizeBlock, withBadge, withSizeBlock } from './measure-size.js';

const size = measure();
const file = join(PKG_DIR, 'README.md');
writeFileSync(file, withSizeBlock(readFileSync(file, 'utf8'), sizeBlock(size)));
// The repository README's package table carries the same badge.
const root = join(PKG_DIR, '../../README.md');
writeFileSync(root, withBadge(readFileSync(root, 'utf8'), size));
console.log(`ESM ${kb(size.esm)} gz, CJS ${kb(size.cjs)} gz (budget ${kb(BUDGET)}): README badges updated`);
if (size.esm > BUDGET) process.exitCode = 1;

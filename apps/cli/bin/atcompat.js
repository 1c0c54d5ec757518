#!/usr/bin/env node
// The `atcompat` command. The TypeScript is compiled by `npm install` (the root `prepare` script)
// or `npm run build`; say so plainly if it has not been.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('atcompat: the command has not been built yet. Run `npm run build` in the atcompat folder, then try again.');
  process.exit(2);
}
await import(main.href);

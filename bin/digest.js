#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in lib/ (npm ci runs `prepare`, which compiles it).
import { main } from '../lib/cli.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

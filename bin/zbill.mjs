#!/usr/bin/env node
// The `zbill` command (package.json "bin"): builds dist/ when it is missing or
// stale, as `npm start` does, then runs the server with the given options.
await import('../scripts/build-if-needed.mjs');
await import('../dist/src/main.js');

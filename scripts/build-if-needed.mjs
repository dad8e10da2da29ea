// Builds dist/ when it is missing or older than any source file, so that
// `npm start` and the `zbill` command work straight after `npm ci` and stay
// fast afterwards. Says so before building: tsc takes many seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const built = join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'bench')), newest(join(root, 'scripts')), statSync(join(root, 'tsconfig.json')).mtimeMs);
if (!existsSync(stamp) || !existsSync(built) || statSync(stamp).mtimeMs < sources) {
  if (!existsSync(tsc)) {
    if (!existsSync(built)) {
      process.stderr.write('zbill: dist/ is not built and TypeScript is not installed; run `npm ci` (with dev dependencies), then `npm run build`\n');
      process.exit(1);
    }
    process.stderr.write('zbill: the sources are newer than dist/, but TypeScript is not installed to rebuild it; running the existing build\n');
  } else {
    process.stderr.write('zbill: building dist/ with tsc (first start, or the sources changed); this takes a while...\n');
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
    } catch {
      process.stderr.write('zbill: the build failed (the TypeScript errors are above)\n');
      process.exit(1);
    }
    writeFileSync(stamp, new Date().toISOString());
    process.stderr.write(`zbill: built in ${Math.round((performance.now() - t0) / 1000)} s\n`);
  }
}

// Builds the extension into extension/dist: one bundle per place the code runs, plus the manifest,
// pages, styles and icons. `npm run build`; `node extension/build.mjs --watch` rebuilds on change.
import { build, context } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trimStemmers } from './stemmer-subset.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');

// The Snowball stemmers (about 850 kB, all languages in one CommonJS file) only serve claim
// matching in the background worker. Declared free of side effects, they leave every bundle
// that does not stem, the content script above all; where they are bundled, only the English,
// French and German stemmers are kept (stemmer-subset.mjs, about 150 kB).
const stemmersWithoutSideEffects = {
  name: 'stemmers-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /^snowball-stemmers$/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      return { path: found.path, sideEffects: false };
    });
    b.onLoad({ filter: /[\\/]snowball-stemmers[\\/]snowball-stemmers\.js$/ }, (args) => ({
      contents: trimStemmers(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

const options = {
  entryPoints: {
    background: join(root, 'src/background/index.js'),
    content: join(root, 'src/content/index.js'),
    // Loaded into a page on first need only (shared/messages.js BUNDLES, content/bundles.js).
    panel: join(root, 'src/content/panel-entry.js'),
    'page-parts': join(root, 'src/content/page-parts-entry.js'),
    anchoring: join(root, 'src/content/anchoring-entry.js'),
    popup: join(root, 'src/popup/index.js'),
    options: join(root, 'src/options/index.js'),
  },
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: ['chrome120', 'firefox128'],
  // ASCII with \u escapes: Chrome refuses to load a content script whose bytes hold a Unicode
  // noncharacter (the engine's U+FFFF mask, since the content script anchors targets itself)
  // as "not UTF-8 encoded", and with it the whole extension.
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [stemmersWithoutSideEffects],
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(join(root, 'manifest.json'), join(dist, 'manifest.json'));
for (const name of readdirSync(join(root, 'static'))) {
  cpSync(join(root, 'static', name), join(dist, name), { recursive: true });
}

if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`watching; output in ${dist}`);
} else {
  await build(options);
  console.log(`built ${dist}`);
}

#!/usr/bin/env node
// Consumer smoke test: use the packages as a user would, from outside the workspace.
//
// 1. `pnpm pack` every publishable package (workspace ranges become real versions);
// 2. in a temporary project outside the repository, `npm install` the tarballs;
// 3. import every entry point from ESM and CJS, type-check an import of every entry point with
//    strict TypeScript (`skipLibCheck: false`) under `node16` and `bundler` resolution, run the
//    programs in scripts/consumer-smoke/ (ESM and CJS) that do each package's basic job, and
//    compile and run every TypeScript block of each installed package's README, as written.
//
// Two projects: one without any optional peer (root entries only: a root entry must stand
// alone), one with the optional peers that install here (every entry, subpaths included), each
// with an apache-arrow major of its own, so two majors are exercised.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const programs = join(root, 'scripts', 'consumer-smoke');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'ballast-consumer-'));
const typescript = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

// Optional peers that cannot install on this machine (their install scripts download binaries).
const uninstallablePeers = new Set(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

function sh(command, args, cwd, extraEnv = {}) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${output}`);
  }
}

function publishablePackages() {
  const packages = [];
  for (const folder of readdirSync(join(root, 'packages'))) {
    const directory = join(root, 'packages', folder);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    packages.push({ directory, manifest });
  }
  return packages;
}

function entryPoints(manifest) {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter(key => key !== './package.json' && !key.includes('*') && !key.endsWith('.json'))
    .map(key => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

const packages = publishablePackages();
const tarballDirectory = join(work, 'tarballs');
mkdirSync(tarballDirectory);
const tarballs = {};
for (const { directory, manifest } of packages) {
  const before = new Set(readdirSync(tarballDirectory));
  sh('pnpm', ['pack', '--pack-destination', tarballDirectory], directory);
  const created = readdirSync(tarballDirectory).find(file => !before.has(file));
  if (!created) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
  tarballs[manifest.name] = join(tarballDirectory, created);
}

function requiredPeers(withOptional) {
  const peers = {};
  for (const { manifest } of packages) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@ballast/')) continue;
      const optional = manifest.peerDependenciesMeta?.[name]?.optional === true;
      if (optional && (!withOptional || uninstallablePeers.has(name))) continue;
      peers[name] = range;
    }
  }
  return peers;
}

const subpathImport = /from\s+['"]@ballast\/[^'"/]+\/[^'"]+['"]/;

// The ```ts blocks of a README, as a user would paste them.
function readmeBlocks(markdown) {
  const blocks = [];
  const pattern = /^```(?:ts|typescript)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(pattern)) blocks.push(match[1]);
  return blocks;
}

function writeTypeCheck(project, specifiers, lib) {
  const lines = specifiers.map(
    (specifier, index) => `import * as entry${index} from '${specifier}';`,
  );
  lines.push(
    `export const entries = [${specifiers.map((_, index) => `entry${index}`).join(', ')}];`,
  );
  writeFileSync(join(project, 'src', 'entries.ts'), `${lines.join('\n')}\n`);
  for (const resolution of ['node16', 'bundler']) {
    writeFileSync(
      join(project, `tsconfig.${resolution}.json`),
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            skipLibCheck: false,
            // node16 also emits, so the README blocks run as compiled JavaScript.
            noEmit: resolution !== 'node16',
            outDir: 'out',
            rootDir: 'src',
            target: 'ES2022',
            lib,
            types: ['node'],
            module: resolution === 'node16' ? 'node16' : 'preserve',
            moduleResolution: resolution,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
          },
          include: ['src/**/*.ts', 'src/**/*.mts'],
        },
        null,
        2,
      ),
    );
  }
}

function smoke({ name, withOptional, arrow }) {
  const started = Date.now();
  const project = join(work, name);
  mkdirSync(join(project, 'src'), { recursive: true });
  const dependencies = {
    ...Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`])),
    ...requiredPeers(withOptional),
    'apache-arrow': arrow,
    '@types/node': '^20.19.0',
  };
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: `ballast-consumer-${name}`,
        private: true,
        type: 'module',
        dependencies,
        // Inter-package ranges of the tarballs resolve to the tarballs, never the registry.
        overrides: Object.fromEntries(
          Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]),
        ),
      },
      null,
      2,
    ),
  );
  sh(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    project,
  );

  const specifiers = packages.flatMap(({ manifest }) =>
    withOptional ? entryPoints(manifest) : [manifest.name],
  );
  // Every entry loads from ESM and from CJS.
  writeFileSync(
    join(project, 'import-all.mjs'),
    `${specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\n` +
      `const loaded = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n` +
      `for (const m of loaded) if (Object.keys(m).length === 0) throw new Error('empty entry');\n` +
      `console.log('esm: ' + loaded.length + ' entries');\n`,
  );
  writeFileSync(
    join(project, 'require-all.cjs'),
    `const specifiers = ${JSON.stringify(specifiers)};\n` +
      `for (const s of specifiers) { const m = require(s); if (Object.keys(m).length === 0) throw new Error('empty entry ' + s); }\n` +
      `console.log('cjs: ' + specifiers.length + ' entries');\n`,
  );
  sh('node', ['import-all.mjs'], project);
  sh('node', ['require-all.cjs'], project);

  // The basic job of each package, as a user writes it (ESM, CJS and TypeScript programs).
  cpSync(programs, join(project, 'programs'), { recursive: true });
  const programFiles = readdirSync(join(project, 'programs')).sort();
  for (const file of programFiles) {
    if (file.endsWith('.ts') || file.endsWith('.mts')) {
      cpSync(join(project, 'programs', file), join(project, 'src', file));
    }
  }
  const readmePrograms = [];
  mkdirSync(join(project, 'src', 'readme'), { recursive: true });
  for (const { manifest } of packages) {
    const readme = join(project, 'node_modules', manifest.name, 'README.md');
    let markdown;
    try {
      markdown = readFileSync(readme, 'utf8');
    } catch {
      throw new Error(`${manifest.name}: the installed package has no README.md`);
    }
    readmeBlocks(markdown).forEach((code, index) => {
      const file = `${manifest.name.replace('@ballast/', '')}-${index + 1}.ts`;
      writeFileSync(join(project, 'src', 'readme', file), `${code}\nexport {};\n`);
      // A block that imports an adapter entry (`@ballast/warehouse/duckdb`) needs that adapter's
      // optional peer: it type-checks everywhere but runs only where the peers are installed.
      if (withOptional || !subpathImport.test(code)) readmePrograms.push(file);
    });
  }
  // apache-arrow 17's own declarations name DOM stream types (ReadableStreamReadResult, ...), so
  // a strict project on arrow 17 needs the DOM lib whatever else it imports; 21's do not.
  writeTypeCheck(project, specifiers, arrow.includes('17') ? ['ES2023', 'DOM'] : ['ES2023']);
  for (const resolution of ['node16', 'bundler']) {
    sh('node', [typescript, '-p', `tsconfig.${resolution}.json`], project);
  }
  let ran = 0;
  for (const file of programFiles) {
    if (!/\.(mjs|cjs)$/.test(file)) continue;
    sh('node', [join('programs', file)], project);
    ran += 1;
  }
  // README blocks run in a scratch folder each, as a new user's project would.
  for (const file of readmePrograms) {
    const cwd = mkdtempSync(join(work, 'readme-run-'));
    sh('node', [join(project, 'out', 'readme', file.replace(/\.ts$/, '.js'))], cwd);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${name}: ${specifiers.length} entries imported from ESM, CJS and strict TypeScript (node16, bundler); ${ran} programs and ${readmePrograms.length} README blocks ran; apache-arrow ${arrow}; ${seconds} s`,
  );
}

try {
  smoke({ name: 'without-optional-peers', withOptional: false, arrow: '^17.0.0' });
  smoke({ name: 'with-optional-peers', withOptional: true, arrow: '^21.0.0' });
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

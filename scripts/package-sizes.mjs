#!/usr/bin/env node
// Measures what each published package costs a user, and writes it into the package's README
// between `<!-- sizes:start -->` and `<!-- sizes:end -->`:
// - unpacked: the tarball from `pnpm pack` (files, and how much of it is source maps);
// - install: `du` of node_modules after `npm install <tarball>` with its required peers in an
//   empty project outside the repository (other @ballast/* packages from their tarballs),
//   with the largest packages named.
// Run it after a dependency change: `node scripts/package-sizes.mjs` (`--check` only prints).
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const printOnly = process.argv.includes('--check');
const work = mkdtempSync(join(tmpdir(), 'ballast-sizes-'));

function sh(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function directorySize(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

const megabytes = bytes => `${(bytes / 1e6).toFixed(1)} MB`;
const kilobytes = bytes => (bytes < 1e6 ? `${Math.round(bytes / 1e3)} kB` : megabytes(bytes));

const packages = readdirSync(join(root, 'packages'))
  .map(folder => join(root, 'packages', folder))
  .filter(directory => {
    try {
      return !JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  })
  .map(directory => ({
    directory,
    manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')),
  }));

const tarballs = {};
const tarballDirectory = join(work, 'tarballs');
mkdirSync(tarballDirectory);
for (const { directory, manifest } of packages) {
  const json = JSON.parse(sh('npm', ['pack', '--dry-run', '--json'], directory))[0];
  const before = new Set(readdirSync(tarballDirectory));
  sh('pnpm', ['pack', '--pack-destination', tarballDirectory], directory);
  const file = readdirSync(tarballDirectory).find(name => !before.has(name));
  const maps = json.files.filter(f => f.path.endsWith('.map')).reduce((a, f) => a + f.size, 0);
  tarballs[manifest.name] = {
    file: join(tarballDirectory, file),
    unpacked: json.unpackedSize,
    files: json.entryCount,
    maps,
  };
}

const overrides = Object.fromEntries(
  Object.entries(tarballs).map(([name, { file }]) => [name, `file:${file}`]),
);
const date = new Date().toISOString().slice(0, 10);
for (const { directory, manifest } of packages) {
  const project = join(work, manifest.name.replace('/', '+'));
  mkdirSync(project);
  const peers = Object.entries(manifest.peerDependencies ?? {}).filter(
    ([name]) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
  );
  const dependencies = { [manifest.name]: overrides[manifest.name] };
  for (const [name, range] of peers) dependencies[name] = range;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'size-probe', private: true, dependencies, overrides }),
  );
  sh(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    project,
  );
  const modules = join(project, 'node_modules');
  const sizes = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@');
    for (const name of scoped ? readdirSync(join(modules, entry)) : [entry]) {
      const path = scoped ? join(modules, entry, name) : join(modules, name);
      sizes.push([scoped ? `${entry}/${name}` : name, directorySize(path)]);
    }
  }
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  sizes.sort((a, b) => b[1] - a[1]);
  const largest = sizes
    .filter(([, size]) => size >= 0.3e6)
    .slice(0, 6)
    .map(
      ([name, size]) => `${name.startsWith('@ballast') ? `\`${name}\`` : name} ${megabytes(size)}`,
    );
  const own = tarballs[manifest.name];
  const peerText = peers.length > 0 ? peers.map(([name]) => name).join(', ') : 'none';
  const block = [
    '<!-- sizes:start -->',
    `Measured on ${date} for version ${manifest.version} by \`scripts/package-sizes.mjs\`: the`,
    'tarball from `pnpm pack`, and `node_modules` of an empty project outside the repository',
    `after installing the tarball with its required peers (${peerText}; no optional peers).`,
    '',
    '| Unpacked | Install size |',
    '| --- | --- |',
    `| ${kilobytes(own.unpacked)} (${own.files} files; source maps ${kilobytes(own.maps)} of it) | ${megabytes(total)} in ${sizes.length} packages; largest: ${largest.join(', ')} |`,
    '<!-- sizes:end -->',
  ].join('\n');
  console.log(`${manifest.name}: unpacked ${kilobytes(own.unpacked)}, install ${megabytes(total)}`);
  if (printOnly) continue;
  const readmePath = join(directory, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const pattern = /<!-- sizes:start -->[\s\S]*?<!-- sizes:end -->/;
  if (!pattern.test(readme)) {
    console.log(`  ${manifest.name}: README.md has no sizes markers; not updated`);
    continue;
  }
  writeFileSync(readmePath, readme.replace(pattern, block));
}
rmSync(work, { recursive: true, force: true });

#!/usr/bin/env node
// Enforces DESIGN.md's two-tier dependency rule, in package.json and in every import in src/:
// - @ballast/contracts imports nothing of ours (and no `node:` module: it is pure spec);
// - @ballast/kit imports only @ballast/contracts;
// - leaves (every other published package) import only @ballast/contracts and @ballast/kit;
// - composers (@ballast/cli, @ballast/monitor, examples/*, benchmarks) may import leaves.
// Tests may also use the private @ballast/test-utils.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const composers = new Set(['@ballast/cli', '@ballast/monitor']);
const allowedFor = name => {
  if (name === '@ballast/contracts') return new Set();
  if (name === '@ballast/kit') return new Set(['@ballast/contracts']);
  return new Set(['@ballast/contracts', '@ballast/kit']);
};
const testOnly = new Set(['@ballast/test-utils']);
const importPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function listFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) files.push(...listFiles(path));
    else if (/\.(c|m)?[jt]sx?$/.test(entry)) files.push(path);
  }
  return files;
}

const packagesDirectory = join(root, 'packages');
const violations = [];
for (const folder of readdirSync(packagesDirectory)) {
  const packageDirectory = join(packagesDirectory, folder);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (composers.has(manifest.name)) continue;
  const alwaysAllowed = allowedFor(manifest.name);
  const isAllowed = (name, inTest) =>
    !name.startsWith('@ballast/') ||
    name === manifest.name ||
    alwaysAllowed.has(name) ||
    (inTest && testOnly.has(name));

  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
    'devDependencies',
  ]) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (!isAllowed(name, field === 'devDependencies')) {
        violations.push(`${manifest.name}: package.json ${field} names ${name}`);
      }
    }
  }

  const sourceDirectory = join(packageDirectory, 'src');
  let files = [];
  try {
    files = listFiles(sourceDirectory);
  } catch {
    continue;
  }
  for (const file of files) {
    const inTest =
      /\.test(-d)?\.[cm]?[jt]sx?$/.test(file) || file.includes(`${sep}__fixtures__${sep}`);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1];
      const shown = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = resolve(join(file, '..'), specifier);
        if (!target.startsWith(packageDirectory + sep)) {
          violations.push(
            `${shown}: relative import "${specifier}" reaches outside ${manifest.name}`,
          );
        }
        continue;
      }
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0];
      if (!isAllowed(name, inTest)) violations.push(`${shown}: imports ${name}`);
      if (manifest.name === '@ballast/contracts' && !inTest && specifier.startsWith('node:')) {
        violations.push(
          `${shown}: imports ${specifier} (contracts is pure spec, usable in a browser)`,
        );
      }
    }
  }
}

if (violations.length > 0) {
  console.error(
    'Dependency rule violated (DESIGN.md: leaves import only @ballast/contracts and @ballast/kit; kit only contracts; contracts nothing):',
  );
  for (const violation of violations) console.error(`  - ${violation}`);
  process.exit(1);
}
console.log('dependency rule: ok');

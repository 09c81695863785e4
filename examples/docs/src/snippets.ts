import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced TypeScript block of a markdown page. */
export interface Snippet {
  /** Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** File name the block is written to (unique, readable). */
  readonly name: string;
  /** The block's code with its fixture (if any) in front. */
  readonly code: string;
}

/** Repository root, seen from examples/docs/src. */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const fixturesDirectory = join(import.meta.dirname, '..', 'fixtures');

// The convention (docs/contributing.md, "Docs that run"): every ```ts or ```typescript block runs
// as written. A block whose first line is `// fixture: <name>` starts from
// examples/docs/fixtures/<name>.ts, which defines the variables the prose has introduced.
const fence = /^```(ts|typescript)\s*$/;
const fixtureLine = /^\/\/ fixture: ([a-z0-9-]+)\s*$/;

/** The markdown pages whose blocks must run. */
export function documentationPages(): string[] {
  const pages = [join(repositoryRoot, 'README.md')];
  const walk = (directory: string) => {
    if (!existsSync(directory)) return;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) pages.push(path);
    }
  };
  walk(join(repositoryRoot, 'docs'));
  for (const folder of ['packages', 'examples']) {
    for (const entry of readdirSync(join(repositoryRoot, folder), { withFileTypes: true })) {
      const readme = join(repositoryRoot, folder, entry.name, 'README.md');
      if (entry.isDirectory() && existsSync(readme)) pages.push(readme);
    }
  }
  return pages;
}

/** Every TypeScript block of the given pages, with fixtures applied. */
export function extractSnippets(pages: readonly string[] = documentationPages()): Snippet[] {
  const snippets: Snippet[] = [];
  for (const page of pages) {
    const file = relative(repositoryRoot, page);
    const lines = readFileSync(page, 'utf8').split(/\r?\n/);
    let index = 0;
    while (index < lines.length) {
      if (!fence.test(lines[index] ?? '')) {
        index += 1;
        continue;
      }
      const opening = index;
      const body: string[] = [];
      index += 1;
      while (index < lines.length && !/^```\s*$/.test(lines[index] ?? '')) {
        body.push(lines[index] ?? '');
        index += 1;
      }
      index += 1;
      const fixture = fixtureLine.exec(body[0] ?? '')?.[1];
      const prefix = fixture
        ? `${readFileSync(join(fixturesDirectory, `${fixture}.ts`), 'utf8')}\n`
        : '';
      const slug = file.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-md$/, '');
      snippets.push({
        file,
        line: opening + 1,
        name: `${slug}-L${opening + 1}.ts`,
        code: `${prefix}${body.join('\n')}\n`,
      });
    }
  }
  return snippets;
}

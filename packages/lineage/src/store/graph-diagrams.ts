import type { LineageGraph, LineageNode } from './lineage-store';

// Name first (what people recognise), namespace underneath, version appended to the name.
function labelLines(node: LineageNode): [string, string] {
  const { namespace, name } = node.data;
  const version = node.type === 'DATASET' && node.data.version ? ` @ ${node.data.version}` : '';
  return [`${name}${version}`, namespace];
}

function isModel(node: LineageNode): boolean {
  return node.type === 'DATASET' && node.data.datasetType === 'MODEL';
}

function uniqueEdges(graph: LineageGraph): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const node of graph.graph) {
    for (const edge of [...node.inEdges, ...node.outEdges]) {
      seen.set(`${edge.origin}\u0000${edge.destination}`, [edge.origin, edge.destination]);
    }
  }
  return [...seen.values()].sort();
}

/**
 * A Mermaid flowchart of a lineage graph, for docs and pull requests: jobs as rounded boxes,
 * datasets as cylinders, models as hexagons.
 *
 * @example
 * ```ts
 * await writeFile('lineage.mmd', toMermaid(store.upstream(modelId)));
 * ```
 */
export function toMermaid(graph: LineageGraph): string {
  const ids = new Map(graph.graph.map((node, index) => [node.id, `n${index}`]));
  // Mermaid labels are quoted; quotes inside become the #quot; entity.
  const quote = (text: string) => `"${text.replaceAll('"', '#quot;')}"`;
  const label = (node: LineageNode) => quote(labelLines(node).join('<br/>'));
  const lines = ['flowchart LR'];
  for (const node of graph.graph) {
    const id = ids.get(node.id)!;
    const text = label(node);
    if (node.type === 'JOB') lines.push(`  ${id}(${text})`);
    else if (isModel(node)) lines.push(`  ${id}{{${text}}}`);
    else lines.push(`  ${id}[(${text})]`);
  }
  for (const [origin, destination] of uniqueEdges(graph)) {
    const from = ids.get(origin);
    const to = ids.get(destination);
    if (from && to) lines.push(`  ${from} --> ${to}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Graphviz DOT digraph of a lineage graph (`dot -Tsvg lineage.dot`): jobs as boxes,
 * datasets as cylinders, models as hexagons; node names are the lineage node ids.
 *
 * @example
 * ```ts
 * await writeFile('lineage.dot', toDot(store.lineage(nodeId, { depth: 3 })));
 * ```
 */
export function toDot(graph: LineageGraph): string {
  const escapeDot = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  const quote = (text: string) => `"${escapeDot(text)}"`;
  const label = (node: LineageNode) => `"${labelLines(node).map(escapeDot).join('\\n')}"`;
  const lines = ['digraph lineage {', '  rankdir=LR;'];
  for (const node of graph.graph) {
    const shape = node.type === 'JOB' ? 'box' : isModel(node) ? 'hexagon' : 'cylinder';
    lines.push(`  ${quote(node.id)} [label=${label(node)}, shape=${shape}];`);
  }
  for (const [origin, destination] of uniqueEdges(graph)) {
    lines.push(`  ${quote(origin)} -> ${quote(destination)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

import { createHttpTransport, createLineageStore, serveLineage, toMermaid } from '@ballast/lineage';
import { modelNodeId, runPipeline } from './pipeline';

// A Marquez-compatible endpoint on 127.0.0.1 (a free port), lineage sent to it over HTTP as
// OpenLineage events, then the graph queried back over its Marquez-shaped API.
const apiKey = 'example-key';
const store = createLineageStore();
const server = await serveLineage(store, { apiKey });
console.log(`serveLineage: Marquez-compatible endpoint on ${server.url}`);

const transport = createHttpTransport({ url: server.url, apiKey, compression: 'gzip' });
await runPipeline(transport);
await transport.close();

const headers = { authorization: `Bearer ${apiKey}` };
const events = (await (
  await fetch(`${server.url}/api/v1/events/lineage?limit=10`, { headers })
).json()) as {
  events: { eventType: string; job: { name: string } }[];
};
console.log(
  `sent ${events.events.length} events: ${events.events.map(e => `${e.job.name} ${e.eventType}`).join(', ')}`,
);

const response = await fetch(
  `${server.url}/api/v1/lineage?nodeId=${encodeURIComponent(modelNodeId)}&depth=2`,
  { headers },
);
const graph = (await response.json()) as { graph: { id: string; type: string }[] };
console.log(
  `GET /api/v1/lineage?nodeId=${modelNodeId}&depth=2 -> ${response.status}, ${graph.graph.length} nodes:`,
);
for (const node of graph.graph) console.log(`  ${node.type} ${node.id}`);

console.log('\nUpstream of the model, as Mermaid:');
console.log(toMermaid(store.upstream(modelNodeId, { depth: 2 })));
await server.close();

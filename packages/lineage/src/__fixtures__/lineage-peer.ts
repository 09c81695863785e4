import { createLineageStore, type LineageStore } from '../store/lineage-store';
import { type LineageServer, serveLineage } from '../server/serve-lineage';
import { startFlakyProxy } from './flaky-proxy';

/** A lineage server with its store, behind a proxy that can be told to fail. */
export async function startLineagePeer(options: { apiKey?: string } = {}) {
  const store: LineageStore = createLineageStore();
  const outcomes: boolean[] = [];
  const server: LineageServer = await serveLineage(store, {
    ...options,
    onEvent: (_event, added) => outcomes.push(added),
  });
  const proxy = await startFlakyProxy(server.url);
  return {
    store,
    server,
    proxy,
    /** How many POSTs were duplicates the store ignored. */
    duplicates: () => outcomes.filter(added => !added).length,
    async close() {
      await proxy.close();
      await server.close();
    },
  };
}

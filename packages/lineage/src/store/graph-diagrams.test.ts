import { describe, expect, it } from 'vitest';
import { mlLineageScenario } from '../__fixtures__/ml-lineage-scenario';
import { toDot, toMermaid } from './graph-diagrams';
import { createLineageStore } from './lineage-store';

const modelV2 = 'datasetVersion:mlflow://mlflow:5000:models/churn/versions/2:2';

function upstreamOfModel() {
  const store = createLineageStore();
  for (const event of mlLineageScenario()) store.add(event);
  return store.upstream(modelV2, { depth: 1 });
}

describe('diagrams', () => {
  it('renders a Mermaid flowchart with shapes per node kind', () => {
    expect(toMermaid(upstreamOfModel())).toBe(
      [
        'flowchart LR',
        '  n0{{"models/churn/versions/2 @ 2<br/>mlflow://mlflow:5000"}}',
        '  n1[("churn/features.parquet @ 2<br/>s3://acme-data")]',
        '  n2("churn.train<br/>ml")',
        '  n1 --> n2',
        '  n2 --> n0',
        '',
      ].join('\n'),
    );
  });

  it('renders Graphviz DOT with escaped ids', () => {
    const dot = toDot(upstreamOfModel());
    expect(dot.startsWith('digraph lineage {\n  rankdir=LR;\n')).toBe(true);
    expect(dot).toContain(
      `"${modelV2}" [label="models/churn/versions/2 @ 2\\nmlflow://mlflow:5000", shape=hexagon];`,
    );
    expect(dot).toContain('"job:ml:churn.train" [label="churn.train\\nml", shape=box];');
    expect(dot).toContain(`"job:ml:churn.train" -> "${modelV2}";`);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    const quoted = toDot({
      graph: [
        {
          id: 'dataset:file:/a "b"\\c',
          type: 'DATASET',
          data: { namespace: 'file', name: '/a "b"\\c', facets: {} },
          inEdges: [],
          outEdges: [],
        },
      ],
    });
    expect(quoted).toContain('"dataset:file:/a \\"b\\"\\\\c"');
    expect(
      toMermaid({
        graph: [
          {
            id: 'x',
            type: 'JOB',
            data: { namespace: 'n', name: 'say "hi"', facets: {} },
            inEdges: [],
            outEdges: [],
          },
        ],
      }),
    ).toContain('n0("say #quot;hi#quot;<br/>n")');
  });
});

import {
  conformanceEvents,
  describeLineageEmitterConformance,
} from '../conformance/lineage-emitter-conformance';
import { describe, expect, it } from 'vitest';
import * as vitest from 'vitest';
import { createConsoleTransport } from './console-transport';

describe('console transport', () => {
  it('writes each valid event as one JSON line', async () => {
    const lines: string[] = [];
    const transport = createConsoleTransport({ write: line => lines.push(line) });
    const events = conformanceEvents(3, 1);
    for (const event of events) await transport.emit(event);
    expect(lines.map(line => JSON.parse(line))).toEqual(events);
    expect(lines.every(line => !line.includes('\n'))).toBe(true);
    await expect(transport.emit({ ...events[0]!, run: { runId: 'x' } })).rejects.toThrow(/runId/);
    await transport.close();
    await expect(transport.emit(events[0]!)).rejects.toThrow(/closed/);
    expect(lines).toHaveLength(3);
  });

  it('pretty-prints on request', async () => {
    const lines: string[] = [];
    const transport = createConsoleTransport({ write: line => lines.push(line), pretty: true });
    await transport.emit(conformanceEvents(1, 1)[0]!);
    expect(lines[0]).toContain('\n  "eventType": "START"');
  });
});

describeLineageEmitterConformance(
  'console transport',
  {
    async createSubject() {
      const lines: string[] = [];
      const emitter = createConsoleTransport({ write: line => lines.push(line) });
      return { emitter, readBack: async () => lines.map(line => JSON.parse(line)) };
    },
  },
  vitest,
);

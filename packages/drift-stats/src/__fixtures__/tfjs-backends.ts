import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The tfjs backends the parity tests run on: pure-JavaScript cpu and WebAssembly. */
export const testedTfjsBackends = ['cpu', 'wasm'] as const;

/** Makes `name` the active tfjs backend (wasm binaries loaded from the installed package). */
export async function activateTfjsBackend(name: (typeof testedTfjsBackends)[number]) {
  if (name === 'wasm') {
    const wasmEntry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${join(dirname(wasmEntry), '/')}`);
  }
  await tf.setBackend(name);
}

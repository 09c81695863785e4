import * as tf from '@tensorflow/tfjs';
import * as tfCore from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import type { Tfjs } from './tfjs-api';

describe('Tfjs', () => {
  it('is satisfied by the real tfjs modules, without importing their types', () => {
    const fromTfjs: Tfjs = tf;
    const fromCore: Tfjs = tfCore;
    void [fromTfjs, fromCore];
  });
});

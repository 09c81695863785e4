// @ballast/contracts from ESM: parse a document and recognise a typed error.
import { InvalidInputError, parseModelVersion } from '@ballast/contracts';

try {
  parseModelVersion({ name: '' });
  throw new Error('an invalid ModelVersion was accepted');
} catch (error) {
  if (!InvalidInputError.isInstance(error)) throw error;
  console.log(`contracts: ${error.code}`);
}

import { defineBallastBuild } from '../../tsup.shared';

// shims: import.meta.url in the CommonJS build (the zstd worker pool resolves zstddec by it).
export default defineBallastBuild({ shims: true });

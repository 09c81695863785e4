// Populated by the kit implementation.
export {};

// A hash table of distinct byte strings with a count each. Rows are hashed and compared on
// their UTF-8 bytes; a value becomes a JS string only once, when the table is read.

const EMPTY = -1;
const decoder = new TextDecoder('utf-8');

/** Distinct UTF-8 byte strings, each with an id (0, 1, ... in first-seen order) and a count. */
export class StringTable {
  /** Bytes of every distinct value, back to back. */
  private arena = new Uint8Array(1024);
  private arenaUsed = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private hashes = new Int32Array(64);
  /** Count per id. */
  counts = new Float64Array(64);
  /** Distinct values so far. */
  size = 0;
  private slots = new Int32Array(128).fill(EMPTY);
  private mask = 127;

  /** Adds `count` occurrences of `bytes[start, end)` and returns its id. */
  add(bytes: Uint8Array, start: number, end: number, count: number): number {
    // FNV-1a over the bytes, then a murmur3 finaliser so the low bits spread over the slots.
    let hash = 0x811c9dc5 | 0;
    for (let index = start; index < end; index++) {
      hash = Math.imul(hash ^ (bytes[index] as number), 16777619);
    }
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id === EMPTY) return this.insert(bytes, start, length, hash, slot, count);
      if (this.hashes[id] === hash && this.lengths[id] === length) {
        const base = this.starts[id] as number;
        const arena = this.arena;
        let same = true;
        for (let index = 0; index < length; index++) {
          if (arena[base + index] !== bytes[start + index]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.counts[id] = (this.counts[id] as number) + count;
          return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(
    bytes: Uint8Array,
    start: number,
    length: number,
    hash: number,
    slot: number,
    count: number,
  ): number {
    const id = this.size++;
    if (id === this.starts.length) this.growEntries();
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, start + length), this.arenaUsed);
    this.starts[id] = this.arenaUsed;
    this.lengths[id] = length;
    this.hashes[id] = hash;
    this.counts[id] = count;
    this.arenaUsed += length;
    this.slots[slot] = id;
    // Keep the load factor under one half so probes stay short.
    if (this.size * 2 > this.mask) this.rehash();
    return id;
  }

  private growEntries(): void {
    const capacity = this.starts.length * 2;
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.starts = grow(this.starts, n => new Int32Array(n));
    this.lengths = grow(this.lengths, n => new Int32Array(n));
    this.hashes = grow(this.hashes, n => new Int32Array(n));
    this.counts = grow(this.counts, n => new Float64Array(n));
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = (this.hashes[id] as number) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }

  /** The value of id `id`, decoded from UTF-8 (invalid bytes become U+FFFD, as in apache-arrow). */
  value(id: number): string {
    const start = this.starts[id] as number;
    return decoder.decode(this.arena.subarray(start, start + (this.lengths[id] as number)));
  }

  /** Byte length of id `id`. */
  byteLength(id: number): number {
    return this.lengths[id] as number;
  }
}

// A fake wasm32 memory holding Arrow C Data Interface structs, laid out as parquet-wasm's
// arrow-rs exports them, so the C reader is tested without parquet-wasm.

/** A bump allocator over one ArrayBuffer, with helpers to write C values. */
export class CMemory {
  readonly buffer = new ArrayBuffer(1 << 20);
  private readonly view = new DataView(this.buffer);
  private readonly bytes = new Uint8Array(this.buffer);
  private next = 16;

  alloc(size: number): number {
    const address = this.next;
    this.next = (this.next + size + 7) & ~7;
    return address;
  }
  u32(address: number, value: number): void {
    this.view.setUint32(address, value, true);
  }
  i64(address: number, value: number): void {
    this.view.setBigInt64(address, BigInt(value), true);
  }
  cString(text: string): number {
    const encoded = new TextEncoder().encode(text);
    const address = this.alloc(encoded.length + 1);
    this.bytes.set(encoded, address);
    return address;
  }
  bytesOf(data: ArrayBufferView): number {
    const address = this.alloc(data.byteLength);
    this.bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), address);
    return address;
  }
  pointers(addresses: readonly number[]): number {
    const address = this.alloc(4 * Math.max(1, addresses.length));
    addresses.forEach((value, index) => {
      this.u32(address + 4 * index, value);
    });
    return address;
  }

  /** An ArrowSchema: format, name, flags (2 = nullable), children, dictionary. */
  schema(format: string, name: string, children: number[] = [], dictionary = 0): number {
    const address = this.alloc(48);
    this.u32(address, this.cString(format));
    this.u32(address + 4, this.cString(name));
    this.i64(address + 16, 2);
    this.i64(address + 24, children.length);
    this.u32(address + 32, this.pointers(children));
    this.u32(address + 36, dictionary);
    return address;
  }

  /** An ArrowArray: length, null count, offset, buffers (0 = absent), children, dictionary. */
  array(
    length: number,
    nullCount: number,
    offset: number,
    buffers: number[],
    children: number[] = [],
    dictionary = 0,
  ): number {
    const address = this.alloc(64);
    this.i64(address, length);
    this.i64(address + 8, nullCount);
    this.i64(address + 16, offset);
    this.i64(address + 24, buffers.length);
    this.i64(address + 32, children.length);
    this.u32(address + 40, this.pointers(buffers));
    this.u32(address + 44, this.pointers(children));
    this.u32(address + 48, dictionary);
    return address;
  }
}

/** A validity bitmap for `valid` flags. */
export function bits(valid: readonly boolean[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(valid.length / 8) + 1);
  valid.forEach((flag, index) => {
    if (flag) bitmap[index >> 3] = (bitmap[index >> 3] as number) | (1 << (index & 7));
  });
  return bitmap;
}

/** UTF-8 bytes and offsets of `texts`. */
export function utf8(texts: readonly string[]): { data: Uint8Array; offsets: number[] } {
  const parts = texts.map(text => new TextEncoder().encode(text));
  const offsets = [0];
  for (const part of parts) offsets.push((offsets.at(-1) as number) + part.length);
  const data = new Uint8Array(offsets.at(-1) as number);
  parts.forEach((part, index) => {
    data.set(part, offsets[index] as number);
  });
  return { data, offsets };
}

# Writes an Arrow IPC file (OUT ending in .arrow) or a Parquet dataset (OUT ending in .parquet: a
# directory of part-NNNNN.parquet files of at most 64 row groups each, so no file reaches 4 GiB,
# which parquet-wasm cannot open; one row group per batch, snappy, dictionary columns kept as
# dictionaries) of ROWS rows x 43 mixed columns (20 float64, 8 int64, 5 int32,
# 6 dictionary<int32, utf8>, 4 utf8), with nulls, in record batches of BATCH rows, from a fixed
# seed. Usage: python3 generate.py OUT.arrow ROWS [BATCH] [SEED]. Each batch draws from its own
# child seed, so a 1/10 file holds exactly the first tenth of the full one's batches.
# OUT.ranges.json records per numeric column the global min and max, which the profiling
# benchmark uses as fixed histogram edges so batch profiles merge (as Parquet statistics would).
import json, os, shutil, sys
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

out, rows = sys.argv[1], int(sys.argv[2])
batch = int(sys.argv[3]) if len(sys.argv) > 3 else 131072
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0

labels = [pa.array(['%s_%d' % (name, k) for k in range(size)])
          for name, size in (('country', 40), ('device', 6), ('plan', 12), ('channel', 9), ('os', 25), ('segment', 300))]
strings = [pa.array(['tag_%d_%d' % (col, k) for k in range(size)]) for col, size in enumerate((8, 50, 200, 1500))]

fields = [pa.field('f%d' % i, pa.float64()) for i in range(20)]
fields += [pa.field('i%d' % i, pa.int64()) for i in range(8)]
fields += [pa.field('s%d' % i, pa.int32()) for i in range(5)]
fields += [pa.field('d%d' % i, pa.dictionary(pa.int32(), pa.string())) for i in range(6)]
fields += [pa.field('u%d' % i, pa.string()) for i in range(4)]

def make_batch(rng, n):
    arrays = []
    for i in range(20):
        if i % 4 == 0: v = rng.normal(i, 1 + i / 10, n)
        elif i % 4 == 1: v = rng.lognormal(0, 0.5 + i / 40, n)
        elif i % 4 == 2: v = rng.uniform(-i, i + 1, n)
        else: v = rng.exponential(1 + i, n)
        mask = rng.random(n) < 0.02 if i % 3 == 0 else None
        arrays.append(pa.array(v, mask=mask))
    for i in range(8):
        v = rng.poisson(3 + 10 * i, n).astype(np.int64) if i % 2 == 0 else rng.integers(0, 10 ** (i // 2 + 2), n, dtype=np.int64)
        mask = rng.random(n) < 0.05 if i % 2 == 0 else None
        arrays.append(pa.array(v, mask=mask))
    for i in range(5):
        v = rng.integers(0, 5 + 7 * i, n, dtype=np.int32) if i < 3 else rng.binomial(1000, 0.3, n).astype(np.int32)
        mask = rng.random(n) < 0.01 if i == 1 else None
        arrays.append(pa.array(v, mask=mask))
    for i, dictionary in enumerate(labels):
        weights = np.linspace(1, 3 + i, len(dictionary)); weights /= weights.sum()
        codes = pa.array(rng.choice(len(dictionary), n, p=weights).astype(np.int32), mask=rng.random(n) < 0.03 if i % 2 else None)
        arrays.append(pa.DictionaryArray.from_arrays(codes, dictionary))
    for i, dictionary in enumerate(strings):
        codes = pa.array(rng.integers(0, len(dictionary), n).astype(np.int32), mask=rng.random(n) < 0.04 if i % 2 == 0 else None)
        arrays.append(pc.take(dictionary, codes))
    return pa.record_batch(arrays, schema=pa.schema(fields))

children = np.random.SeedSequence(seed).spawn((rows + batch - 1) // batch)
ranges = {}
schema = pa.schema(fields)
tmp = out + '.part'
parquet = out.endswith('.parquet')
part_groups = 64

class Writer:
    # One IPC file, or Parquet part files of `part_groups` row groups each, under `tmp`.
    def __init__(self):
        self.part = None
        self.count = 0
        if parquet:
            os.makedirs(tmp, exist_ok=True)
        else:
            self.sink = pa.OSFile(tmp, 'wb')
            self.part = pa.ipc.new_file(self.sink, schema)

    def write(self, record):
        if parquet:
            import pyarrow.parquet as pq
            if self.count % part_groups == 0:
                if self.part is not None: self.part.close()
                name = os.path.join(tmp, 'part-%05d.parquet' % (self.count // part_groups))
                self.part = pq.ParquetWriter(name, schema, compression='snappy')
            self.part.write_batch(record, row_group_size=batch)
        else:
            self.part.write_batch(record)
        self.count += 1

    def close(self):
        self.part.close()
        if not parquet: self.sink.close()

if os.path.isdir(tmp): shutil.rmtree(tmp)
writer = Writer()
# The ranges go into a tiny sidecar JSON (the IPC format needs the schema first).
for index, child in enumerate(children):
    n = min(batch, rows - index * batch)
    record = make_batch(np.random.default_rng(child), n)
    for i in range(33):
        mm = pc.min_max(record.column(i))
        lo, hi = mm['min'].as_py(), mm['max'].as_py()
        name = fields[i].name
        old = ranges.get(name, (lo, hi))
        ranges[name] = (min(old[0], lo), max(old[1], hi))
    writer.write(record)
writer.close()
if os.path.isdir(out): shutil.rmtree(out)
os.replace(tmp, out)
with open(out + '.ranges.json', 'w') as handle:
    json.dump({'rows': rows, 'batch': batch, 'seed': seed, 'ranges': ranges}, handle)

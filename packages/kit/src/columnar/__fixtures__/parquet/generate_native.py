"""Writes the fixtures of kit's native Parquet reader into native/ (run: python3 generate_native.py).

Needs pyarrow. The native reader's tests read every file with both engines (native and
parquet-wasm) and require equal fields and values. Files stay small (a few KB to ~40 KB):
  matrix-<codec>-<mode>-v<1|2>.parquet   every codec x {plain, dict, fallback} x data page v1/v2
  encodings-v<1|2>.parquet               DELTA_*, BYTE_STREAM_SPLIT and RLE booleans
  random-NN.parquet                      30 random tables (schema, nulls, codec, pages), seeded
  bad-utf8.parquet, float16.parquet, required.parquet, no-arrow-schema.parquet,
  empty-row-groups.parquet, dictionary-typed.parquet
"""
import datetime
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "native")
os.makedirs(HERE, exist_ok=True)


def path(name):
    return os.path.join(HERE, name)


def with_nulls(values, rng, rate):
    return [None if rng.random() < rate else value for value in values]


def base_table(rows, seed):
    rng = random.Random(seed)
    words = ["ORD", "SFO", "LAX", "héllo", "日本語", "", "a" * 40, "🎉 emoji", "JFK", "ATL"]
    big = 2**53
    columns = {
        "i64": pa.array(with_nulls([rng.choice([big + rng.randrange(1000), -(big + 7), 2**63 - 1, -(2**63), rng.randrange(-50, 50)]) for _ in range(rows)], rng, 0.1), pa.int64()),
        "i32": pa.array([rng.randrange(-(2**31), 2**31) for _ in range(rows)], pa.int32()),
        "u64": pa.array(with_nulls([rng.choice([2**64 - 1, 2**63 + 5, rng.randrange(100)]) for _ in range(rows)], rng, 0.05), pa.uint64()),
        "i8": pa.array(with_nulls([rng.randrange(-128, 128) for _ in range(rows)], rng, 0.1), pa.int8()),
        "u16": pa.array(with_nulls([rng.randrange(0, 65536) for _ in range(rows)], rng, 0.1), pa.uint16()),
        "f64": pa.array(with_nulls([rng.choice([float("nan"), float("inf"), -0.0, rng.random() * 1e6, 1.5]) for _ in range(rows)], rng, 0.1), pa.float64()),
        "f32": pa.array(with_nulls([rng.choice([1.25, -2.5, rng.randrange(1000) / 8]) for _ in range(rows)], rng, 0.1), pa.float32()),
        "b": pa.array(with_nulls([rng.random() < 0.5 for _ in range(rows)], rng, 0.2), pa.bool_()),
        "s": pa.array(with_nulls([rng.choice(words) for _ in range(rows)], rng, 0.15), pa.string()),
        "ls": pa.array(with_nulls([f"id-{rng.randrange(10**9)}-ü" for _ in range(rows)], rng, 0.05), pa.large_string()),
        "ts_us_utc": pa.array(with_nulls([rng.randrange(-(10**15), 10**16) for _ in range(rows)], rng, 0.1), pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array(with_nulls([rng.randrange(0, 2**62) for _ in range(rows)], rng, 0.1), pa.timestamp("ns")),
        "ts_ms_ny": pa.array(with_nulls([rng.randrange(0, 2**40) for _ in range(rows)], rng, 0.1), pa.timestamp("ms", tz="America/New_York")),
        "d32": pa.array(with_nulls([datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(-20000, 30000)) for _ in range(rows)], rng, 0.1), pa.date32()),
        "t_ms": pa.array(with_nulls([rng.randrange(0, 86_400_000) for _ in range(rows)], rng, 0.1), pa.time32("ms")),
        "t_us": pa.array(with_nulls([rng.randrange(0, 86_400_000_000) for _ in range(rows)], rng, 0.1), pa.time64("us")),
        "allnull": pa.array([None] * rows, pa.int64()),
        "nonull": pa.array([rng.randrange(5) for _ in range(rows)], pa.int64()),
    }
    schema = pa.schema([pa.field(name, array.type, nullable=(name != "i32")) for name, array in columns.items()])
    return pa.table(columns, schema=schema)


codecs = {"none": "NONE", "snappy": "SNAPPY", "gzip": "GZIP", "brotli": "BROTLI", "zstd": "ZSTD", "lz4": "LZ4"}
matrix = base_table(300, 1)
for name, codec in codecs.items():
    for mode in ("plain", "dict", "fallback"):
        for version in ("1.0", "2.0"):
            pq.write_table(
                matrix,
                path(f"matrix-{name}-{mode}-v{version[0]}.parquet"),
                compression=codec,
                use_dictionary=mode != "plain",
                dictionary_pagesize_limit=256 if mode == "fallback" else 1 << 20,
                data_page_version=version,
                data_page_size=1024,
                write_batch_size=64,
                row_group_size=120,
            )

encodings = {
    "i64": "DELTA_BINARY_PACKED",
    "i32": "DELTA_BINARY_PACKED",
    "ts_ns": "DELTA_BINARY_PACKED",
    "s": "DELTA_LENGTH_BYTE_ARRAY",
    "ls": "DELTA_BYTE_ARRAY",
    "f64": "BYTE_STREAM_SPLIT",
    "f32": "BYTE_STREAM_SPLIT",
    "u64": "BYTE_STREAM_SPLIT",
    "t_ms": "BYTE_STREAM_SPLIT",
    "b": "RLE",
}
for version in ("1.0", "2.0"):
    pq.write_table(
        matrix,
        path(f"encodings-v{version[0]}.parquet"),
        compression="SNAPPY",
        use_dictionary=False,
        column_encoding=encodings,
        data_page_version=version,
        data_page_size=1024,
        write_batch_size=64,
        row_group_size=120,
    )

# Strings are bytes: a STRING column holding invalid UTF-8 (parquet-wasm's reader dies on it).
bad = pa.array([b"ok", b"\xff\xfe", None, b"caf\xc3\xa9", b"\xc3"], pa.binary()).view(pa.string())
pq.write_table(pa.table({"s": bad, "d": bad.dictionary_encode()}), path("bad-utf8.parquet"), compression="NONE")

pq.write_table(
    pa.table({"h": pa.array([1.5, None, -2.0, 65504.0, 0.0], pa.float16())}),
    path("float16.parquet"),
    compression="NONE",
)

required = pa.table(
    {"a": pa.array([1, 2, 3], pa.int64()), "s": pa.array(["x", "", "zz"]), "b": pa.array([True, False, True])},
    schema=pa.schema([pa.field("a", pa.int64(), False), pa.field("s", pa.string(), False), pa.field("b", pa.bool_(), False)]),
)
pq.write_table(required, path("required.parquet"), compression="ZSTD")

# Without the ARROW:schema metadata: types come from the Parquet schema alone.
pq.write_table(base_table(60, 2), path("no-arrow-schema.parquet"), compression="SNAPPY", store_schema=False, row_group_size=25)

# A Dictionary-typed Arrow column (parquet-wasm gives Dictionary<Utf8>), with nulls and a
# fallback to PLAIN in a later row group.
dictionary_rng = random.Random(3)
dictionary_values = [dictionary_rng.choice(["a", "bb", "ccc", None]) for _ in range(300)] + [f"u{i}" for i in range(300)]
pq.write_table(
    pa.table({"d": pa.array(dictionary_values).dictionary_encode(), "ld": pa.array(dictionary_values, pa.large_string()).dictionary_encode()}),
    path("dictionary-typed.parquet"),
    compression="NONE",
    dictionary_pagesize_limit=64,
    row_group_size=200,
)

# Zero rows with a schema (no row groups), and a table written as several empty batches.
pq.write_table(base_table(0, 4), path("zero-rows.parquet"), compression="ZSTD")

rng = random.Random(16)
names = list(base_table(1, 0).column_names)
for index in range(30):
    rows = rng.choice([0, 1, 7, 64, 129, 300])
    table = base_table(rows, 100 + index)
    chosen = sorted(rng.sample(range(len(names)), rng.randrange(1, len(names) + 1)))
    table = table.select([names[i] for i in chosen])
    pq.write_table(
        table,
        path(f"random-{index:02d}.parquet"),
        compression=rng.choice(list(codecs.values())),
        use_dictionary=rng.random() < 0.6,
        dictionary_pagesize_limit=rng.choice([64, 1 << 20]),
        data_page_version=rng.choice(["1.0", "2.0"]),
        data_page_size=rng.choice([256, 4096, 1 << 20]),
        write_batch_size=rng.choice([16, 1024]),
        row_group_size=rng.choice([50, 1000]),
    )

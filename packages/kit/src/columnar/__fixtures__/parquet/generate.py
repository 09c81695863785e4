"""Writes the small Parquet fixtures of the columnar attack tests (run: python3 generate.py).

Needs pyarrow. Every file is a few hundred bytes to a few KB; the hostile ones are cut or
patched copies of `typed.parquet`.
"""
import datetime
import os
import struct

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


big = 2**53
rows = 10
typed = pa.table(
    {
        "i64": pa.array([big + 1, -(big + 3), 2**62 + 12345, None, 0, 1, -1, 2**63 - 1, -(2**63), 7], pa.int64()),
        "u64": pa.array([2**64 - 1, 2**64 - 2049, 2**63, 0, None, 1, 2**53 + 1, 5, 6, 7], pa.uint64()),
        "ts_s": pa.array([0, 1, None, 1_000_000_000, -1, 2, 3, 4, 5, 6], pa.timestamp("s")),
        "ts_ms": pa.array([0, 1, None, 1_000_000_000_000, -1, 2, 3, 4, 5, 6], pa.timestamp("ms")),
        "ts_us": pa.array([0, 1, None, 1_000_000_000_000_000, -1, 2, 3, 4, 5, 6], pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array([0, 1, None, 1_700_000_000_123_456_789, -1, 2, 3, 4, 5, 6], pa.timestamp("ns")),
        "d32": pa.array([datetime.date(2001, 1, 1)] * 9 + [None], pa.date32()),
        "f64": pa.array([1.5, None, float("nan"), float("inf"), -0.0, 2.0, 3.0, 4.0, 5.0, 6.0], pa.float64()),
        "s": pa.array(["a", "bb", None, "", "héllo", "a", "bb", "zz", "a", None], pa.string()),
        "ls": pa.array(["x", None, "yy", "x", "", "x", "z", "yy", None, "x"], pa.large_string()),
        "dict": pa.array(["ORD", "SFO", None, "ORD", "LAX", "ORD", None, "SFO", "SFO", "ORD"]).dictionary_encode(),
        "allnull": pa.array([None] * rows, pa.int64()),
        "b": pa.array([True, False, None, True, True, False, True, True, False, True]),
    }
)
# Two row groups of 5 rows, with statistics (the footer tests read them).
pq.write_table(typed, path("typed.parquet"), row_group_size=5, compression="NONE")

# A file with a schema and no row group at all.
pq.write_table(typed.slice(0, 0), path("zero-rows.parquet"), compression="NONE")

data = open(path("typed.parquet"), "rb").read()
footer_length = struct.unpack("<I", data[-8:-4])[0]


def write(name, content):
    with open(path(name), "wb") as out:
        out.write(content)


write("empty.parquet", b"")
write("magic-only.parquet", b"PAR1PAR1")
write("truncated.parquet", data[: len(data) // 2])
write("bad-magic.parquet", data[:-4] + b"PAR2")
# The footer length claims 4 GiB, far more than the file.
write("footer-too-long.parquet", data[:-8] + struct.pack("<I", 0xFFFFFFFF) + b"PAR1")
# The footer length is too short: the reader lands in the middle of the footer.
write("footer-too-short.parquet", data[:-8] + struct.pack("<I", 7) + b"PAR1")
# A footer whose column chunks claim huge sizes and offsets: the header of every column chunk's
# data_page_offset/total sizes is replaced by bytes of 0xff varints where they fit, i.e. the
# footer bytes after the schema are scrambled while the length stays right.
footer = bytearray(data[-8 - footer_length : -8])
for at in range(len(footer) // 2, len(footer) - 1, 7):
    footer[at] = 0xFF
write("footer-garbled.parquet", data[: -8 - footer_length] + bytes(footer) + data[-8:])
# A footer made of a Thrift list of 2^32 - 1 booleans (a compact-protocol bomb): 8 bytes
# that claim billions of elements.
bomb = bytes([0x19, 0xF1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])
write("footer-bool-bomb.parquet", b"PAR1" + bomb + struct.pack("<I", len(bomb)) + b"PAR1")
# A footer of nested structs 20,000 deep (a stack bomb).
deep = bytes([0x1C]) * 20_000
write("footer-deep.parquet", b"PAR1" + deep + struct.pack("<I", len(deep)) + b"PAR1")

# Types outside kit's columnar reader (decimal, binary, lists) beside narrow and half floats and
# dates in milliseconds: kit must refuse the first with ARROW_TYPE_UNSUPPORTED, data-validation
# must fall back to Arrow IPC for them.
import decimal

exotic = pa.table(
    {
        "f16": pa.array([1.5, None, -2.0, 65504.0], pa.float16()),
        "u8": pa.array([0, 255, None, 7], pa.uint8()),
        "i16": pa.array([-32768, 32767, None, 0], pa.int16()),
        "u32": pa.array([0, 2**32 - 1, None, 2**31], pa.uint32()),
        "d64": pa.array([datetime.date(1969, 12, 31), None, datetime.date(2038, 1, 19), datetime.date(1, 1, 1)], pa.date64()),
        "t64": pa.array([0, 86_399_999_999, None, 1], pa.time64("us")),
        "dec": pa.array([decimal.Decimal("1.25"), None, decimal.Decimal("-3.50"), decimal.Decimal("0.00")], pa.decimal128(5, 2)),
        "bin": pa.array([b"\xff\xfe", b"", None, b"ok"], pa.binary()),
        "bad_utf8": pa.array([b"ok", b"\xff\xfe", None, b"caf\xc3\xa9"], pa.binary()),
        "list": pa.array([[1, 2], None, [], [3]], pa.list_(pa.int32())),
    }
)
pq.write_table(exotic, path("exotic.parquet"), compression="NONE")


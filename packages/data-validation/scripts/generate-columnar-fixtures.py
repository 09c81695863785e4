#!/usr/bin/env python3
"""Generates the columnar-reader fixtures for @ballast/data-validation.

`columnar.parquet` is a small flights-like file written the way real files are: ZSTD, string
columns dictionary-encoded (one of them falls back to PLAIN pages part way through a chunk: its
dictionary page limit is tiny), int64 values past 2**53, a timestamp, nulls and empty strings,
four row groups. `columnar-expected.json` holds what pandas computes for the checks of
`columnar-suite.json` (ids key them). `invalid-utf8.parquet` and `invalid-utf8-plain.parquet`
hold a string column with bytes that are not UTF-8 (dictionary-encoded and plain). The
TypeScript tests read only these committed files; Python is not needed at test time.

Run from the package directory:  python3 scripts/generate-columnar-fixtures.py
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fixture_suite import add, expectations, expected, non_null

OUT = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"
ROWS = 4000
rng = np.random.default_rng(20261207)

codes = ["ATL", "ORD", "DFW", "LAX", "SFO", "JFK", "", "bos", "SEAX", "ÅRH"]
origin = rng.choice(codes, ROWS, p=[0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]).astype(object)
origin[rng.random(ROWS) < 0.03] = None
# Many distinct values: with a tiny dictionary page limit the writer falls back to PLAIN pages.
destination = np.array([f"D{value:04d}" for value in rng.integers(0, 3000, ROWS)], dtype=object)
destination[rng.random(ROWS) < 0.1] = rng.choice(["", "AB", "XYZ"], int((rng.random(ROWS) < 0.1).sum()) or 1)[0]
destination[rng.random(ROWS) < 0.02] = None
delay = rng.integers(-200, 1200, ROWS).astype(object)
delay[rng.random(ROWS) < 0.02] = None
big = rng.integers(-(2**62), 2**62, ROWS, dtype=np.int64).astype(object)
small = rng.random(ROWS) < 0.5
big[small] = rng.integers(-(2**54), 2**54, int(small.sum()), dtype=np.int64)
big[rng.random(ROWS) < 0.02] = None
distance = rng.integers(1, 6000, ROWS)
date = pd.to_datetime("2001-01-01") + pd.to_timedelta(rng.integers(0, 365 * 24 * 3600, ROWS), unit="s")

table = pa.table(
    {
        "date": pa.array(date.values.astype("datetime64[us]")),
        "delay": pa.array(list(delay), type=pa.int64()),
        "big": pa.array(list(big), type=pa.int64()),
        "distance": pa.array(distance, type=pa.int64()),
        "origin": pa.array(list(origin), type=pa.large_string()),
        "destination": pa.array(list(destination), type=pa.large_string()),
    }
)
OUT.mkdir(parents=True, exist_ok=True)
pq.write_table(
    table,
    OUT / "columnar.parquet",
    row_group_size=1000,
    compression="zstd",
    use_dictionary=True,
    dictionary_pagesize_limit=512,
    data_page_size=2048,
)

# --- Suite and pandas results (pandas reads int64 with nulls as float64, as Ballast compares) --
frame = pd.read_parquet(OUT / "columnar.parquet")


def between(id_, column, low, high):
    values = non_null(frame[column]).astype("float64")
    add(id_, "expect_column_values_to_be_between", {"column": column, "min_value": low, "max_value": high},
        unexpected_count=int((~values.between(low, high)).sum()), missing_count=int(frame[column].isna().sum()))


add("date_not_null", "expect_column_values_to_not_be_null", {"column": "date"},
    unexpected_count=int(frame["date"].isna().sum()))
between("delay_between", "delay", -120, 1000)
between("distance_between", "distance", 1, 5000)
between("big_between_2_53", "big", -(2**53), 2**53)
between("big_between_2_60", "big", -(2**60), 2**60)
for column in ["origin", "destination"]:
    values = non_null(frame[column]).astype(object)
    add(f"{column}_regex", "expect_column_values_to_match_regex", {"column": column, "regex": "^[A-Z]{3}$"},
        unexpected_count=int((~values.str.contains("^[A-Z]{3}$", regex=True)).sum()))
    add(f"{column}_length", "expect_column_value_lengths_to_equal", {"column": column, "value": 3},
        unexpected_count=int((values.str.len() != 3).sum()))
    add(f"{column}_lengths_between", "expect_column_value_lengths_to_be_between",
        {"column": column, "min_value": 1, "max_value": 4},
        unexpected_count=int((~values.str.len().between(1, 4)).sum()))
    add(f"{column}_in_set", "expect_column_values_to_be_in_set",
        {"column": column, "value_set": ["ATL", "ORD", "", "XYZ"]},
        unexpected_count=int((~values.isin(["ATL", "ORD", "", "XYZ"])).sum()))
    add(f"{column}_unique_count", "expect_column_unique_value_count_to_be_between", {"column": column},
        observed_value=int(frame[column].nunique()))
    add(f"{column}_not_null", "expect_column_values_to_not_be_null", {"column": column},
        unexpected_count=int(frame[column].isna().sum()))
for column in ["delay", "distance", "big"]:
    add(f"{column}_mean", "expect_column_mean_to_be_between", {"column": column},
        observed_value=float(frame[column].astype("float64").mean()))
    add(f"{column}_max", "expect_column_max_to_be_between", {"column": column},
        observed_value=float(frame[column].astype("float64").max()))
    add(f"{column}_min", "expect_column_min_to_be_between", {"column": column},
        observed_value=float(frame[column].astype("float64").min()))
    add(f"{column}_unique_count", "expect_column_unique_value_count_to_be_between", {"column": column},
        observed_value=int(frame[column].nunique()))

with open(OUT / "columnar-suite.json", "w") as handle:
    json.dump({"name": "columnar", "expectations": expectations}, handle, indent=1)
    handle.write("\n")
with open(OUT / "columnar-expected.json", "w") as handle:
    json.dump({"rows": ROWS, "pandas": expected}, handle, indent=1)
    handle.write("\n")

# --- A string column with bytes that are not UTF-8 ------------------------------------------
raw = [b"ok", b"\xff\xfe", b"", None, b"a\xc3", b"\xe2\x82\xac", b"ok", b"\xc0\xaf", b"\xed\xa0\x80"] * 3
# `view` reinterprets the bytes without validating them; Parquet writers do not check UTF-8.
text = pa.array(raw, type=pa.binary()).view(pa.string())
bad = pa.table({"text": text, "n": pa.array(range(len(raw)), type=pa.int64())})
pq.write_table(bad, OUT / "invalid-utf8.parquet", use_dictionary=True, row_group_size=10)
pq.write_table(bad, OUT / "invalid-utf8-plain.parquet", use_dictionary=False, row_group_size=10)

#!/usr/bin/env python3
"""Generates the peer-parity fixtures for @ballast/data-validation.

Writes a small deterministic dataset as Arrow IPC (file format), Parquet, CSV and JSON Lines,
an expectation suite (JSON) whose ids key the checks, and the results pandas and pandera
compute for the same checks (`parity-expected.json`). The TypeScript tests read only these
committed files; Python is not needed at test time.

Run from the package directory:  python3 scripts/generate-fixtures.py
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.feather as feather
import pyarrow.parquet as pq
from fixture_suite import add, expectations, expected, non_null

OUT = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"
ROWS = 2000
rng = np.random.default_rng(20261122)

amount = rng.normal(50, 30, ROWS).round(2)
amount[rng.random(ROWS) < 0.05] = np.nan
quantity = rng.integers(0, 12, ROWS)
country = rng.choice(["FR", "DE", "US", "GB", "XX", None], ROWS, p=[0.3, 0.25, 0.2, 0.15, 0.05, 0.05])
good = [f"user{i}@example.com" for i in range(ROWS)]
email = np.array(good, dtype=object)
bad = rng.random(ROWS) < 0.04
email[bad] = "not-an-email"
email[rng.random(ROWS) < 0.02] = None
ids = np.arange(ROWS)
ids[rng.choice(ROWS, 30, replace=False)] = rng.integers(0, ROWS, 30)
start = rng.integers(0, 100, ROWS)
end = start + rng.integers(-3, 30, ROWS)
a = rng.integers(0, 6, ROWS)
b = rng.integers(0, 5, ROWS)
c = 10 - a - b
c[rng.random(ROWS) < 0.03] += 1
age = rng.integers(10, 90, ROWS).astype(float)
age[rng.random(ROWS) < 0.03] = np.nan

frame = pd.DataFrame(
    {
        "id": ids,
        "amount": amount,
        "quantity": quantity,
        "country": pd.Series(country, dtype=object),
        "email": pd.Series(email, dtype=object),
        "start": start,
        "end": end,
        "a": a,
        "b": b,
        "c": c,
    }
)
user_age = pd.Series(age)

# --- Data files -------------------------------------------------------------------------
user = pa_arrow.StructArray.from_arrays(
    [pa_arrow.array(age, mask=np.isnan(age)), pa_arrow.array(rng.choice(["gold", "silver"], ROWS))],
    names=["age", "tier"],
)
table = pa_arrow.Table.from_pandas(frame, preserve_index=False)
table = table.set_column(table.schema.get_field_index("amount"), "amount", pa_arrow.array(amount, mask=np.isnan(amount)))
table = table.append_column("user", user)
OUT.mkdir(parents=True, exist_ok=True)
feather.write_feather(table, OUT / "parity.arrow", compression="uncompressed", chunksize=700)
pq.write_table(table, OUT / "parity.parquet", row_group_size=700)
frame.to_csv(OUT / "parity.csv", index=False)
with open(OUT / "parity.jsonl", "w") as handle:
    for record in frame.to_dict(orient="records"):
        clean = {k: (None if (isinstance(v, float) and math.isnan(v)) else v) for k, v in record.items()}
        clean = {k: (int(v) if isinstance(v, (np.integer,)) else v) for k, v in clean.items()}
        handle.write(json.dumps(clean) + "\n")

# --- Suite and pandas results ------------------------------------------------------------
EMAIL = r"^[^@\s]+@[^@\s]+\.[a-z]+$"
SET = ["FR", "DE", "US", "GB"]
QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95, 0.333]


amount_s = frame["amount"]
add("amount_between", "expect_column_values_to_be_between", {"column": "amount", "min_value": 0, "max_value": 100},
    unexpected_count=int((~non_null(amount_s).between(0, 100)).sum()), missing_count=int(amount_s.isna().sum()))
add("amount_between_strict", "expect_column_values_to_be_between",
    {"column": "amount", "min_value": 0, "max_value": 100, "strict_min": True, "strict_max": True},
    unexpected_count=int((~non_null(amount_s).between(0, 100, inclusive="neither")).sum()))
add("amount_not_null", "expect_column_values_to_not_be_null", {"column": "amount"},
    unexpected_count=int(amount_s.isna().sum()))
add("country_in_set", "expect_column_values_to_be_in_set", {"column": "country", "value_set": SET},
    unexpected_count=int((~non_null(frame["country"]).isin(SET)).sum()))
add("country_not_in_set", "expect_column_values_to_not_be_in_set", {"column": "country", "value_set": ["XX"]},
    unexpected_count=int(non_null(frame["country"]).isin(["XX"]).sum()))
# Great Expectations' pandas regex check is a search (`str.contains`), not a full match.
add("email_regex", "expect_column_values_to_match_regex", {"column": "email", "regex": EMAIL},
    unexpected_count=int((~non_null(frame["email"]).str.contains(EMAIL, regex=True)).sum()))
add("email_not_regex", "expect_column_values_to_not_match_regex", {"column": "email", "regex": "^not-"},
    unexpected_count=int(non_null(frame["email"]).str.contains("^not-", regex=True).sum()))
add("email_lengths", "expect_column_value_lengths_to_be_between", {"column": "email", "min_value": 5, "max_value": 18},
    unexpected_count=int((~non_null(frame["email"]).str.len().between(5, 18)).sum()))
add("id_unique", "expect_column_values_to_be_unique", {"column": "id"},
    unexpected_count=int(frame["id"].duplicated(keep=False).sum()))
add("start_end_unique", "expect_compound_columns_to_be_unique", {"column_list": ["start", "end"]},
    unexpected_count=int(frame[["start", "end"]].duplicated(keep=False).sum()))
add("end_after_start", "expect_column_pair_values_a_to_be_greater_than_b", {"column_A": "end", "column_B": "start"},
    unexpected_count=int((~(frame["end"] > frame["start"])).sum()))
add("abc_sum", "expect_multicolumn_sum_to_equal", {"column_list": ["a", "b", "c"], "sum_total": 10},
    unexpected_count=int((frame[["a", "b", "c"]].sum(axis=1) != 10).sum()))
add("user_age", "expect_column_values_to_be_between", {"column": "user.age", "min_value": 18, "max_value": 80},
    unexpected_count=int((~non_null(user_age).between(18, 80)).sum()), missing_count=int(user_age.isna().sum()))

stat_kwargs = {"column": "amount", "min_value": None, "max_value": None}
add("amount_mean", "expect_column_mean_to_be_between", stat_kwargs, observed_value=float(amount_s.mean()))
add("amount_median", "expect_column_median_to_be_between", stat_kwargs, observed_value=float(amount_s.median()))
add("amount_stdev", "expect_column_stdev_to_be_between", stat_kwargs, observed_value=float(amount_s.std()))
add("amount_sum", "expect_column_sum_to_be_between", stat_kwargs, observed_value=float(amount_s.sum()))
add("amount_min", "expect_column_min_to_be_between", stat_kwargs, observed_value=float(amount_s.min()))
add("amount_max", "expect_column_max_to_be_between", stat_kwargs, observed_value=float(amount_s.max()))
for method in ["nearest", "linear", "lower", "higher", "midpoint"]:
    add(f"amount_quantiles_{method}", "expect_column_quantile_values_to_be_between",
        {"column": "amount", "quantile_ranges": {"quantiles": QUANTILES, "value_ranges": [[None, None]] * len(QUANTILES)},
         "allow_relative_error": method},
        observed_value={"quantiles": QUANTILES,
                        "values": [float(v) for v in amount_s.quantile(QUANTILES, interpolation=method)]})
add("quantity_quantiles", "expect_column_quantile_values_to_be_between",
    {"column": "quantity", "quantile_ranges": {"quantiles": QUANTILES, "value_ranges": [[None, None]] * len(QUANTILES)}},
    observed_value={"quantiles": QUANTILES,
                    "values": [float(v) for v in frame["quantity"].quantile(QUANTILES, interpolation="nearest")]})
add("country_distinct", "expect_column_distinct_values_to_be_in_set", {"column": "country", "value_set": SET},
    observed_value=sorted(non_null(frame["country"]).unique().tolist()))
add("country_unique_proportion", "expect_column_proportion_of_unique_values_to_be_between",
    {"column": "country", "min_value": None, "max_value": None},
    observed_value=float(frame["country"].nunique() / frame["country"].notna().sum()))
add("country_mode", "expect_column_most_common_value_to_be_in_set", {"column": "country", "value_set": ["FR"]},
    observed_value=frame["country"].mode().tolist())

# --- Conditional expectations: pandas filters with DataFrame.query, then checks the subset -----
# The conditions sit among the kwargs, as Great Expectations serialises them. Counts are over
# the selected rows only (element_count is the subset's length).


def add_conditional(id_, type_, kwargs, condition, parser="pandas", query=None, **result):
    subset = frame.query(query or condition)
    conditioned = {**kwargs, "row_condition": condition, "condition_parser": parser}
    add(id_, type_, conditioned, element_count=len(subset), **{k: v(subset) for k, v in result.items()})


add_conditional("cond_amount_between_fr", "expect_column_values_to_be_between",
                {"column": "amount", "min_value": 0, "max_value": 100}, "country == 'FR'",
                unexpected_count=lambda s: int((~non_null(s["amount"]).between(0, 100)).sum()),
                missing_count=lambda s: int(s["amount"].isna().sum()))
add_conditional("cond_amount_not_null_not_fr", "expect_column_values_to_not_be_null", {"column": "amount"},
                "country != 'FR'", unexpected_count=lambda s: int(s["amount"].isna().sum()))
add_conditional("cond_country_in_set", "expect_column_values_to_be_in_set", {"column": "country", "value_set": SET},
                "amount > 50 and quantity in [1, 2, 3]",
                unexpected_count=lambda s: int((~non_null(s["country"]).isin(SET)).sum()),
                missing_count=lambda s: int(s["country"].isna().sum()))
add_conditional("cond_email_regex", "expect_column_values_to_match_regex", {"column": "email", "regex": EMAIL},
                "not (country in ['US', 'GB']) | amount.isnull()",
                unexpected_count=lambda s: int((~non_null(s["email"]).str.contains(EMAIL, regex=True)).sum()))
add_conditional("cond_id_unique", "expect_column_values_to_be_unique", {"column": "id"}, "start < end",
                unexpected_count=lambda s: int(s["id"].duplicated(keep=False).sum()))
add_conditional("cond_end_after_start", "expect_column_pair_values_a_to_be_greater_than_b",
                {"column_A": "end", "column_B": "start"}, "country.isnull() | quantity == 0",
                unexpected_count=lambda s: int((~(s["end"] > s["start"])).sum()))
add_conditional("cond_email_lengths_gx", "expect_column_value_lengths_to_be_between",
                {"column": "email", "min_value": 5, "max_value": 18},
                'col("amount") >= 10 & ~col("country").isNull()', parser="great_expectations",
                query="amount >= 10 & ~country.isnull()",
                unexpected_count=lambda s: int((~non_null(s["email"]).str.len().between(5, 18)).sum()))
add_conditional("cond_amount_mean_de", "expect_column_mean_to_be_between", stat_kwargs,
                'col("country") == "DE"', parser="great_expectations", query="country == 'DE'",
                observed_value=lambda s: float(s["amount"].mean()), missing_count=lambda s: int(s["amount"].isna().sum()))
add_conditional("cond_amount_median", "expect_column_median_to_be_between", stat_kwargs, "quantity >= 6",
                observed_value=lambda s: float(s["amount"].median()))
add_conditional("cond_amount_stdev", "expect_column_stdev_to_be_between", stat_kwargs, "quantity >= 6",
                observed_value=lambda s: float(s["amount"].std()))
add_conditional("cond_amount_quantiles", "expect_column_quantile_values_to_be_between",
                {"column": "amount", "quantile_ranges": {"quantiles": QUANTILES,
                                                         "value_ranges": [[None, None]] * len(QUANTILES)},
                 "allow_relative_error": "linear"}, "quantity >= 6",
                observed_value=lambda s: {"quantiles": QUANTILES, "values": [
                    float(v) for v in s["amount"].quantile(QUANTILES, interpolation="linear")]})
add_conditional("cond_country_distinct", "expect_column_distinct_values_to_be_in_set",
                {"column": "country", "value_set": SET}, "amount < 20",
                observed_value=lambda s: sorted(non_null(s["country"]).unique().tolist()))
add_conditional("cond_row_count", "expect_table_row_count_to_be_between", {"min_value": None, "max_value": None},
                "a == 2 & b != 3", observed_value=lambda s: len(s))
expected["cond_row_count"].pop("element_count")  # a table expectation reports only observed_value
age_subset = user_age[frame.eval("amount > 40")]
add("cond_user_age", "expect_column_values_to_be_between",
    {"column": "user.age", "min_value": 18, "max_value": 80, "row_condition": "amount > 40",
     "condition_parser": "pandas"},
    element_count=len(age_subset), unexpected_count=int((~non_null(age_subset).between(18, 80)).sum()),
    missing_count=int(age_subset.isna().sum()))

# --- Regex lists, order and z-scores, as Great Expectations' pandas backend computes them ------
# Regex lists: one `str.contains` per pattern, combined with any/all (the not variant: none).
# Order: nulls dropped, then `diff()` against the previous non-missing value, the first passing.
# Z-scores: (x - mean) / std (ddof=1) over the non-missing values; an undefined z passes.


def contains(series, patterns, how):
    matches = pd.concat([series.str.contains(p, regex=True) for p in patterns], axis=1)
    return matches.any(axis=1) if how == "any" else matches.all(axis=1)


def order_violations(series, increasing, strictly):
    diff = non_null(series).diff()
    diff[diff.isnull()] = 1 if increasing else -1
    if increasing:
        ok = diff > 0 if strictly else diff >= 0
    else:
        ok = diff < 0 if strictly else diff <= 0
    return int((~ok).sum())


def z_violations(series, threshold, double_sided):
    values = non_null(series)
    z = (values - values.mean()) / values.std()
    ok = z.abs() < abs(threshold) if double_sided else z < threshold
    return int((~(ok | z.isna())).sum())


emails = non_null(frame["email"])
ANY_LIST = [r"^user1", r"7@"]
ALL_LIST = [r"^user", r"\d@example\.com$"]
NOT_LIST = [r"^not-", r"9@"]
add("email_regex_list_any", "expect_column_values_to_match_regex_list",
    {"column": "email", "regex_list": ANY_LIST, "match_on": "any"},
    unexpected_count=int((~contains(emails, ANY_LIST, "any")).sum()))
add("email_regex_list_all", "expect_column_values_to_match_regex_list",
    {"column": "email", "regex_list": ALL_LIST, "match_on": "all"},
    unexpected_count=int((~contains(emails, ALL_LIST, "all")).sum()))
add("email_not_regex_list", "expect_column_values_to_not_match_regex_list",
    {"column": "email", "regex_list": NOT_LIST},
    unexpected_count=int(contains(emails, NOT_LIST, "any").sum()))
add("id_increasing", "expect_column_values_to_be_increasing", {"column": "id"},
    unexpected_count=order_violations(frame["id"], True, False))
add("amount_decreasing_strict", "expect_column_values_to_be_decreasing", {"column": "amount", "strictly": True},
    unexpected_count=order_violations(amount_s, False, True), missing_count=int(amount_s.isna().sum()))
add("amount_z_scores", "expect_column_value_z_scores_to_be_less_than",
    {"column": "amount", "threshold": 1.5, "double_sided": True},
    unexpected_count=z_violations(amount_s, 1.5, True), missing_count=int(amount_s.isna().sum()))
add("amount_z_scores_one_sided", "expect_column_value_z_scores_to_be_less_than",
    {"column": "amount", "threshold": 1, "double_sided": False},
    unexpected_count=z_violations(amount_s, 1, False))
add_conditional("cond_amount_increasing_fr", "expect_column_values_to_be_increasing", {"column": "amount"},
                "country == 'FR'", unexpected_count=lambda s: order_violations(s["amount"], True, False))
add_conditional("cond_amount_z_scores_de", "expect_column_value_z_scores_to_be_less_than",
                {"column": "amount", "threshold": 1, "double_sided": True}, "country == 'DE'",
                unexpected_count=lambda s: z_violations(s["amount"], 1, True))

# --- strftime formats: datetime.strptime's verdicts on valid, mangled and impossible dates ----
STRFTIME_FORMATS = [
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%z", "%d/%m/%y", "%b %d, %Y",
    "%A, %B %d %Y", "%j/%Y", "%H:%M %p", "%m-%d", "%Y%m%d", "%a %b %d %H:%M:%S %Y", "%%Y=%Y", "%y",
]
STRFTIME_EXTRA = [
    "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2024-13-01", "2024-04-31", "2024-1-5",
    "0000-01-01", "2024-01-01 ", " 2024-01-01", "2024-01-01 23:59:60", "2024-01-01  23:59:59",
    "2024-01-01t10:00:00.5+01:00", "2024-01-01T10:00:00.1234567Z", "2024-01-01T10:00:00.000001z",
    "2024-01-01T10:00:00.0+2400", "2024-01-01T10:00:00.0+01:0030", "2024-01-01T10:00:00.0+0100:30",
    "2024-01-01T10:00:00.0-01:00:30.5", "Sept 01, 2024", "SEP 1, 2024", "monday, january 01 2024",
    "366/2024", "366/2023", "000/2024", "12:00 xm", "12:00 PM", "02-29", "1231", "20240101",
    "Mon Jan  1 00:00:00 2024", "%Y=2024", "%y=2024", "5", "05", "٢٠٢٤-01-01",
]
strftime_random = np.random.default_rng(20261205)
strftime_cases = []
for fmt in STRFTIME_FORMATS:
    values = []
    for _ in range(12):
        moment = pd.Timestamp("1970-01-01") + pd.Timedelta(seconds=int(strftime_random.integers(0, 2_000_000_000)))
        text = moment.to_pydatetime().replace(microsecond=int(strftime_random.integers(0, 1_000_000)))
        if "%z" in fmt:
            text = text.replace(tzinfo=__import__("datetime").timezone(pd.Timedelta(minutes=int(strftime_random.integers(-720, 720)))))
        value = text.strftime(fmt)
        choice = strftime_random.integers(0, 4)
        position = int(strftime_random.integers(0, len(value) + 1))
        if choice == 1 and value:
            value = value[:position] + value[position + 1:]
        elif choice == 2:
            value = value[:position] + str(int(strftime_random.integers(0, 10))) + value[position:]
        elif choice == 3:
            value = value.swapcase()
        values.append(value)
    values.extend(STRFTIME_EXTRA)
    verdicts = []
    for value in values:
        try:
            __import__("datetime").datetime.strptime(value, fmt)
            verdicts.append(True)
        except ValueError:
            verdicts.append(False)
    strftime_cases.append({"format": fmt, "values": values, "matches": verdicts})
(OUT / "strftime-cases.json").write_text(
    json.dumps({"generator": "scripts/generate-fixtures.py", "cases": strftime_cases}, indent=2, ensure_ascii=False)
    + "\n"
)

# --- pandera: the same row checks, lazily, counting failure cases per check ----------------
schema = pa.DataFrameSchema(
    {
        "amount": pa.Column(float, [pa.Check.in_range(0, 100)], nullable=True),
        "country": pa.Column(object, [pa.Check.isin(SET)], nullable=True),
        "email": pa.Column(object, [pa.Check.str_contains(EMAIL), pa.Check.str_length(5, 18)], nullable=True),
        "id": pa.Column(int, unique=True),
    },
)
pandera_counts = {"amount_between": 0, "country_in_set": 0, "email_regex": 0, "email_lengths": 0, "id_unique": 0}
try:
    schema.validate(frame, lazy=True)
except pa.errors.SchemaErrors as errors:
    cases = errors.failure_cases
    names = {
        ("amount", "in_range(0, 100)"): "amount_between",
        ("country", "isin(['FR', 'DE', 'US', 'GB'])"): "country_in_set",
        ("email", f"str_contains('{EMAIL}')"): "email_regex",
        ("email", "str_length(5, 18)"): "email_lengths",
        ("id", "field_uniqueness"): "id_unique",
    }
    for (column, check), count in cases.groupby(["column", "check"]).size().items():
        key = names.get((column, check))
        if key is None:
            raise SystemExit(f"unmapped pandera check {column} {check}")
        pandera_counts[key] = int(count)

(OUT / "parity-suite.json").write_text(json.dumps({"name": "parity", "expectations": expectations}, indent=2) + "\n")
(OUT / "parity-expected.json").write_text(
    json.dumps(
        {
            "generator": "scripts/generate-fixtures.py",
            "versions": {"pandas": pd.__version__, "pandera": pa.__version__ if hasattr(pa, "__version__") else "",
                         "numpy": np.__version__, "pyarrow": pa_arrow.__version__},
            "rows": ROWS,
            "pandas": expected,
            "pandera_failure_counts": pandera_counts,
        },
        indent=2,
    )
    + "\n"
)
print("wrote", sorted(p.name for p in OUT.iterdir()))

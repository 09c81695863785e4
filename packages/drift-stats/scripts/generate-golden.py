"""Golden values for @ballast/drift-stats, computed with numpy + scipy.

Run from the package folder:  python3 scripts/generate-golden.py
Writes src/__fixtures__/golden.json (inputs and scipy outputs) and
src/__fixtures__/golden-precision.json (extreme magnitudes, far tails, large samples; reference
values from scipy and, where scipy overflows or loses precision, from mpmath at 50 digits).
Seeded, so reruns with the same numpy/scipy/mpmath give the same files. Tests read the JSON;
Python is not needed at test time.
"""
import json
import math
import time
import warnings

import numpy as np
import mpmath as mp
import scipy
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")
mp.mp.dps = 50


# Limiting Cramér-von Mises survival function (the asymptotic 2-sample p-value) in mpmath,
# summing scipy's series (Csörgő & Faraway eq. 1.2) to 1e-45 so 1 − CDF keeps the far tail.
def mp_cvm_limit_sf(x):
    x = mp.mpf(x)
    total = mp.mpf(0)
    k = 0
    while True:
        u = mp.exp(mp.loggamma(k + mp.mpf(0.5)) - mp.loggamma(k + 1)) / (mp.pi ** mp.mpf(1.5) * mp.sqrt(x))
        y = 4 * k + 1
        q = mp.mpf(y) ** 2 / (16 * x)
        term = u * mp.sqrt(y) * mp.exp(-q) * mp.besselk(mp.mpf(0.25), q)
        total += term
        if abs(term) < mp.mpf(10) ** -45 or k > 400:
            break
        k += 1
    return 1 - total


def mp_cvm_asymptotic_p(r, c):
    """scipy's asymptotic cramervonmises_2samp p-value, with the limiting survival function from
    mpmath instead of scipy's 1 - series truncated at terms below 1e-7 (which is off by up to
    ~1e-5 relative at p = 1e-6)."""
    nx, ny = len(r), len(c)
    if max(nx, ny) <= 20:
        raise ValueError("exact p-value")
    t = float(stats.cramervonmises_2samp(r, c).statistic)
    k, total = nx * ny, nx + ny
    et = (1 + 1 / total) / 6
    vt = (total + 1) * (4 * k * total - 3 * (nx**2 + ny**2) - 2 * k) / (45 * total**2 * 4 * k)
    tn = 1 / 6 + (t - et) / np.sqrt(45 * vt)
    return {"statistic": t, "pValue": 1.0 if tn < 0.003 else float(mp_cvm_limit_sf(tn))}
rng = np.random.default_rng(20261122)


def rounded_list(values):
    return [float(v) for v in values]


numeric_cases = []


def add_numeric(name, reference, current):
    # Rounded to 6 decimals before anything is computed: shorter JSON, identical inputs on both sides.
    numeric_cases.append((name, np.round(np.asarray(reference, dtype=float), 6), np.round(np.asarray(current, dtype=float), 6)))


# Random inputs of various sizes (KS exact/asymptotic switch at max(n) = 10000).
add_numeric("normal_200_vs_shifted_150", rng.normal(0, 1, 200), rng.normal(0.3, 1.2, 150))
add_numeric("normal_50_vs_50", rng.normal(0, 1, 50), rng.normal(0, 1, 50))
add_numeric("normal_1000_vs_800", rng.normal(0, 1, 1000), rng.normal(0.1, 1, 800))
add_numeric("normal_10000_vs_7000_exact", rng.normal(0, 1, 10000), rng.normal(0.03, 1, 7000))
add_numeric("normal_10001_vs_9000_asymptotic", rng.normal(0, 1, 10001), rng.normal(0.02, 1, 9000))
add_numeric("normal_20000_vs_60_asymptotic_small_en", rng.normal(0, 1, 20000), rng.normal(0.5, 1, 60))
add_numeric("normal_30000_vs_25000_asymptotic", rng.normal(0, 1, 30000), rng.normal(0.01, 1, 25000))
add_numeric("exponential_300_vs_lognormal_280", rng.exponential(1, 300), rng.lognormal(0, 0.6, 280))
# Adversarial: ties, tiny samples, constant columns, huge outliers.
add_numeric("ties_integers_400_vs_300", rng.integers(0, 7, 400), rng.integers(0, 8, 300))
add_numeric("ties_heavy_60_vs_40", rng.integers(0, 3, 60), rng.integers(0, 3, 40))
add_numeric("tiny_2_vs_3", [0.5, 1.5], [0.2, 2.0, 3.0])
add_numeric("tiny_3_vs_3", [1.0, 2.0, 3.0], [1.5, 2.5, 3.5])
add_numeric("tiny_4_vs_5", [0.1, 0.4, 0.9, 1.3], [0.2, 0.7, 1.1, 1.6, 2.2])
add_numeric("tiny_5_vs_5_separated", [1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0])
add_numeric("small_8_vs_12", rng.normal(0, 1, 8), rng.normal(1, 1, 12))
add_numeric("small_15_vs_20", rng.normal(0, 1, 15), rng.normal(0.5, 1, 20))
add_numeric("constant_reference", np.full(30, 2.5), rng.normal(2.5, 1, 40))
add_numeric("huge_outliers", np.concatenate([rng.normal(0, 1, 300), [1e12, -1e9]]), np.concatenate([rng.normal(0, 1, 250), [5e11]]))
add_numeric("tiny_ties_6_vs_7", [1.0, 2.0, 2.0, 3.0, 5.0, 5.0], [2.0, 3.0, 3.0, 4.0, 5.0, 6.0, 6.0])
add_numeric("single_1_vs_1", [1.0], [2.0])
add_numeric("single_1_vs_20", [0.3], rng.normal(0, 1, 20))
add_numeric("mwu_exact_6_vs_500", rng.normal(0, 1, 6), rng.normal(0.8, 1, 500))
add_numeric("evidently_t_test_vector",
            [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0],
            [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8])
add_numeric("evidently_es_vector",
            np.repeat([1, 2, 3, 4, 5, 6], [16, 18, 16, 14, 12, 12]),
            np.repeat([1, 2, 3, 4, 5, 6], [16, 16, 16, 16, 16, 8]))
add_numeric("es_small_24_vs_24", rng.normal(0, 1, 24), rng.normal(0.4, 1.3, 24))
add_numeric("es_5_vs_7", rng.normal(0, 1, 5), rng.normal(0, 2, 7))
add_numeric("es_300_vs_250_scale", rng.normal(0, 1, 300), rng.normal(0, 1.4, 250))
add_numeric("golden_md_integers",
            [((i * 37) % 101) / 10.0 for i in range(2000)],
            [((i * 53) % 89) / 10.0 + 0.3 for i in range(1500)])


def safe(fn):
    """scipy's result, or None when scipy refuses the input or returns NaN (undefined test)."""
    try:
        value = fn()
    except Exception:
        return None
    if any(isinstance(v, float) and math.isnan(v) for v in value.values()):
        return None
    return value


def numeric_result(reference, current):
    out = {}
    for key, fn in numeric_tests:
        value = safe(lambda: fn(reference, current))
        if value is not None:
            out[key] = value
    return out


def as_result(result, with_p=True):
    statistic = float(result.statistic)
    if not with_p:
        return {"statistic": statistic}
    return {"statistic": statistic, "pValue": float(result.pvalue)}


numeric_tests = [
    ("ks", lambda r, c: as_result(stats.ks_2samp(r, c))),
    ("ks_asymp", lambda r, c: as_result(stats.ks_2samp(r, c, method="asymp"))),
    ("wasserstein_raw", lambda r, c: {"statistic": float(stats.wasserstein_distance(r, c))}),
    ("wasserstein_normed", lambda r, c: {"statistic": float(stats.wasserstein_distance(r, c) / max(float(np.std(r)), 0.001))}),
    ("energy", lambda r, c: {"statistic": float(stats.energy_distance(r, c))}),
    ("cvm", lambda r, c: as_result(stats.cramervonmises_2samp(r, c))),
    ("cvm_mpmath", mp_cvm_asymptotic_p),
    ("anderson", lambda r, c: as_result(stats.anderson_ksamp([r, c], variant="midrank"))),
    ("mannw", lambda r, c: as_result(stats.mannwhitneyu(r, c))),
    ("mannw_less", lambda r, c: as_result(stats.mannwhitneyu(r, c, alternative="less"))),
    ("t_test", lambda r, c: as_result(stats.ttest_ind(r, c))),
    ("welch", lambda r, c: as_result(stats.ttest_ind(r, c, equal_var=False))),
    ("es", lambda r, c: as_result(stats.epps_singleton_2samp(r, c))),
    ("empirical_mmd_statistic", lambda r, c: {"statistic": evidently_mmd_statistic(r, c)}),
]


def evidently_mmd_statistic(reference, current):
    """The deterministic part of Evidently's empirical_mmd (its p-value uses unseeded permutations)."""
    if len(reference) < 2 or len(current) < 2 or len(reference) > 1000 or len(current) > 1000:
        raise ValueError("outside the compared range")
    x = reference.reshape(-1, 1)
    y = current.reshape(-1, 1)

    def squared(a, b):
        return (b**2).T - 2 * np.dot(a, b.T) + a**2

    sigma = (0.5 * np.percentile(squared(x, x).flatten(), q=50, method="nearest")) ** 0.5
    if sigma == 0:
        sigma = 0.5**0.5
    gamma = 1.0 / (2.0 * sigma**2)
    kxx, kxy, kyy = (np.exp(-gamma * squared(a, b)) for a, b in ((x, x), (x, y), (y, y)))
    np.fill_diagonal(kxx, 0)
    np.fill_diagonal(kyy, 0)
    n, m = len(x), len(y)
    return float(kxx.sum() / (n * (n - 1)) + kyy.sum() / (m * (m - 1)) - 2.0 * kxy.mean())


def with_integer_dtype(r, c):
    """A column whose values are all integers is binned as pandas/numpy hold it: int64 (numpy then
    makes Sturges bins at least 1 wide). The TypeScript side cannot see a dtype and applies the
    same rule to the values."""
    if np.all(r == np.round(r)) and np.all(c == np.round(c)):
        return r.astype(np.int64), c.astype(np.int64)
    return r, c


def evidently_binned(r, c, numerical=True, fill=True):
    if numerical:
        r, c = with_integer_dtype(r, c)
    if numerical and len(np.unique(r)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
        rp = np.histogram(r, bins)[0] / len(r)
        cp = np.histogram(c, bins)[0] / len(c)
    else:
        keys = sorted(set(r.tolist()) | set(c.tolist()))
        rp = np.array([np.sum(r == k) for k in keys]) / len(r)
        cp = np.array([np.sum(c == k) for k in keys]) / len(c)
    if fill:
        for p in (rp, cp):
            m = p[p != 0].min()
            p[p == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    return rp, cp


def binned_result(reference, current):
    rp, cp = evidently_binned(reference, current)
    rj, cj = evidently_binned(reference, current, fill=False)
    return {
        "psi": {"statistic": float(np.sum((rp - cp) * np.log(rp / cp)))},
        "kl_div": {"statistic": float(stats.entropy(rp, cp))},
        "jensenshannon": {"statistic": float(distance.jensenshannon(rj, cj))},
        "jensenshannon_base2": {"statistic": float(distance.jensenshannon(rj, cj, base=2))},
        "hellinger": {"statistic": evidently_numeric_hellinger(reference, current)},
    }


def evidently_numeric_hellinger(reference, current):
    """Evidently's numeric Hellinger: Sturges edges over the pooled unique values, density histograms."""
    reference, current = with_integer_dtype(reference, current)
    keys = list(set(reference.tolist()) | set(current.tolist()))
    bins = np.histogram_bin_edges(keys, bins="sturges")
    h1 = np.histogram(reference, bins=bins, density=True)[0]
    h2 = np.histogram(current, bins=bins, density=True)[0]
    bin_width = (max(bins) - min(bins)) / (len(bins) - 1)
    total = sum(math.sqrt(p1 * p2) * bin_width for p1, p2 in zip(h1, h2))
    return float(math.sqrt(1 - np.clip(total, 0, 1)))


numeric = []
for name, reference, current in numeric_cases:
    entry = {"name": name, "reference": rounded_list(reference), "current": rounded_list(current)}
    entry["expected"] = numeric_result(reference, current)
    entry["expected"].update(binned_result(reference, current))
    numeric.append(entry)

# Categorical: counts per category (reference, current).
categorical_cases = [
    ("golden_md_abc", {"a": 500, "b": 300, "c": 200}, {"a": 400, "b": 300, "c": 250, "d": 50}),
    ("evidently_chisquare_vector", {"1": 16, "2": 18, "3": 16, "4": 14, "5": 12, "6": 12}, {"1": 16, "2": 16, "3": 16, "4": 16, "5": 16, "6": 8}),
    ("two_by_two_yates", {"x": 12, "y": 5}, {"x": 7, "y": 11}),
    ("two_by_two_small", {"x": 3, "y": 1}, {"x": 1, "y": 3}),
    ("two_by_two_large", {"x": 300, "y": 700}, {"x": 360, "y": 640}),
    ("g_test_vector", {"a": 5, "b": 5, "c": 8}, {"a": 4, "b": 6, "c": 8}),
    ("many_categories", {f"k{i}": int(v) for i, v in enumerate(rng.integers(1, 200, 40))}, {f"k{i}": int(v) for i, v in enumerate(rng.integers(1, 200, 40))}),
    ("single_category", {"only": 10}, {"only": 7}),
    ("z_far_tail_1e-8", {"x": 300, "y": 700}, {"x": 420, "y": 580}),
    ("z_far_tail_1e-14", {"x": 300, "y": 700}, {"x": 470, "y": 530}),
    ("z_far_tail_1e-70", {"x": 300, "y": 700}, {"x": 700, "y": 300}),
]


def categorical_result(ref_counts, cur_counts):
    keys = sorted(set(ref_counts) | set(cur_counts))
    rn = np.array([ref_counts.get(k, 0) for k in keys], dtype=float)
    cn = np.array([cur_counts.get(k, 0) for k in keys], dtype=float)
    out = {}
    table = np.vstack([rn, cn])
    if len(keys) > 1:
        chi = stats.chi2_contingency(table)
        out["chisquare"] = {"statistic": float(chi[0]), "pValue": float(chi[1])}
    else:
        out["chisquare"] = {"statistic": 0.0, "pValue": 1.0}
    if np.all(rn > 0):
        expected = rn * cn.sum() / rn.sum()
        gof = stats.chisquare(cn, expected)
        out["chisquare_gof"] = {"statistic": float(gof.statistic), "pValue": float(gof.pvalue)}
        if len(keys) > 1:
            g = stats.power_divergence(cn, expected, lambda_="log-likelihood")
            out["g_test"] = {"statistic": float(g.statistic), "pValue": float(g.pvalue)}
    if len(keys) == 2:
        fisher = stats.fisher_exact([[rn[0], rn[1]], [cn[0], cn[1]]])
        out["fisher_exact"] = {"pValue": float(fisher.pvalue)}
        p1 = rn[1] / rn.sum()
        p2 = cn[1] / cn.sum()
        pooled = (p1 * rn.sum() + p2 * cn.sum()) / (rn.sum() + cn.sum())
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / rn.sum() + 1 / cn.sum()))
        # 2·Φ(−|z|) (scipy's norm.sf), not Evidently's 2·(1 − Φ(|z|)), which loses the far tail.
        out["z"] = {"statistic": float(z), "pValue": float(2 * stats.norm.sf(abs(z)))}
    rp, cp = rn / rn.sum(), cn / cn.sum()
    out["tvd_statistic"] = {"statistic": float(0.5 * np.sum(np.abs(rp - cp)))}
    out["linf"] = {"statistic": float(np.max(np.abs(rp - cp)))}
    rs, cs = rp.copy(), cp.copy()
    for p in (rs, cs):
        if np.any(p == 0):
            m = p[p != 0].min()
            p[p == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    out["psi"] = {"statistic": float(np.sum((rs - cs) * np.log(rs / cs)))}
    out["kl_div"] = {"statistic": float(stats.entropy(rs, cs))}
    out["jensenshannon"] = {"statistic": float(distance.jensenshannon(rp, cp))}
    out["hellinger"] = {"statistic": float(np.sqrt(1 - np.clip(np.sum(np.sqrt(rp * cp)), 0, 1)))}
    return out


categorical = []
for name, ref_counts, cur_counts in categorical_cases:
    categorical.append({
        "name": name,
        "reference": ref_counts,
        "current": cur_counts,
        "expected": categorical_result(ref_counts, cur_counts),
    })

# Distribution functions at points the statistics use.
kstwo_points = []
for n in [5, 40, 140, 141, 500, 5000, 50000, 200000]:
    for d in [0.6 / n, 0.9 / n, 1.5 / n, 0.3 / math.sqrt(n), 0.8 / math.sqrt(n), 1.3 / math.sqrt(n), 2.0 / math.sqrt(n), 3.0 / math.sqrt(n), 0.55, 0.97]:
        if d < 1:
            kstwo_points.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
chi2_points = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))} for x, df in [(0.1, 1), (3.84, 1), (66.67, 3), (250.0, 3), (30.0, 39), (1e-3, 5), (500.0, 400)]]
t_points = [{"t": t, "df": df, "p": float(2 * stats.t.sf(abs(t), df))} for t, df in [(0.5, 3), (2.0, 10), (-3.2, 14), (8.0, 100), (1.1, 2e5), (40.0, 30)]]
normal_points = [{"z": z, "cdf": float(stats.norm.cdf(z))} for z in [-38.0, -8.0, -3.0, -1.0, 0.0, 0.7, 2.5]]

golden = {
    "generator": {"numpy": np.__version__, "scipy": scipy.__version__, "seed": 20261122},
    "numeric": numeric,
    "categorical": categorical,
    "kstwo": kstwo_points,
    "chi2": chi2_points,
    "studentT": t_points,
    "normal": normal_points,
}
def without_nan(value):
    """JSON has no NaN or inf: scipy's NaN results (undefined tests) and overflows become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nan(item) for item in value]
    return value


with open("src/__fixtures__/golden.json", "w") as handle:
    json.dump(without_nan(golden), handle, indent=None, separators=(",", ":"), allow_nan=False)
print("numeric cases", len(numeric), "categorical cases", len(categorical), "kstwo points", len(kstwo_points))


# ---------------------------------------------------------------------------------------------
# Precision and limits (golden-precision.json): extreme magnitudes, far tails, large samples.
# Large samples are not stored: both sides regenerate them from the integer formulas below.
# mpmath (50 digits) is the reference where scipy overflows (NaN/inf) or loses the far tail.
DBL_MAX = float(np.finfo(float).max)


def mp_mean_var(values, ddof):
    xs = [mp.mpf(v) for v in values]
    mean = mp.fsum(xs) / len(xs)
    return mean, mp.fsum((x - mean) ** 2 for x in xs) / (len(xs) - ddof)


def mp_student_two_sided(t, df):
    t = mp.mpf(t)
    df = mp.mpf(df)
    return mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True)


def mp_t_test(reference, current, equal_var):
    n1, n2 = len(reference), len(current)
    m1, v1 = mp_mean_var(reference, 1)
    m2, v2 = mp_mean_var(current, 1)
    if equal_var:
        df = mp.mpf(n1 + n2 - 2)
        se = mp.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / df * (mp.mpf(1) / n1 + mp.mpf(1) / n2))
    else:
        a, b = v1 / n1, v2 / n2
        df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
        se = mp.sqrt(a + b)
    t = (m1 - m2) / se
    return {"statistic": float(t), "pValue": float(mp_student_two_sided(t, df)), "df": float(df)}


def mp_cdf_distance(u, v, power):
    u = sorted(mp.mpf(x) for x in u)
    v = sorted(mp.mpf(x) for x in v)
    pooled = sorted(set(u) | set(v))
    total = mp.mpf(0)
    for left, right in zip(pooled[:-1], pooled[1:]):
        fu = mp.mpf(sum(1 for x in u if x <= left)) / len(u)
        fv = mp.mpf(sum(1 for x in v if x <= left)) / len(v)
        total += abs(fu - fv) ** power * (right - left)
    return total if power == 1 else mp.sqrt(total)


def extreme_case(name, reference, current):
    _, variance = mp_mean_var(reference, 0)
    raw = mp_cdf_distance(reference, current, 1)
    out = {
        "wasserstein_normed": {"statistic": float(raw / max(mp.sqrt(variance), mp.mpf("0.001")))},
        "energy": {"statistic": float(mp.sqrt(2) * mp_cdf_distance(reference, current, 2))},
        "t_test": mp_t_test(reference, current, True),
        "welch": mp_t_test(reference, current, False),
    }
    if raw <= DBL_MAX:
        out["wasserstein_raw"] = {"statistic": float(raw)}
    # scipy's own values, for the record (NaN/inf where it overflows).
    with np.errstate(all="ignore"):
        scipy_t = stats.ttest_ind(reference, current)
        out["scipy_t_test"] = {"statistic": float(scipy_t.statistic), "pValue": float(scipy_t.pvalue)}
        out["scipy_wasserstein_normed"] = {"statistic": float(stats.wasserstein_distance(reference, current) / max(float(np.std(reference)), 0.001))}
    return {"name": name, "reference": [float(v) for v in reference], "current": [float(v) for v in current], "expected": out}


extreme = [
    extreme_case("issue_1e200", [1e200, 2e200, 3e200], [1.5e200, 2.5e200, 4e200]),
    extreme_case("values_1e160_welch_df", [1e160, 3e160, 2e160, 7e160, 5e160], [2e160, 9e160, 4e160, 8e160]),
    extreme_case("plus_minus_dbl_max", [-DBL_MAX, -DBL_MAX / 3, 0.0, DBL_MAX / 2], [-DBL_MAX / 4, DBL_MAX / 5, DBL_MAX / 3, DBL_MAX / 2.5]),
    extreme_case("dbl_max_one_side", [DBL_MAX, DBL_MAX * 0.75, DBL_MAX * 0.5], [DBL_MAX * 0.9, DBL_MAX * 0.8, DBL_MAX * 0.6, DBL_MAX * 0.55]),
    extreme_case("tiny_1e-300", [1e-300, 2e-300, 4e-300, 3e-300], [5e-300, 6e-300, 2.5e-300]),
]
for case in extreme:
    # Evidently's MMD statistic is scale-invariant: its value on data scaled down to ~1.
    scale = max(abs(v) for v in case["reference"] + case["current"])
    case["expected"]["empirical_mmd_statistic"] = {"statistic": evidently_mmd_statistic(np.array(case["reference"]) / scale, np.array(case["current"]) / scale)}

# Student t two-sided p at large degrees of freedom (mpmath; scipy agrees to ~1e-14 here).
student_large = []
for df in [2e5, 1.999998e6, 2e6, 5e7, 1e9]:
    for t in [0.01, 0.7, 1.9, 3.0, 6.0, 12.0, 30.0]:
        student_large.append({"t": t, "df": df, "p": float(mp_student_two_sided(t, df)), "scipy": float(2 * stats.t.sf(t, df))})

# One-sided Smirnov sum (Birnbaum-Tingey) in 80-bit long double, vectorised (mpmath is too slow
# for the ~n significant terms): scipy's kstwo.sf(d, n) is 2·smirnov(n, d) in the far tail of
# large n (nd² >= 2.2), and its smirnov forms ln C(n, j) from log-gamma values, losing ~1e-9 at
# n = 1e6; here ln C(n, j) is a cumulative sum in long double (error ~1e-13 relative).
def longdouble_smirnov(n, d):
    ld = np.longdouble
    assert np.finfo(ld).nmant >= 63
    d = ld(d)
    last = int(np.floor(float(n * (1 - d))))
    j = np.arange(0, last + 1, dtype=ld)
    steps = np.log((ld(n) - j[1:] + 1) / j[1:])
    log_binomial = np.concatenate([[ld(0)], np.cumsum(steps)])
    remaining = 1 - d - j / ld(n)
    log_terms = log_binomial + (j - 1) * np.log(d + j / ld(n)) + (ld(n) - j) * np.log(remaining)
    peak = log_terms.max()
    return float(d * np.exp(peak) * np.sum(np.exp(log_terms - peak)))


kolmogorov_large = []
for n in [500000, 1000000, 5000000]:
    for p_target in [1e-4, 1e-6, 1e-9, 1e-15, 1e-30, 1e-80]:
        d = math.sqrt(math.log(2 / p_target) / (2 * n))
        d = float(np.nextafter(d, 1))
        kolmogorov_large.append({"n": n, "d": d, "sf": 2 * longdouble_smirnov(n, d), "scipy": float(stats.kstwo.sf(d, n))})

cvm_limit = []
for x in [0.05, 0.2, 0.461, 0.743, 1.0, 1.5, 2.0, 2.5, 3.0, 3.6, 4.5]:
    from scipy.stats._hypotests import _cdf_cvm_inf
    cvm_limit.append({"x": x, "sf": float(mp_cvm_limit_sf(x)), "scipy": float(1 - _cdf_cvm_inf(x))})


# Fisher's exact test on large tables: scipy's value and an mpmath sum of the hypergeometric
# probabilities no larger than the observed one (relative tolerance 1e-14, as scipy).
def fast_mp_fisher(a, b, c, d):
    """The sum over the terms above 1e-40 of the observed one (the rest cannot matter)."""
    r1, r2, c1 = a + b, c + d, a + c
    total = r1 + r2
    low, high = max(0, c1 - r2), min(r1, c1)
    log_denominator = mp.log(mp.binomial(total, c1))

    def pmf(x):
        return mp.exp(mp.log(mp.binomial(r1, x)) + mp.log(mp.binomial(r2, c1 - x)) - log_denominator)

    observed = pmf(a)
    cutoff = observed * (1 + mp.mpf("1e-14"))
    floor = cutoff * mp.mpf(10) ** -40
    mode = int((c1 + 1) * (r1 + 1) // (total + 2))
    result = mp.mpf(0)

    # left side: x in [low, mode], pmf increasing
    start = low
    if pmf(low) < floor:
        lo, hi = low, mode
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if pmf(mid) < floor:
                lo = mid
            else:
                hi = mid
        start = hi
    x = start
    while x <= mode:
        term = pmf(x)
        if term > cutoff:
            break
        result += term
        x += 1
    # right side: x in [mode, high], pmf decreasing
    start = high
    if pmf(high) < floor:
        lo, hi = mode, high
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if pmf(mid) < floor:
                hi = mid
            else:
                lo = mid
        start = lo
    x = start
    while x > mode:
        term = pmf(x)
        if term > cutoff:
            break
        result += term
        x -= 1
    return result


mp.mp.dps = 40
fisher_large = []
for table in [
    (6, 0, 0, 6),
    (12, 5, 7, 11),
    (5000000, 5000000, 5003000, 4997000),
    (5001000, 4999000, 4999000, 5001000),
    (9990000, 10000, 9989000, 11000),
    (100, 9999900, 160, 9999840),
    (1000000, 1000000, 1000500, 999500),
    (3, 7999997, 0, 12000000),
]:
    a, b, c, d = table
    started = time.perf_counter()
    scipy_p = float(stats.fisher_exact([[a, b], [c, d]]).pvalue)
    elapsed = time.perf_counter() - started
    print("fisher_exact", table, f"scipy {elapsed:.3f} s")
    fisher_large.append({"table": list(table), "pValue": float(fast_mp_fisher(a, b, c, d)), "scipy": scipy_p})
mp.mp.dps = 50


# Large samples regenerated from integer formulas on both sides (2e6 pooled rows).
def large_reference(size):
    i = np.arange(size, dtype=np.int64)
    return ((i * 7919) % 10007) / 1000.0


def large_current(size, shift):
    i = np.arange(size, dtype=np.int64)
    return ((i * 6007) % 10009) / 1000.0 + shift


large_samples = []
for shift in [0.004, 0.05]:
    r = large_reference(1_000_000)
    c = large_current(1_000_000, shift)
    ks_result = stats.ks_2samp(r, c)
    large_samples.append({
        "name": f"formula_1e6_vs_1e6_shift_{shift}",
        "size": 1_000_000,
        "shift": shift,
        "expected": {
            "ks": as_result(ks_result),
            "t_test": as_result(stats.ttest_ind(r, c)),
            "welch": as_result(stats.ttest_ind(r, c, equal_var=False)),
        },
    })


# Integer columns: Evidently bins an int64 column with numpy, which forces width-1 Sturges bins
# when the range is small (numpy >= 2.1, `histogram_bin_edges`).
def integer_reference(size):
    i = np.arange(size, dtype=np.int64)
    return (i * i + i // 3) % 21


def integer_current(size):
    i = np.arange(size, dtype=np.int64)
    return (i * 13 + i // 7) % 21


def evidently_integer_binned(r, c, fill=True):
    assert len(np.unique(r)) > 20
    bins = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
    rp = np.histogram(r, bins)[0] / len(r)
    cp = np.histogram(c, bins)[0] / len(c)
    if fill:
        for p in (rp, cp):
            if np.any(p == 0):
                m = p[p != 0].min()
                p[p == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    return bins, rp, cp


integer_columns = []
for size in [1_000_000, 5_000]:
    r = integer_reference(size)
    c = integer_current(size)
    bins, rp, cp = evidently_integer_binned(r, c)
    _, rj, cj = evidently_integer_binned(r, c, fill=False)
    float_bins = np.histogram_bin_edges(np.concatenate([r, c]).astype(float), bins="sturges")
    integer_columns.append({
        "name": f"integers_0_20_{size}_per_side",
        "size": size,
        "edges": [float(e) for e in bins],
        "floatEdgeCount": len(float_bins),
        "expected": {
            "psi": {"statistic": float(np.sum((rp - cp) * np.log(rp / cp)))},
            "kl_div": {"statistic": float(stats.entropy(rp, cp))},
            "jensenshannon": {"statistic": float(distance.jensenshannon(rj, cj))},
        },
    })

precision = {
    "generator": {"numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mp.__version__},
    "extreme": extreme,
    "studentLarge": student_large,
    "kolmogorovLarge": kolmogorov_large,
    "cvmLimit": cvm_limit,
    "fisherLarge": fisher_large,
    "largeSamples": large_samples,
    "integerColumns": integer_columns,
}
with open("src/__fixtures__/golden-precision.json", "w") as handle:
    json.dump(without_nan(precision), handle, indent=1, allow_nan=False)
print("precision: extreme", len(extreme), "student", len(student_large), "kolmogorov", len(kolmogorov_large), "fisher", len(fisher_large))

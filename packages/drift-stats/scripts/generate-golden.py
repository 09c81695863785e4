"""Golden values for @ballast/drift-stats, computed with numpy + scipy.

Run from the package folder:  python3 scripts/generate-golden.py
Writes src/__fixtures__/golden.json (inputs and scipy outputs). Seeded, so reruns with the
same numpy/scipy give the same file. Tests read the JSON; Python is not needed at test time.
"""
import json
import math
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")
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
    ("anderson", lambda r, c: as_result(stats.anderson_ksamp([r, c], variant="midrank"))),
    ("mannw", lambda r, c: as_result(stats.mannwhitneyu(r, c))),
    ("mannw_less", lambda r, c: as_result(stats.mannwhitneyu(r, c, alternative="less"))),
    ("t_test", lambda r, c: as_result(stats.ttest_ind(r, c))),
    ("welch", lambda r, c: as_result(stats.ttest_ind(r, c, equal_var=False))),
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


def evidently_binned(r, c, numerical=True, fill=True):
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
        out["z"] = {"statistic": float(z), "pValue": float(2 * (1 - stats.norm.cdf(abs(z))))}
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
    """JSON has no NaN: scipy's NaN results (undefined tests) become null and are skipped."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nan(item) for item in value]
    return value


with open("src/__fixtures__/golden.json", "w") as handle:
    json.dump(without_nan(golden), handle, indent=None, separators=(",", ":"), allow_nan=False)
print("numeric cases", len(numeric), "categorical cases", len(categorical), "kstwo points", len(kstwo_points))

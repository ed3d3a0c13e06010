#!/usr/bin/env python3
"""Checks the history files written by scenarios/tools/extract_data.py (needs only scenarios/data).

Run from the repository root:  python3 scenarios/tools/check_history_data.py
Exits non-zero with a message if an LA lacks cla_at_31mar in a year 2016-2022 (except the
source-suppressed LA-years in SUPPRESSED_CLA), if the sum over LAs of cla_at_31mar is more than 1%
from England, if the population sum is more than 2% from England, or if a file has duplicate keys.
Prints England against the sum of LAs for the main stocks.
"""
import csv
import sys
from collections import Counter
from pathlib import Path

DATA = Path("scenarios/data")
YEARS = [str(y) for y in range(2016, 2023)]      # years ending 31 March
POP_YEARS = [str(y) for y in range(2015, 2022)]  # mid-year populations
TABLE = ["cla_at_31mar", "cin_at_31mar", "cpp_at_31mar", "cla_started", "population_0_17"]
# (file, key columns) that must be unique
KEYS = [("la_history.csv", ["la_code", "year", "measure"]),
        ("england_history.csv", ["year", "measure", "breakdown"]),
        ("england_s251_history.csv", ["financial_year", "line_code"]),
        ("england_unit_costs_history.csv", ["financial_year", "cost_type"])]
# LA-years whose cla_at_31mar is suppressed at source (never imputed), so a missing row is expected:
# Isles of Scilly, where DfE/LAIT suppress the small count ("c") from 2020 (0 in 2016-2019).
SUPPRESSED_CLA = {("E06000053", "2020"), ("E06000053", "2021"), ("E06000053", "2022")}


def read(name):
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f))


def main() -> int:
    errors = []
    for name, key in KEYS:
        keys = Counter(tuple(r[c] for c in key) for r in read(name))
        dups = [k for k, n in keys.items() if n > 1]
        if dups:
            errors.append(f"{name}: {len(dups)} duplicate keys, e.g. {dups[0]}")

    las = [r["la_code"] for r in read("local_authorities.csv")]
    la = {(r["la_code"], r["year"], r["measure"]): float(r["value"])
          for r in read("la_history.csv")}
    england = {(r["year"], r["measure"]): float(r["value"])
               for r in read("england_history.csv") if r["breakdown"] == "total"}
    missing = [(c, y) for c in las for y in YEARS if (c, y, "cla_at_31mar") not in la]
    unexpected = sorted(set(missing) - SUPPRESSED_CLA)
    if unexpected:
        errors.append(f"la_history.csv: no cla_at_31mar for {unexpected}")
    print(f"cla_at_31mar: every LA in every year {YEARS[0]}-{YEARS[-1]} except the "
          f"source-suppressed {', '.join(c + ' ' + y for c, y in sorted(SUPPRESSED_CLA))}")

    print(f"{'measure':<16} {'year':>4} {'England':>11} {'sum of LAs':>12} {'LAs':>4} {'diff':>7}")
    for m in TABLE:
        for y in POP_YEARS if m == "population_0_17" else YEARS:
            values = [la[c, y, m] for c in las if (c, y, m) in la]
            total, eng = sum(values), england.get((y, m))
            if eng is None:
                errors.append(f"england_history.csv: no {m} for {y}")
                continue
            diff = (total - eng) / eng
            print(f"{m:<16} {y:>4} {eng:>11,.0f} {total:>12,.1f} {len(values):>4} {diff:>+7.2%}")
            if m == "cla_at_31mar" and abs(diff) > 0.01:
                errors.append(f"cla_at_31mar {y}: sum of LAs {diff:+.2%} from England (limit 1%)")
            if m == "population_0_17" and abs(diff) > 0.02:
                errors.append(f"population_0_17 mid-{y}: sum of LAs {diff:+.2%} from England "
                              "(limit 2%)")
    # Population is checked for every mid-year 2015-2021. ONS suppresses Bournemouth, Poole and
    # Dorset county up to mid-2018, so BCP and Dorset have no population row and those years
    # fall about 1.2% short; only the years with all 152 LAs are complete comparisons.
    full = [y for y in POP_YEARS if all((c, y, "population_0_17") in la for c in las)]
    print(f"population_0_17: all {len(las)} LAs present in mid-{', mid-'.join(full)}; other years "
          f"(ONS suppression of Bournemouth, Poole and Dorset) checked with the LAs present")

    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    print("check_history_data: " + (f"{len(errors)} problem(s)" if errors else "all checks passed"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The history replay against the official series, 2018-2022.

Run from the repository root after building:
    python3 scenarios/tools/history_fit.py [RUN.h5] [--sample F]
Without a run file it runs scenarios/history.toml (whole population unless --sample is given).
Prints simulated / official for each measure and year, the placement groups (as counts, and as
shares of the children looked after), the legal statuses (not a bar), the checks by sex and
ethnicity (calibrate_groups.print_checks), and the correlation
of LA looked-after rates with the data at 31 March 2022. Exits 1 if any figure is off by more than
5% or the correlation is below 0.9 (the issue's acceptance bar). Needs python3-h5py (Debian).
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import calibrate_groups
import series

YEARS = range(2018, 2023)
TOLERANCE = 0.05
MIN_CORRELATION = 0.9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run_file", nargs="?")
    ap.add_argument("--sample", default=None)
    ap.add_argument("--cscsim", default="build/release/cscsim")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_file = args.run_file
        if run_file is None:
            run_file = str(Path(tmp) / "history.h5")
            cmd = [args.cscsim, "--log-level", "warn", "run", "scenarios/history.toml", "-o",
                   run_file]
            if args.sample:
                cmd += ["--sample", args.sample]
            subprocess.run(cmd, check=True)
        sim, obs = series.simulated(run_file, args.cscsim), series.official()
        la_sim, la_obs = series.la_rates(run_file)
        la_sim_kept, la_obs_kept = series.la_rates(run_file, without_suppressed=True)
    worst, rows = 0.0, []
    names = list(series.MEASURES) + list(series.PLACEMENT_GROUPS)
    print(f"{'measure':36s}" + "".join(f"{y:>24d}" for y in YEARS))
    for name in names:
        kind = series.MEASURES.get(name, (None, "stock"))[1]
        cells = []
        for y in YEARS:
            p = series.period_of(y, kind)
            if (name, p) in sim and (name, p) in obs:
                ratio = sim[name, p] / obs[name, p]
                worst = max(worst, abs(ratio - 1))
                cells.append(f"{sim[name, p]:.0f}/{obs[name, p]:.0f} {ratio - 1:+.1%}")
            else:
                cells.append(f"-")
        print(f"{name:36s}" + "".join(f"{c:>24s}" for c in cells))
    print("\nThe placement mix as shares of the children looked after at 31 March, simulated / "
          "official (difference in percentage points; a check beside the 5% bar on counts):")
    widest = 0.0
    for name in series.PLACEMENT_GROUPS:
        cells = []
        for y in YEARS:
            p, total = series.period_of(y, "stock"), "children_looked_after"
            if all(k in d for k in [(name, p), (total, p)] for d in (sim, obs)):
                a, b = sim[name, p] / sim[total, p], obs[name, p] / obs[total, p]
                widest = max(widest, abs(a - b))
                cells.append(f"{a:.1%}/{b:.1%} {100 * (a - b):+.1f}")
            else:
                cells.append("-")
        print(f"{name:36s}" + "".join(f"{c:>24s}" for c in cells))
    print(f"largest difference of a placement's share: {100 * widest:.1f} percentage points")
    print("\nChecks, not among the issue's bars: re-referrals within 12 months, repeat plans, "
          "legal status at 31 March (section 20 and placement orders from the 2022 release's "
          "detail; interim and full care orders apart only in the time series, which has none for "
          "2018 or 2019), category of need at 31 March (unaccompanied children in absent "
          "parenting; the history starts from the 2018 stock's and takes the 2018-2022 starts' "
          "shares on entry), and age at 31 March (the data has 2020-2022; seed 001 L1241: "
          "teenagers the fastest-growing group in care):")
    flows = ["rereferrals", "child_protection_plans_repeat"]
    for name in (flows + list(series.LEGAL_GROUPS) + series.NEED_MEASURES
                 + series.AGE_MEASURES):
        cells = []
        for y in YEARS:
            p = series.period_of(y, "flow" if name in flows else "stock")
            cells.append(f"{sim[name, p]:.0f}/{obs[name, p]:.0f} {sim[name, p] / obs[name, p] - 1:+.1%}"
                         if (name, p) in sim and (name, p) in obs else "-")
        print(f"{name:36s}" + "".join(f"{c:>24s}" for c in cells))
    print("\nChildren looked after per 10,000 at 31 March 2022 by fifth of LAs, least to most "
          "deprived (simulated / official):")
    print("  " + "  ".join(f"q{q + 1} {sim[name, '2022-03-31']:.1f} / {value:.1f}" for q, (name, value)
                           in enumerate(series.deprivation_rates().items())))
    print()
    calibrate_groups.print_checks(sim, obs)
    r_all = series.correlation(la_sim, la_obs)
    r = series.correlation(la_sim_kept, la_obs_kept)
    print(f"\nLA looked-after rate per 10,000 at 31 March 2022: correlation {r:.3f} over "
          f"{len(la_sim_kept)} LAs ({r_all:.3f} with "
          f"{', '.join(sorted(series.SUPPRESSED_LAS.values()))}, whose figures are heavily "
          "suppressed)")
    print(f"largest difference: {worst:.1%} (bar {TOLERANCE:.0%}); correlation bar {MIN_CORRELATION}")
    return 0 if worst <= TOLERANCE and r >= MIN_CORRELATION else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fits scenarios/parameters/calibration.toml by running the model (fixed-point iteration).

Run from the repository root after building:  python3 scenarios/tools/calibrate.py [cscsim]
Needs python3-h5py (Debian). For each age band b, the factor on every route into care is updated
as factor_b <- factor_b x target_b / simulated_b, where simulated_b is the mean of the first two
financial years of the baseline at sample 0.5, until every band is within 1% (at most 8 rounds).
Writes the fitted values into calibration.toml and prints the fit.
"""
import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py

CSCSIM = sys.argv[1] if len(sys.argv) > 1 else "build/release/cscsim"
CALIBRATION = Path("scenarios/parameters/calibration.toml")
BANDS = ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years", "16 years and over"]


def target():
    v = {}
    with open("scenarios/data/england_2022.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == "2022":
                v[(r["measure"], r["breakdown"])] = float(r["value"])
    by_age = [v[("cla_started_by_age", b)] for b in BANDS]
    total = v[("cla_started", "total")]
    return [x * total / sum(by_age) for x in by_age]


def simulate(factors):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "calibrate.h5"
        value = "[" + ",".join(f"{x:.6f}" for x in factors) + "]"
        subprocess.run([CSCSIM, "--log-level", "warn", "run", "scenarios/baseline.toml", "-o",
                        str(out), "--sample", "0.5", "--set", "run.end=2024-03-31",
                        "--set", f"calibration.care_entry_by_age={value}"], check=True)
        with h5py.File(out, "r") as f:
            run = f["runs/baseline/replicate_0"]
            entries = run["care_entries_by_age"][()]  # [year][la][band]
            scale = run["la_scale"][()]
            per_year = (entries * scale[None, :, None]).sum(axis=1)
            return list(per_year[:2].mean(axis=0))


def main():
    want = target()
    text = CALIBRATION.read_text()
    factors = [float(x) for x in re.search(
        r"\[calibration\.care_entry_by_age\]\nvalue = \[([^\]]*)\]", text).group(1).split(",")]
    for round_no in range(8):
        got = simulate(factors)
        ratios = [w / g for w, g in zip(want, got)]
        print(f"round {round_no}: factors {[round(x, 4) for x in factors]}")
        print(f"  simulated {[round(x) for x in got]} target {[round(x) for x in want]}")
        if all(abs(r - 1) < 0.01 for r in ratios):
            break
        factors = [f * r for f, r in zip(factors, ratios)]
    else:
        sys.exit("calibrate.py: no fit within 1% after 8 rounds; calibration.toml left unchanged")
    value = "value = [" + ", ".join(f"{x:.4f}" for x in factors) + "]"
    text = re.sub(r"(\[calibration\.care_entry_by_age\]\n)value = \[[^\]]*\]", r"\1" + value, text)
    fit = ", ".join(f"{g / w:.3f}" for g, w in zip(got, want))
    source = (f'source = "scenarios/tools/calibrate.py: fixed-point iteration of scenarios/baseline.toml '
              f'(seed 20220401, sample 0.5, mean of 2022-23 and 2023-24), {round_no + 1} round(s); '
              f'simulated / target by band: {fit}"')
    # calibration.toml holds this one entry: its source records how and how well it was fitted.
    text = re.sub(r'^source = "[^"]*"', lambda _: source, text, flags=re.M)
    CALIBRATION.write_text(text)
    print("wrote", CALIBRATION)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fits scenarios/parameters/calibration.toml by running the model (fixed-point iteration).

Run from the repository root after building:  python3 scenarios/tools/calibrate.py [cscsim]
Needs python3-h5py (Debian). Two sets of factors are fitted together, each by
factor <- factor x target / simulated, running scenarios/baseline.toml at sample 0.5 from April
2022 to March 2025, until every target is within 1% (at most 10 rounds):
- calibration.care_entry_by_age: resident starts of care by age band (DfE 2021-22 starts by age,
  scaled to the revised total, minus the unaccompanied children's arrivals of that band), against
  the mean of the first two simulated financial years;
- calibration.placement_factor: children looked after by placement at 31 March 2022 (the model's
  own starting stock), against the mean of the simulated 31 March 2024 and 2025 stocks, so the
  baseline holds its placement mix.
Writes the fitted values and their fit into calibration.toml and prints the fit.
"""
import csv
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import h5py

CSCSIM = sys.argv[1] if len(sys.argv) > 1 else "build/release/cscsim"
CALIBRATION = Path("scenarios/parameters/calibration.toml")
PATHWAY = Path("scenarios/parameters/pathway.toml")
BANDS = ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years", "16 years and over"]
BAND_START = [0, 1, 5, 10, 16]
BAND_END = [1, 5, 10, 16, 18]
ROUNDS = 10


def entry_target():
    """Resident starts of care by band: DfE starts by age minus UASC arrivals of that band."""
    v = {}
    with open("scenarios/data/england_2022.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == "2022":
                v[(r["measure"], r["breakdown"])] = float(r["value"])
    by_age = [v[("cla_started_by_age", b)] for b in BANDS]
    total = v[("cla_started", "total")]
    pathway = tomllib.loads(PATHWAY.read_text())
    arrivals = pathway["uasc"]["arrivals_per_year"]["value"]
    lo, hi = pathway["uasc"]["arrival_age_years"]["value"]
    uasc = [arrivals * max(0.0, min(e, hi) - max(s, lo)) / (hi - lo)
            for s, e in zip(BAND_START, BAND_END)]
    return [x * total / sum(by_age) - u for x, u in zip(by_age, uasc)]


def read_factors(text, name):
    return [float(x) for x in re.search(
        rf"\[calibration\.{name}\]\nvalue = \[([^\]]*)\]", text).group(1).split(",")]


def simulate(entry, placement):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "calibrate.h5"
        fmt = lambda xs: "[" + ",".join(f"{x:.6f}" for x in xs) + "]"
        subprocess.run([CSCSIM, "--log-level", "warn", "run", "scenarios/baseline.toml", "-o",
                        str(out), "--sample", "0.5", "--set", "run.end=2025-03-31",
                        "--set", f"calibration.care_entry_by_age={fmt(entry)}",
                        "--set", f"calibration.placement_factor={fmt(placement)}"], check=True)
        with h5py.File(out, "r") as f:
            run = f["runs/baseline/replicate_0"]
            scale = run["la_scale"][()]
            entries = run["care_entries_by_age"][()]  # [year][la][band]
            per_year = (entries * scale[None, :, None]).sum(axis=1)
            start = (run["stocks_at_start"][()] * scale[:, None]).sum(axis=0)
            snaps = (run["stocks_31mar"][()] * scale[None, :, None]).sum(axis=1)
            first = 4  # report states 4..12 are the placements (agents/care_state.hpp)
            return (list(per_year[:2].mean(axis=0)), list(start[first:first + 9]),
                    list(snaps[1:3].mean(axis=0)[first:first + 9]))


def main():
    want_entries = entry_target()
    text = CALIBRATION.read_text()
    entry = read_factors(text, "care_entry_by_age")
    placement = read_factors(text, "placement_factor")
    for round_no in range(ROUNDS):
        got_entries, want_place, got_place = simulate(entry, placement)
        r_entry = [w / g for w, g in zip(want_entries, got_entries)]
        r_place = [w / g if g > 0 else 1.0 for w, g in zip(want_place, got_place)]
        print(f"round {round_no}: entry factors {[round(x, 4) for x in entry]}")
        print(f"  starts simulated {[round(x) for x in got_entries]} "
              f"target {[round(x) for x in want_entries]}")
        print(f"  placement factors {[round(x, 4) for x in placement]}")
        print(f"  placements simulated {[round(x) for x in got_place]} "
              f"target {[round(x) for x in want_place]}")
        # Placements with fewer than 1,000 children are matched within 3%.
        close = all(abs(r - 1) < 0.01 for r in r_entry) and all(
            abs(r - 1) < (0.01 if w >= 1000 else 0.03) for r, w in zip(r_place, want_place))
        if close:
            break
        entry = [f * r for f, r in zip(entry, r_entry)]
        placement = [f * r for f, r in zip(placement, r_place)]
    else:
        sys.exit(f"calibrate.py: no fit within 1% after {ROUNDS} rounds; "
                 "calibration.toml left unchanged")
    run = ("scenarios/tools/calibrate.py: fixed-point iteration of scenarios/baseline.toml "
           f"(seed 20220401, sample 0.5, April 2022 to March 2025), {round_no + 1} round(s)")
    fits = {
        "care_entry_by_age": (entry, "; simulated / target starts by band (mean of 2022-23 and "
                              "2023-24): " + ", ".join(f"{g / w:.3f}" for g, w in
                                                       zip(got_entries, want_entries))),
        "placement_factor": (placement, "; simulated / target placements (mean of 31 March 2024 "
                             "and 2025): " + ", ".join(f"{g / w:.3f}" for g, w in
                                                       zip(got_place, want_place))),
    }
    for name, (values, fit) in fits.items():
        value = "value = [" + ", ".join(f"{x:.4f}" for x in values) + "]"
        block = re.search(rf"\[calibration\.{name}\]\n(?:[^\[].*\n?)*", text).group(0)
        new = re.sub(r"^value = \[[^\]]*\]", value, block, flags=re.M)
        new = re.sub(r'^source = "[^"]*"', lambda _: f'source = "{run}{fit}"', new, flags=re.M)
        text = text.replace(block, new)
    CALIBRATION.write_text(text)
    print("wrote", CALIBRATION)


if __name__ == "__main__":
    main()

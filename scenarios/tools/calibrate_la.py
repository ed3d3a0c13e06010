"""Stage "la" of calibrate.py: the LA-level calibration of the history replay.

Each LA's care entries and exits in scenarios/history.toml come from its own 2016-17 figures (the
2017 LA table) and England's exits per start; over five years its stock drifts from its own
series. Two factors per LA, on its care-entry and care-exit multipliers, are fitted together so
that, replaying scenarios/history.toml at sample 1 (seed 20220401):
- its starts of care 2017-18 to 2021-22 add up to its own (la_history.csv cla_started), by
  factor <- factor x (official - unaccompanied arrivals) / (simulated - unaccompanied arrivals);
- its children looked after at 31 March 2018-2022 add up to its own (cla_at_31mar), by
  factor <- factor x (simulated / official)^GAIN (more children than the data: more exits).
Each round then divides each kind of factor by its arithmetic mean weighted by the LA's official
figures (starts, stocks), so the LA factors move LAs against one another and England's level
stays, to first order, with the national trends.
Factors are kept within [FLOOR, CEILING]. Written to scenarios/parameters/la_history_factors.csv
with each LA's targets and fit.
"""
import csv
import math
import subprocess
import tempfile
import tomllib
from pathlib import Path

import h5py
import numpy as np

import series

FACTORS = Path("scenarios/parameters/la_history_factors.csv")
YEARS = range(2018, 2023)
ROUNDS = 8
GAIN = 1.5  # the stock's elasticity to the exit factor is about -2/3 over five years
# The factors' bounds: the guard on any LA's rates relative to England (population.toml), so the
# smallest LAs are bounded once, the same way.
with open("scenarios/parameters/population.toml", "rb") as _f:
    FLOOR, CEILING = tomllib.load(_f)["population"]["multiplier_bounds"]["value"]
ENTRY_FLOWS = ["care_entries_voluntary", "care_entries_court_order", "care_entries_detained",
               "care_entries_youth_justice"]


def la_series():
    """{(la_code, measure, year): value} of the LA history's starts and stocks."""
    out = {}
    with open(series.LA_HISTORY, newline="") as f:
        for r in csv.DictReader(f):
            if r["measure"] in ("cla_started", "cla_at_31mar") and int(r["year"]) in YEARS:
                out[r["la_code"], r["measure"], int(r["year"])] = float(r["value"])
    return out


def read_factors():
    factors = {}
    if FACTORS.exists():
        with open(FACTORS, newline="") as f:
            for r in csv.DictReader(f):
                factors[r["la_code"], r["group"]] = float(r["factor"])
    return factors


def run_history(cscsim, factors, codes):
    """Each LA's simulated starts, unaccompanied arrivals and 31 March stocks by year (England
    scale), with these factors."""
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "factors.csv"
        write_factors(table, factors, codes, {}, "trial")
        out = Path(tmp) / "history.h5"
        subprocess.run([cscsim, "--log-level", "warn", "run", "scenarios/history.toml", "-o",
                        str(out), "--sample", "1", "--set", f"data.la_factors={table}"],
                       check=True)
        with h5py.File(out, "r") as f:
            run = f["runs/history/replicate_0"]
            decode = lambda xs: [x.decode() for x in xs]
            la = decode(run["axes/la"][()])
            flows, states = decode(run["axes/flow"][()]), decode(run["axes/state"][()])
            years, snaps = decode(run["axes/financial_year"][()]), decode(run["axes/snapshot"][()])
            scale = run["la_scale"][()]
            flow = run["flows"][()] * scale[None, :, None]
            stock = run["stocks_31mar"][()] * scale[None, :, None]
        cla = [i for i, s in enumerate(states) if s.startswith("looked_after_")]
        entries = [flows.index(n) for n in ENTRY_FLOWS]
        uasc = flows.index("uasc_arrivals")
        sim = {}
        for y in YEARS:
            fy, sn = years.index(series.period_of(y, "flow")), snaps.index(f"{y}-03-31")
            for l, code in enumerate(la):
                sim[code, "cla_started", y] = flow[fy, l, entries].sum()
                sim[code, "uasc_arrivals", y] = flow[fy, l, uasc]
                sim[code, "cla_at_31mar", y] = stock[sn, l, cla].sum()
        return la, sim


def totals(data, code, measure):
    """Sum over the years the LA published, or None if it published none."""
    ys = [y for y in YEARS if (code, measure, y) in data]
    return (sum(data[code, measure, y] for y in ys), ys) if ys else (None, [])


def write_factors(path, factors, codes, fit, how):
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["la_code", "group", "factor", "target", "source"])
        for code in codes:
            for group, target in (("care_entry", "starts of care 2017-18 to 2021-22"),
                                  ("care_exit", "children looked after at 31 March 2018-2022")):
                if (code, group) not in factors:
                    continue
                w.writerow([code, group, f"{factors[code, group]:.4f}",
                            f"the LA's {target} (scenarios/data/la_history.csv)",
                            f"{how}{fit.get((code, group), '')}"])
    tmp.replace(path)


def stage_la(cscsim):
    obs = la_series()
    factors = read_factors()
    codes = sorted({c for c, _ in factors})
    for round_no in range(ROUNDS + 1):
        codes, sim = run_history(cscsim, factors, codes)
        if codes and not factors:
            factors = {(c, g): 1.0 for c in codes for g in ("care_entry", "care_exit")}
        errors = []
        new = dict(factors)
        weights = {"care_entry": {}, "care_exit": {}}
        fit = {}
        for code in codes:
            o_starts, ys = totals(obs, code, "cla_started")
            if o_starts:  # published and not 0 (the Isles of Scilly may start none)
                s_starts = sum(sim[code, "cla_started", y] for y in ys)
                arrivals = sum(sim[code, "uasc_arrivals", y] for y in ys)
                ratio = max(o_starts - arrivals, 1.0) / max(s_starts - arrivals, 1.0)
                new[code, "care_entry"] = factors[code, "care_entry"] * ratio
                weights["care_entry"][code] = o_starts
                fit[code, "care_entry"] = f"; simulated / official {s_starts / o_starts:.3f}"
            o_stock, ys = totals(obs, code, "cla_at_31mar")
            if o_stock is not None and o_stock > 0:
                s_stock = sum(sim[code, "cla_at_31mar", y] for y in ys)
                errors.append(math.log(max(s_stock, 1.0) / o_stock))
                new[code, "care_exit"] = factors[code, "care_exit"] * (s_stock / o_stock) ** GAIN
                weights["care_exit"][code] = o_stock
                fit[code, "care_exit"] = f"; simulated / official {s_stock / o_stock:.3f}"
        rms = float(np.sqrt(np.mean(np.square(errors))))
        r = {y: series.correlation(*rates(sim, obs, codes, y)) for y in YEARS}
        print(f"la round {round_no}: rms log error of LA stocks {rms:.2%}; rate correlation "
              + ", ".join(f"{y} {v:.3f}" for y, v in r.items()))
        if round_no == ROUNDS:
            break
        # England's flows scale with the weighted arithmetic mean of the factors: hold it at 1.
        for group, w in weights.items():
            total = sum(w.values())
            mean = sum(w[c] * new[c, group] for c in w) / total
            for c in w:
                new[c, group] = min(CEILING, max(FLOOR, new[c, group] / mean))
        factors = new
    how = (f"scenarios/tools/calibrate.py --stage la: scenarios/history.toml at sample 1 (seed "
           f"20220401), {ROUNDS} rounds; LA stocks 2018-2022 rms log error {rms:.2%}, LA rate "
           f"correlation 2022 {r[2022]:.3f}")
    write_factors(FACTORS, factors, codes, fit, how)
    print(f"wrote {FACTORS}")


def rates(sim, obs, codes, year):
    """Simulated and official children looked after per child at 31 March `year`, by LA (both
    over the official population of mid-(year - 1))."""
    cla, pop = series.la_official(year)
    xs, ys = [], []
    for c in codes:
        if c in series.SUPPRESSED_LAS:  # reported without them (see series.SUPPRESSED_LAS)
            continue
        if c in cla and c in pop:
            xs.append(sim[c, "cla_at_31mar", year] / pop[c])
            ys.append(cla[c] / pop[c])
    return xs, ys

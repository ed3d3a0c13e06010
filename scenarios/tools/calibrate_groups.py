"""Stage "groups" of calibrate.py: the factors that shape the pathway by ethnic group.

calibration.placement_order_factor_ethnicity and calibration.sgo_factor_ethnicity (white, mixed,
asian, black, other), fitted together so the replay of 2017-2022 (scenarios/history.toml, whole
population) has DfE's ethnic mix of adoptions and of exits to special guardianship over the five
years 2017-18 to 2021-22 (cla_adopted_detail, cla_ceased_sgo_detail; refused or not yet obtained
spread pro rata): each round, factor <- factor x official share / simulated share, then the
factors are normalised so their mean over group.resident_entry_ethnicity (the replay's resident
starts) is 1, so the totals stay with the factors calibrated elsewhere. Stops when every group's
share is within 2 standard errors (Poisson, of the simulated count) or 3% of the official, or after
GROUP_ROUNDS rounds.

Also prints the checks by group the factors are not fitted to: starts by ethnicity and sex,
adoptions and SGO exits by sex, and the share of starts with a past protection plan by ethnicity
against seed 001 L1285 (White 65%, Mixed 62%, Black 39%, Asian 36%; Other not given).
"""
import math
import re
import subprocess
import tempfile
import tomllib
from pathlib import Path

import calibrate
import series

GROUP_ROUNDS = 8
GROUP_TOLERANCE = 0.03
GROUP_SAMPLE = 1.0
YEARS = range(2018, 2023)
FACTORS = {"adoptions": "placement_order_factor_ethnicity", "sgo_exits": "sgo_factor_ethnicity"}
PAST_PLAN_L1285 = {"white": 0.65, "mixed": 0.62, "black": 0.39, "asian": 0.36}


def history_mix():
    """group.resident_entry_ethnicity of the replay (scenarios/history.toml)."""
    text = Path("scenarios/history.toml").read_text()
    return [float(x) for x in re.search(
        r'^"group\.resident_entry_ethnicity" = \[([^\]]*)\]', text, re.M).group(1).split(",")]


def pooled(values, measure, groups, kind):
    """{group: sum over the five years} of <measure>_<kind>_<group>."""
    return {g: sum(values.get((f"{measure}_{kind}_{g}", series.period_of(y, "flow")), 0.0)
                   for y in YEARS) for g in groups}


def run(cscsim, factors):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "groups.h5"
        cmd = [cscsim, "--log-level", "warn", "run", "scenarios/history.toml", "-o", str(out),
               "--sample", f"{GROUP_SAMPLE:g}"]
        for name, f in factors.items():
            cmd += ["--set", f"calibration.{name}=[" + ",".join(f"{x:.6f}" for x in f) + "]"]
        subprocess.run(cmd, check=True)
        return series.simulated(out, cscsim)


def shares(counts):
    total = sum(counts.values())
    return {g: v / total for g, v in counts.items()}


def print_checks(sim, obs):
    print("checks by group, 2017-18 to 2021-22 together (simulated / official):")
    for measure in ("entries_to_care", "adoptions", "sgo_exits"):
        for kind, groups in (("ethnicity", series.ETHNICITIES), ("sex", series.SEXES)):
            s, o = shares(pooled(sim, measure, groups, kind)), shares(pooled(obs, measure, groups,
                                                                                kind))
            print(f"  {measure} by {kind}: " + ", ".join(
                f"{g} {s[g]:.1%} / {o[g]:.1%}" for g in groups))
    starts = pooled(sim, "entries_to_care", series.ETHNICITIES, "ethnicity")
    past = pooled(sim, "entries_to_care_past_plan", series.ETHNICITIES, "ethnicity")
    print("  starts with a past protection plan (seed 001 L1285 in brackets): " + ", ".join(
        f"{g} {past[g] / starts[g]:.0%}"
        + (f" ({PAST_PLAN_L1285[g]:.0%})" if g in PAST_PLAN_L1285 else "")
        for g in series.ETHNICITIES))


def stage_groups(cscsim):
    text = calibrate.CALIBRATION.read_text()
    factors = {name: calibrate.read_factors(text, name) for name in FACTORS.values()}
    weights = history_mix()
    obs = series.official()
    targets = {m: shares(pooled(obs, m, series.ETHNICITIES, "ethnicity")) for m in FACTORS}
    for rnd in range(1, GROUP_ROUNDS + 1):
        sim = run(cscsim, factors)
        worst, done = 0.0, True
        for measure, name in FACTORS.items():
            counts = pooled(sim, measure, series.ETHNICITIES, "ethnicity")
            got = shares(counts)
            for k, g in enumerate(series.ETHNICITIES):
                ratio = targets[measure][g] / got[g] if got[g] > 0 else 2.0
                # The simulated count's Poisson error in England's children (the count is scaled
                # from the sample).
                se = 1 / math.sqrt(max(1.0, counts[g] * GROUP_SAMPLE))
                worst = max(worst, abs(math.log(ratio)))
                done &= abs(math.log(ratio)) <= max(GROUP_TOLERANCE, 2 * se)
                factors[name][k] *= ratio
            mean = sum(w * f for w, f in zip(weights, factors[name]))
            factors[name] = [f / mean for f in factors[name]]
        print(f"groups round {rnd}: largest error of a share {worst:.1%}; "
              + "; ".join(f"{n} " + ", ".join(f"{x:.3f}" for x in f) for n, f in factors.items()))
        if done:
            break
    sim = run(cscsim, factors)
    print_checks(sim, obs)
    fit = {m: shares(pooled(sim, m, series.ETHNICITIES, "ethnicity")) for m in FACTORS}
    for measure, name in FACTORS.items():
        how = (f"scenarios/tools/calibrate.py --stage groups: scenarios/history.toml replayed at "
               f"sample {GROUP_SAMPLE:g} (seed 20220401), factor x official / simulated share, "
               f"normalised over group.resident_entry_ethnicity, {rnd} round(s); simulated / "
               f"official share: " + ", ".join(
                   f"{g} {fit[measure][g]:.4f} / {targets[measure][g]:.4f}"
                   for g in series.ETHNICITIES))
        what = "adoptions" if measure == "adoptions" else "exits from care to special guardianship"
        text = calibrate.set_entry(
            text, f"calibration.{name}", "[" + ", ".join(f"{x:.4g}" for x in factors[name]) + "]",
            how, f"The ethnic mix of {what} 2017-18 to 2021-22 together (DfE Children looked "
            f"after in England 2022, {series.GROUP_SERIES[measure][0]}; refused or not yet "
            f"obtained spread pro rata; scenarios/data/england_history.csv)")
    calibrate.CALIBRATION.write_text(text)
    print(f"wrote {calibrate.CALIBRATION}")

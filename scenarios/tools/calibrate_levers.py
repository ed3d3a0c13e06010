"""Stage "levers" of calibrate.py: the reform levers' calibrated effects and gross costs.

The review gives an effect size for one lever only (Family Network Plans: Foundations' trial,
seed 002 L853, set in levers.toml). It attributes its 30,000 fewer children looked after at
31 March 2033 to three groups of levers (seed 001 L3945): 17,000 to Family Help, 10,000 to kinship
and family networks, 3,000 to workforce and family finding. For each group, one scale s is fitted
by the secant method so that the counterfactual with only that group's levers on
(scenarios/counterfactual.toml, whole population, seed 20220401) has TARGET fewer children looked
after at 31 March 2033 than the counterfactual itself (the same random streams). The group's
calibrated levers share s by their weight, each lever's Y10 net saving in the review's table
(scenarios/data/review_investment_table.csv), the review's own attribution of what each achieves:
lever effect = SIGN x s x weight / sum of the group's weights.

A lever outside the 30,000 (cla_group none) with a mechanism, whose row saves in some year, has
no children to fit to: its gross cost is given in levers.toml (an Assumption there) and its
effects, scaled together (their ratio as in the file), are fitted (rescaled by target / saving)
so that its saving over Y1..Y10 (the section 251 spend of the counterfactual minus that of the
counterfactual with only this lever on) equals the review's net figures plus its costs.

Then the gross costs of the levers in the 30,000. The review's table gives each lever's net figure
only (saving minus cost). scenarios/review.toml is run with every cost set to 0, so `cscsim
table` prints each lever's own saving (the additive method); a lever of a group with a mechanism
then has gross cost = its saving - the review's net figure, each year Y1..Y10, marked calibrated
with the review's row as its target. (A cost that would come out below 0 is set to 0 and
reported: the model saves less than the review's net figure.) Levers without a mechanism keep
the review's net figure as their cost.

Last, the government's prevention grant (lever prevention_grant, seed 002 L80) gets the review's
Family Help effect per pound: its care-entry effect is Family Help's times GBP 270m over Family
Help's mean gross cost in Y6-Y10 (an Assumption, derived, not calibrated: nothing to fit it to).
"""
import csv
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import calibrate
from calibrate import set_entry, summary_of

LEVERS_TOML = Path("scenarios/parameters/levers.toml")
LEVER_TABLE = Path("scenarios/data/levers.csv")
REVIEW_TABLE = Path("scenarios/data/review_investment_table.csv")
YEAR = "2033-03-31"
# seed 001 L3945: "Of the 30,000 fewer children looked after, 17,000 will benefit from better
# family help; 10,000 from improved support for kinship and family network arrangements; and
# 3,000 from interventions to improve workforce expertise and a scaled up family finding programme"
TARGETS = {"family_help": 17000, "kinship": 10000, "workforce": 3000}
# The calibrated levers of each group: the rate group they act on, the sign of the effect (fewer
# entries, more exits to special guardianship) and the first guess of the scale. The group's
# other review levers (kinship leave and workshops; family finding) are net costs in Y10, so by
# the review's own attribution they have no share (their effects are declared 0 in levers.toml).
CALIBRATED = {
    "family_help": ("care_entry", -1, 0.2, ["family_help"]),
    "kinship": ("sgo_exit", +1, 1.0, ["kinship_allowance", "kinship_legal_aid"]),
    "workforce": ("care_entry", -1, 0.04,
                  ["early_career_framework", "national_pay_scales", "agency_rules_staff_banks",
                   "residential_leadership"]),
}
GRANT_GBP_M = 270  # seed 002 L80, L192: the prevention grant for family help, 2025-26
TOLERANCE = 100  # children, against targets the issue accepts within 1,500
ROUNDS = 8
YEARS = [f"Y{k}" for k in range(1, 11)]
# GBP m over Y1..Y10, or this share of the target if more: a change of placements moves whole
# children, so the saving is a step function of the scale (steps of a few GBP m).
SAVING_TOLERANCE = 1.0
SAVING_TOLERANCE_SHARE = 0.005
# When the rounds run out hopping between two steps either side of the target, the closest
# scale seen is kept if it is within this many tolerances (one step of the saving).
SAVING_STEP_TOLERANCES = 3


def lever_rows():
    with LEVER_TABLE.open() as f:
        return list(csv.DictReader(f))


def review_rows():
    """{row: {"Y1": value, ...}, "_source": {row: "seed 001 L..."}} of the review's table."""
    net, source = {}, {}
    with REVIEW_TABLE.open() as f:
        for r in csv.DictReader(f):
            net.setdefault(r["row"], {})[r["year"]] = float(r["value_gbp_m"])
            source[r["row"]] = r["source"]
    return net, source


def run_summary(cscsim, scenario, sets):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "levers.h5"
        args = [cscsim, "--log-level", "warn", "run", scenario, "-o", str(out)]
        for s in sets:
            args += ["--set", s]
        subprocess.run(args, check=True)
        return summary_of(out)


def effect_sets(effects):
    return [f"lever.{lever}.effect.{group}={value:.6g}" for (lever, group), value in
            effects.items()]


def group_effects(group, scale, weights):
    rate_group, sign, _, levers = CALIBRATED[group]
    total = sum(weights[v] for v in levers)
    return {(v, rate_group): sign * scale * weights[v] / total for v in levers}


def stage_levers(cscsim):
    calibrate.CSCSIM = cscsim  # summary_of's binary (this module may hold a second copy of it)
    rows = lever_rows()
    net, source = review_rows()
    row_of = {r["lever"]: r["row"] for r in rows}
    weights = {v: max(net[row_of[v]]["Y10"], 0.0) for g in CALIBRATED for v in CALIBRATED[g][3]}
    for g, (_, _, _, levers) in CALIBRATED.items():
        if sum(weights[v] for v in levers) <= 0:
            sys.exit(f"calibrate_levers.py: group {g} has no lever with a Y10 saving to weight by")
    base = run_summary(cscsim, "scenarios/counterfactual.toml", [])["children_looked_after", YEAR]
    print(f"counterfactual: {base:,.0f} children looked after at {YEAR}")
    text = LEVERS_TOML.read_text()
    effects = {}
    for group, target in TARGETS.items():
        # The review's levers of the group (rows of its table; not the government's).
        on = [f"lever.{r['lever']}.on=1" for r in rows
              if r["cla_group"] == group and r["row"] in net]

        def reduction(scale):
            sets = on + effect_sets(group_effects(group, scale, weights))
            got = run_summary(cscsim, "scenarios/counterfactual.toml", sets)
            return base - got["children_looked_after", YEAR]

        x0, x1 = 0.0, CALIBRATED[group][2]
        f0, f1 = reduction(x0) - target, reduction(x1) - target
        round_no = 0
        while True:
            print(f"{group} round {round_no}: scale {x1:.5f}, fewer children looked after "
                  f"{f1 + target:,.0f} (target {target:,})")
            if abs(f1) < TOLERANCE:
                break
            if f1 == f0:
                sys.exit(f"calibrate_levers.py: {group}'s levers change nothing at scale {x1}; "
                         "levers.toml left unchanged")
            if round_no + 1 == ROUNDS:
                sys.exit(f"calibrate_levers.py: {group} not within {TOLERANCE} children; "
                         "levers.toml left unchanged")
            x0, x1, f0 = x1, x1 - f1 * (x1 - x0) / (f1 - f0), f1
            f1 = reduction(x1) - target
            round_no += 1
        for (lever, rate_group), value in group_effects(group, x1, weights).items():
            effects[lever, rate_group] = value
            how = (f"scenarios/tools/calibrate_levers.py: the group's scale {x1:.5f} by the secant "
                   f"method, {round_no + 1} round(s), shared by the Y10 net savings of the "
                   f"review's table (weight {weights[lever]:g}); scenarios/counterfactual.toml "
                   f"with only the {group} levers on, whole population, seed 20220401: "
                   f"{f1 + target:,.0f} fewer children looked after at 31 March 2033")
            text = set_entry(text, f"lever.{lever}.effect.{rate_group}", f"{value:.6g}", how,
                             f"{target:,} fewer children looked after in 2032-33 through the "
                             f"{group} levers against the review's counterfactual (seed 001 "
                             "L3945)")
    LEVERS_TOML.write_text(text)
    print(f"wrote the effects to {LEVERS_TOML}")
    text = fit_saving_levers(cscsim, text, rows, net, source)
    LEVERS_TOML.write_text(text)

    # Each lever's own saving: the review run with every cost 0.
    zero = "[" + ",".join("0" for _ in YEARS) + "]"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "review.h5"
        args = [cscsim, "--log-level", "warn", "run", "scenarios/review.toml", "-o", str(out)]
        for r in rows:
            if r["row"] in net:  # the review's levers (the others are off in review.toml)
                args += ["--set", f"lever.{r['lever']}.cost_gbp_m={zero}"]
        subprocess.run(args, check=True)
        table = subprocess.run([cscsim, "table", str(out), "--csv"], check=True,
                               capture_output=True, text=True).stdout
    saving = {}
    for r in csv.DictReader(io.StringIO(table)):
        if r["method"] == "additive":
            saving.setdefault(r["row"], {})[r["year"]] = float(r["value_gbp_m"])
    # Levers with a mechanism: any non-zero effect in the file (fitted here or set from evidence).
    mechanisms = {m.group(1) for m in re.finditer(
        r"^\[lever\.(\w+)\.effect\.\w+\]\nvalue = (\S+)", text, flags=re.M)
        if float(m.group(2)) != 0}
    for r in rows:
        lever = r["lever"]
        # The review's levers in the 30,000 (the others' costs are given, their effects fitted).
        if lever not in mechanisms or r["row"] not in net or r["cla_group"] == "none":
            continue
        row = r["row"]
        cost = [saving[row][y] - net[row][y] for y in YEARS]
        negative = [y for y, c in zip(YEARS, cost) if c < 0]
        if negative:
            print(f"warning: {lever}: the model saves less than the review's net figure in "
                  f"{', '.join(negative)}; those costs set to 0")
        cost = [max(c, 0.0) for c in cost]
        how = ("scenarios/tools/calibrate_levers.py: the lever's own saving in the model (the "
               "section 251 spend of scenarios/review.toml with only this lever on, every cost 0, "
               "against the counterfactual, whole population, seed 20220401; GBP m, Y1..Y10: "
               + ", ".join(f"{saving[row][y]:.0f}" for y in YEARS)
               + ") minus the review's net figure for the row")
        text = set_entry(text, f"lever.{lever}.cost_gbp_m",
                         "[" + ", ".join(f"{c:.1f}" for c in cost) + "]", how,
                         f"the review's net figure for '{row}' ({source[row]}), Y1..Y10: "
                         + ", ".join(f"{net[row][y]:g}" for y in YEARS))
        print(f"{lever}: saving " + " ".join(f"{saving[row][y]:.0f}" for y in YEARS)
              + " | cost " + " ".join(f"{c:.0f}" for c in cost))
    text = derive_prevention_grant(text)
    LEVERS_TOML.write_text(text)
    print(f"wrote the costs to {LEVERS_TOML}")


def financial_years(text):
    """Y1..Y10 as financial years ("2023-24", ...) from lever.programme_first_year (Y1's year
    ending 31 March) in the parameter file's text."""
    first = int(re.search(r"\[lever\.programme_first_year\]\nvalue = (\d+)", text).group(1))
    return [f"{first + k - 1}-{(first + k) % 100:02d}" for k in range(len(YEARS))]


def lever_effects(text, lever):
    """{rate group: value} of a lever's non-zero effects in the parameter file's text."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(
        rf"^\[lever\.{lever}\.effect\.(\w+)\]\nvalue = (\S+)", text, flags=re.M)
        if float(m.group(2)) != 0}


def lever_cost(text, lever):
    values = re.search(rf"\[lever\.{lever}\.cost_gbp_m\]\nvalue = \[([^\]]*)\]", text).group(1)
    cost = [float(x) for x in values.split(",")]
    return (cost + [0.0] * len(YEARS))[:len(YEARS)]


def fit_saving_levers(cscsim, text, rows, net, source):
    """Levers of the review's table outside the 30,000 with a mechanism: their effects scaled so
    that their saving over Y1..Y10 is the review's net figures plus their given costs; returns
    the new text."""
    base = run_summary(cscsim, "scenarios/counterfactual.toml", [])
    years = financial_years(text)
    for r in rows:
        lever, row = r["lever"], r["row"]
        effects = lever_effects(text, lever)
        # A row that never saves in the review has no saving to fit (e.g. Staying Put to 23,
        # whose effect is the extension itself).
        saves = row in net and max(net[row].values()) > 0
        if r["cla_group"] != "none" or not saves or not effects:
            continue
        cost = lever_cost(text, lever)
        target = sum(net[row][y] + c for y, c in zip(YEARS, cost))

        def saving(scale):
            sets = [f"lever.{lever}.on=1"] + [f"lever.{lever}.effect.{g}={v * scale:.6g}"
                                              for g, v in effects.items()]
            got = run_summary(cscsim, "scenarios/counterfactual.toml", sets)
            return sum(base["spend_gbp", fy] - got["spend_gbp", fy] for fy in years) / 1e6

        # The saving is 0 at scale 0 and about proportional to it: each round rescales by
        # target / saving (the secant through the origin, robust to the steps); once two rounds
        # bracket the target, by bisection (rescaling can jump back and forth across a step).
        tolerance = max(SAVING_TOLERANCE, SAVING_TOLERANCE_SHARE * abs(target))
        x1 = 1.0
        f1 = saving(x1) - target
        best = (abs(f1), x1, f1)
        below, above = None, None  # the largest scale saving too little, the smallest too much
        round_no = 0
        while True:
            print(f"{lever} round {round_no}: scale {x1:.5f} of the file's effects, saving "
                  f"GBP {f1 + target:,.1f}m over Y1-Y10 (target {target:,.1f}m)")
            best = min(best, (abs(f1), x1, f1))
            if abs(f1) < tolerance:
                break
            if round_no + 1 == ROUNDS and best[0] < SAVING_STEP_TOLERANCES * tolerance:
                _, x1, f1 = best
                print(f"{lever}: the closest of the rounds, scale {x1:.5f} (a step of the saving "
                      f"straddles the target)")
                break
            if f1 + target <= 0 or round_no + 1 == ROUNDS:
                sys.exit(f"calibrate_levers.py: {lever}'s saving not within GBP "
                         f"{tolerance:.1f}m; levers.toml left unchanged")
            if f1 < 0:
                below = x1 if below is None else max(below, x1)
            else:
                above = x1 if above is None else min(above, x1)
            x1 = (below + above) / 2 if below is not None and above is not None else (
                x1 * target / (f1 + target))
            f1 = saving(x1) - target
            round_no += 1
        for group, value in effects.items():
            how = (f"scenarios/tools/calibrate_levers.py: the lever's effects scaled together "
                   f"(by target / saving, then bisection), {round_no + 1} round(s); "
                   f"scenarios/counterfactual.toml with only this lever on, whole population, "
                   f"seed 20220401: a saving of GBP "
                   f"{f1 + target:,.1f}m over {years[0]} to {years[-1]}")
            if len(effects) > 1:
                how += " (the effects in the ratio of the file's values)"
            text = set_entry(text, f"lever.{lever}.effect.{group}", f"{value * x1:.6g}", how,
                             f"GBP {target:,.1f}m of section 251 spend saved over Y1..Y10: the "
                             f"review's net figures for '{row}' ({source[row]}) plus the lever's "
                             "costs")
    return text


def derive_prevention_grant(text):
    """The government's prevention grant: the review's Family Help effect per pound (derived from
    the Family Help effect and costs in the parameter file's text); returns the new text."""
    fh_effect = float(re.search(r"\[lever\.family_help\.effect\.care_entry\]\nvalue = (\S+)",
                                text).group(1))
    fh_cost = re.search(r"\[lever\.family_help\.cost_gbp_m\]\nvalue = \[([^\]]*)\]", text).group(1)
    fh_mean = sum(float(x) for x in fh_cost.split(",")[5:10]) / 5
    grant = GRANT_GBP_M / fh_mean * fh_effect
    how = (f"Assumption, derived by scenarios/tools/calibrate_levers.py: the review's Family Help "
           f"effect ({fh_effect:.5f}) times GBP {GRANT_GBP_M:g}m over Family Help's mean gross cost "
           f"in Y6-Y10 (GBP {fh_mean:.0f}m): the same effect per pound of family help (linear)")
    print(f"prevention_grant: effect.care_entry {grant:.5f}")
    return set_entry(text, "lever.prevention_grant.effect.care_entry", f"{grant:.6g}", how)

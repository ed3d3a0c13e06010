#!/usr/bin/env python3
"""Derives the first pathway's parameters from the official 2022 figures in scenarios/data/.

Run from the repository root:  python3 scenarios/tools/derive_parameters.py
Writes scenarios/parameters/pathway.toml. Each entry records the formula and the input figures in its
`source`, so a reader can check every number by hand. Assumptions (where neither the data nor the
seeds give a figure) are marked "Assumption" in the source and listed in the README.

Each `*.hazard` entry is a discrete-time hazard: the probability that a child in the state leaves
by that route in a month, estimated as flow in the year / 12 / stock at 31 March (the steady-state
estimator; inflows roughly equal outflows in 2021-22: CLA started 31,100 vs ceased 30,230). The
model adds the routes of a state and turns the sum P into the continuous hazard -ln(1 - P) it
draws dwell times from, so each route's monthly probability is reproduced exactly.
Age bands are the DfE CLA bands: under 1, 1-4, 5-9, 10-15, 16-17.
"""
import csv
import math
import re
import sys
import tomllib
from pathlib import Path

DATA = Path("scenarios/data")
OUT = Path("scenarios/parameters/pathway.toml")
TRENDS = Path("scenarios/parameters/trends.toml")
LEAVING_CARE = Path("scenarios/parameters/leaving_care.toml")
BANDS = ["under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17"]
BAND_YEARS = [1, 4, 5, 6, 2]  # width of each band in single years of age
PLACEMENTS = ["kinship_foster", "la_foster", "agency_foster", "placed_for_adoption",
              "placed_with_parents", "supported_accommodation", "childrens_home",
              "other_residential", "other"]
SRC = "scenarios/data/england_2022.csv"
POPULATION = Path("scenarios/parameters/population.toml")
EH_MEAN_MONTHS = 9.0
CP_STEP_DOWN = 0.5
CARE_FROM_CP = 0.60


def load(year="2022"):
    v = {}
    with open(DATA / "england_2022.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == year or (r["measure"] == "population_0_17" and
                                     int(r["year"]) == int(year) - 1):
                v[(r["measure"], r["breakdown"])] = float(r["value"])
    return v


def allocate_placements(stock_t, stock_age):
    """Children looked after by placement (dict) spread over the age bands in proportion to the
    stock by age, with placed for adoption under 10 only, supported accommodation 16-17 only and
    children's homes 10+ only (Assumption). Returns [band][placement] counts."""
    cla = sum(stock_age)
    total_t = sum(stock_t.values())
    stock_t = {k: x * cla / total_t for k, x in stock_t.items()}
    eligible = {"placed_for_adoption": [0, 1, 2], "supported_accommodation": [4],
                "childrens_home": [3, 4]}
    alloc = [[0.0] * len(PLACEMENTS) for _ in range(5)]
    for j, p in enumerate(PLACEMENTS):
        if p in eligible:
            bands = eligible[p]
            base = sum(stock_age[b] for b in bands)
            for b in bands:
                alloc[b][j] = stock_t[p] * stock_age[b] / base
    free = [p for p in PLACEMENTS if p not in eligible]
    free_total = sum(stock_t[p] for p in free)
    for b in range(5):
        remaining = stock_age[b] - sum(alloc[b])
        assert remaining > 0, b
        for j, p in enumerate(PLACEMENTS):
            if p in free:
                alloc[b][j] = stock_t[p] / free_total * remaining
    return alloc


def without_adoption(row):
    """A placement mix with placed for adoption taken out and the rest renormalised: the model
    places children for adoption from their placement orders (proceedings.adoption_placement_hazard
    and proceedings.initial_placed_for_adoption_share), never by a mix."""
    j = PLACEMENTS.index("placed_for_adoption")
    rest = sum(row) - row[j]
    return [0.0 if k == j else x / rest for k, x in enumerate(row)]


def load_history():
    """England series from scenarios/data/england_history.csv: {(year, measure, breakdown): v}."""
    v = {}
    with open(DATA / "england_history.csv", newline="") as f:
        for r in csv.DictReader(f):
            v[(int(r["year"]), r["measure"], r["breakdown"])] = float(r["value"])
    return v


def bisect(f, lo, hi, n=200):
    """Root of an increasing function f on [lo, hi]."""
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def uasc_flows(uasc, stock_16plus, ceased_18):
    """Unaccompanied children: arriving at ages uniform in [lo, 18) and staying until 18, X a year
    in a steady state hold a stock X (18 - lo) / 2, of whom X (1 - ((16 - lo) / (18 - lo))^2) are
    16-17. Children turning 18 are the resident 16-17s (ages uniform: half a year) plus X. Solves
    for X and lo given the stock, the 16-17 stock and the exits at 18."""
    def lo_of(x):
        return 18 - 2 * uasc / x

    def in_16_17(x):
        lo = lo_of(x)
        return uasc * (1 - ((16 - lo) / (18 - lo)) ** 2) if lo < 16 else uasc

    x = bisect(lambda x: (stock_16plus - in_16_17(x)) / 2 + x - ceased_18, uasc / 9, uasc)
    return x, lo_of(x), in_16_17(x)


# Trends derived from the data and never fitted by calibrate.py: the length of proceedings (children
# under an interim order per start under a court order), measured directly in the 2017 and 2022
# series. (The speed of adoption is derived here only as the fit's first value: calibrate.py
# --stage history fits it, and running this script again keeps the fitted value.)
DERIVED_ONLY = {"proceedings_length"}


def write_trends():
    """Annual change of each rate over the five years 2016-17 to 2021-22 (the review's "current
    trajectory" keeps the trend of the previous five years, seed 001 lines 3933-3935): the start
    of the fit by calibrate.py --stage history, which then owns the values. Once fitted, the file
    is left alone unless --reset-trends is given."""
    h = load_history()
    # {(measure, breakdown): value} of a year ending 31 March (population: the mid-year before).
    of_year = lambda y: {(m, k): x for (yy, m, k), x in h.items()
                         if yy == (y - 1 if m == "population_0_17" else y)}
    a, b = of_year(2017), of_year(2022)
    t = lambda v, m: v[(m, "total")]
    rates = {
        "referral": ("referrals per child aged 0-17",
                     lambda v: t(v, "referrals") / t(v, "population_0_17")),
        "section47": ("s47 enquiries per referral",
                      lambda v: t(v, "s47_enquiries") / t(v, "referrals")),
        "plan": ("protection plans started per s47 enquiry",
                 lambda v: t(v, "cpp_started") / t(v, "s47_enquiries")),
        "plan_end": ("plans started per child on a plan at 31 March (plan turnover)",
                     lambda v: t(v, "cpp_started") / t(v, "cpp_at_31mar")),
        "cin_close": ("CIN episodes ended per child in need neither on a plan nor looked after",
                      lambda v: t(v, "cin_episodes_ended")
                      / (t(v, "cin_at_31mar") - t(v, "cpp_at_31mar") - t(v, "cla_at_31mar"))),
        "care_entry": ("starts of care per child in need at 31 March",
                       lambda v: t(v, "cla_started") / t(v, "cin_at_31mar")),
        "care_exit": ("children ceasing care per child looked after at 31 March",
                      lambda v: t(v, "cla_ceased") / t(v, "cla_at_31mar")),
        "adoption": ("adoptions per child ceasing care, applied to the share of final orders that "
                     "are placement orders (adoptions come from placement orders)",
                     lambda v: t(v, "cla_adopted") / t(v, "cla_ceased")),
        "sgo": ("special guardianship orders per child ceasing care (the SGO share of exits)",
                lambda v: t(v, "cla_ceased_sgo") / t(v, "cla_ceased")),
        # Children under an interim order per start under a court order: the mean time in
        # proceedings, applied to their median length.
        "proceedings_length": (
            "children under an interim care order at 31 March per start of care under a court "
            "order (the length of care proceedings)",
            lambda v: (v[("cla_31mar_legal_status", "Interim care order")]
                       + v[("cla_31mar_legal_status", "Detained for child protection")])
            / sum(v[("cla_started_by_legal_status", k)] for k in
                  ["Interim care order", "Full care order", "Placement order granted"])),
        "adoption_speed": (
            "adoptions per child placed for adoption at 31 March (the hazard of the adoption "
            "order; placement with adopters keeps its hazard)",
            lambda v: t(v, "cla_adopted") / v[("cla_31mar_placement", "Placed for adoption")]),
    }
    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_2022.csv.",
         "# Do not edit by hand: change the script or the data and run it again.",
         "# In financial year Y-1 to Y every route of a group is multiplied by",
         "# (1 + trend.<group>) ^ (trend.applied x (Y - trend.data_year)).", ""]
    entry(o, "trend.applied", 0.0, "switch",
          "1 applies the five-year trends below year by year (the review's current trajectory); 0 "
          "holds every rate at its 2021-22 level (baseline)",
          "Scenario choice: 0 in baseline.toml, 1 in counterfactual.toml", 0, 1)
    entry(o, "trend.data_year", 2022.0, "year ending 31 March",
          "The year whose rates the pathway parameters are: trends count years from it",
          "scenarios/parameters/pathway.toml is derived from the year ending 31 March 2022", 2000,
          2100)
    entry(o, "trend.la_table_year", 2022.0, "year ending 31 March",
          "The year of the LA table's stocks and flows (data.local_authorities): LA multipliers "
          "compare its flows with the national rates of that year",
          "scenarios/data/local_authorities.csv holds stocks at 31 March 2022 and flows in "
          "2021-22; history.toml's table is of 2017", 2000, 2100)
    for name, (what, rate) in rates.items():
        r17, r22 = rate(a), rate(b)
        g = (r22 / r17) ** (1 / 5) - 1
        entry(o, f"trend.{name}", g, "per year",
              f"Annual proportional change of {what}, applied to the model's matching routes",
              f"({r22:.6g} in 2021-22 / {r17:.6g} in 2016-17) ^ (1/5) - 1; DfE CIN census and CLA "
              f"series, ONS mid-year population (scenarios/data/england_history.csv)", -0.5, 0.5)
    r17, r22 = rates["care_exit"][1](a), rates["care_exit"][1](b)
    entry(o, "trend.care_exit_projection", (r22 / r17) ** (1 / 5) - 1, "per year",
          "Annual proportional change of leaving care before 18 after the data year: the "
          "counterfactual's projection of exits (trend.care_exit is the 2017-2022 trend)",
          "the 2016-17 to 2021-22 change of exits per child looked after until fitted by "
          "scenarios/tools/calibrate.py --stage counterfactual", -0.5, 0.5)
    # Exits by age: each band's children ceasing care per child of the band looked after at 31
    # March, 2016-17 to 2021-22, over all ages' (trend.care_exit). 16-17's exits are mostly at 18,
    # which no hazard drives: 0.
    bands = ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years"]
    by_age = lambda v, k: v[("cla_ceased_by_age", k)] / v[("cla_31mar_age", k)]
    all_ages = rates["care_exit"][1](b) / rates["care_exit"][1](a)
    age_trend = [((by_age(b, k) / by_age(a, k)) / all_ages) ** (1 / 5) - 1 for k in bands] + [0.0]
    entry(o, "trend.care_exit_by_age", age_trend, "per year",
          "Annual proportional change of each age band's hazard of leaving care before 18, on top "
          "of trend.care_exit, before the data year only (the history's back-cast; after it every "
          "age has trend.care_exit_projection): under 1, 1-4, 5-9, 10-15, 16-17",
          "each band's children ceasing care per child of the band looked after at 31 March, "
          "(2021-22 / 2016-17) ^ (1/5), over all ages' (16-17: 0, their exits are mostly at 18), "
          "until fitted by scenarios/tools/calibrate.py --stage history to the children looked "
          "after by age at 31 March 2020-2022; DfE CLA (scenarios/data/england_history.csv)",
          -0.5, 0.5)
    entry(o, "trend.voluntary_issue", 0.0, "per year",
          "Annual proportional change of the monthly probability that care proceedings are "
          "issued for a child accommodated by agreement (section 20)",
          "0 until fitted: DfE publishes no series of these conversions; fitted by "
          "scenarios/tools/calibrate.py to the section 20 stock 2017-2022", -0.5, 0.5)
    entry(o, "trend.placement", [0.0] * len(PLACEMENTS), "per year",
          "Annual proportional change of each placement's share of entries and moves: "
          + ", ".join(PLACEMENTS),
          "0 until fitted: the 2016-17 placement classification differs from 2021-22's, so the "
          "trend is fitted to the 2018-2022 placement detail by scenarios/tools/calibrate.py",
          -0.5, 0.5)
    if TRENDS.exists() and "calibrated = true" in TRENDS.read_text() \
            and "--reset-trends" not in sys.argv:
        # Keep the fitted trends; rewrite the ones only derived (never fitted); add any trend
        # that is new since.
        text = TRENDS.read_text()
        blocks = "\n".join(o).split("\n[")
        for b in blocks[1:]:
            name = b.split("]")[0]
            if name.split(".")[-1] in DERIVED_ONLY:
                text = re.sub(rf"\[{re.escape(name)}\]\n(?:[^\[\n].*\n|\n)*", lambda _: "[" + b.rstrip("\n") + "\n\n", text)
        new = ["[" + b for b in blocks[1:] if ("[" + b).split("]")[0] + "]" not in text]
        if new:
            TRENDS.write_text(text.rstrip("\n") + "\n\n" + "\n".join(new).rstrip("\n") + "\n")
        print(f"{TRENDS}: fitted by calibrate.py, kept (--reset-trends to restart); "
              f"{len(new)} new trend(s) added")
        return
    TRENDS.write_text("\n".join(o))


def fmt(x):
    return f"{x:.6g}"


def entry(out, name, value, unit, description, source, lo=None, hi=None, model_input=True):
    """Appends a dictionary entry to out. model_input=False marks an entry the model does not
    read (say why in its description): cscsim refuses any other entry it does not read."""
    out.append(f"[{name}]")
    if isinstance(value, list):
        out.append("value = [" + ", ".join(fmt(x) for x in value) + "]")
    else:
        out.append(f"value = {fmt(value)}")
    out.append(f'unit = "{unit}"')
    out.append(f'description = "{description}"')
    out.append(f'source = "{source}"')
    if lo is not None:
        out.append(f"min = {lo}")
    if hi is not None:
        out.append(f"max = {hi}")
    if not model_input:
        out.append("model_input = false")
    out.append("")


def main():
    v = load()
    # One definition of the early help stock (seed 001 line 715), shared with the model.
    EH_STOCK = tomllib.loads(POPULATION.read_text())["population"]["early_help_stock"]["value"]
    t = lambda m: v[(m, "total")]
    pop = t("population_0_17")
    referrals, nfa, nin = t("referrals"), t("referrals_nfa"), t("referrals_assessed_not_in_need")
    s47, icpc, cp_started = t("s47_enquiries"), t("icpc"), t("cpp_started")
    cpp, cin, cla = t("cpp_at_31mar"), t("cin_at_31mar"), t("cla_at_31mar")
    cla_started = t("cla_started")
    s17 = cin - cpp - cla  # children in need who are neither on a plan nor looked after

    stock_age = [v[("cla_31mar_age", k)] for k in
                 ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years",
                  "16 years and over"]]
    stock_age = [x * cla / sum(stock_age) for x in stock_age]
    starts_age = [v[("cla_started_by_age", k)] for k in
                  ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years",
                   "16 years and over"]]
    starts_age = [x * cla_started / sum(starts_age) for x in starts_age]
    ceased_age = [v[("cla_ceased_by_age", "Under 1 year")], v[("cla_ceased_by_age", "1 to 4 years")],
                  v[("cla_ceased_by_age", "5 to 9 years")],
                  v[("cla_ceased_by_age", "10 to 15 years")],
                  v[("cla_ceased_by_age", "16 years")] + v[("cla_ceased_by_age", "17 years")]]
    # The by-age breakdown is the first-published release (total 30,070 with 18+): rescale it to
    # the revised total ceased, as starts and stock are.
    ceased_all = sum(v[k] for k in v if k[0] == "cla_ceased_by_age")
    ceased_age = [x * t("cla_ceased") / ceased_all for x in ceased_age]
    ceased_18 = v[("cla_ceased_by_age", "18 years and over")] * t("cla_ceased") / ceased_all

    # Unaccompanied children (UASC) are an entry stream of their own: take them out of the
    # resident stock and starts. 2021-22 arrivals = steady-state leavers at 18 + the stock's rise.
    h = load_history()
    uasc = t("cla_uasc_at_31mar")
    uasc_prev = h[(2021, "cla_uasc_at_31mar", "total")]
    uasc_steady, uasc_lo, uasc_16 = uasc_flows(uasc, stock_age[4], ceased_18)
    uasc_arrivals = uasc_steady + (uasc - uasc_prev)
    stock_age_all = list(stock_age)  # with UASC: the placement mix is of every child in care
    stock_age[4] -= uasc_16
    stock_age[3] -= uasc - uasc_16
    arrive_16 = 2 / (18 - uasc_lo)  # share of arrivals aged 16-17
    starts_age[4] -= uasc_arrivals * arrive_16
    starts_age[3] -= uasc_arrivals * (1 - arrive_16)
    cla_resident = cla - uasc

    # Babies looked after from birth: the under-1 stock is larger than entries at uniform ages
    # could hold. With exit rate h a year, an entrant at birth spends (1 - e^-h) / h of the year
    # under 1 in care, one at a uniform age (1 - (1 - e^-h) / h) / h; the share at birth, phi,
    # makes entries x (phi x the first + (1 - phi) x the second) the stock at 31 March.
    h_u1 = ceased_age[0] / stock_age[0]
    at_birth_time = (1 - math.exp(-h_u1)) / h_u1
    uniform_time = (1 - at_birth_time) / h_u1
    phi = (stock_age[0] / starts_age[0] - uniform_time) / (at_birth_time - uniform_time)
    phi = min(max(phi, 0.0), 1.0)
    births = pop / 18
    p_birth = phi * starts_age[0] / births
    # The routes into care from referral, child in need and plans carry the other starts.
    route_starts = list(starts_age)
    route_starts[0] *= 1 - phi

    adopted_age = [v[("cla_adopted_detail", f"Age at adoption: {k}")] for k in
                   ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years"]] + [0.0]
    sgo_age = [v[("cla_ceased_sgo_detail", f"Age at special guardianship order: {k}")] for k in
               ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years",
                "16 years and over"]]
    reason = lambda k: v[("cla_ceased_by_reason", k)]
    home = (reason("Returned home to live with parents or other person with parental responsibility"
                   " which was part of the care planning process")
            + reason("Returned home to live with parents or other person with parental "
                     "responsibility which was not part of the care planning process")
            + reason("Left care to live with parents, relatives or other person with no parental "
                     "responsibility"))
    cao = reason("Residence order or child arrangement order granted")
    non18_rest = sum(ceased_age) - sum(adopted_age) - sum(sgo_age)
    detained = (v[("cla_started_by_legal_status", "Police protection in LA accommodation")]
                + v[("cla_started_by_legal_status", "Emergency protection order")])
    starts_total_legal = sum(v[k] for k in v if k[0] == "cla_started_by_legal_status")
    care_direct = detained / starts_total_legal
    care_from_cin = 1.0 - CARE_FROM_CP - care_direct

    share = [w / 18.0 for w in BAND_YEARS]  # uniform single-year ages (assumption)
    pop_b = [pop * s for s in share]
    cp_b = [cpp * s for s in share]
    s17_b = [s17 * s for s in share]
    eh_b = [EH_STOCK * s for s in share]
    dormant_b = [pop_b[i] - s17_b[i] - cp_b[i] - stock_age[i] - eh_b[i] for i in range(5)]
    referable = sum(dormant_b) + sum(eh_b)
    h_ref = referrals / 12 / referable
    referrals_b = [referrals * (dormant_b[i] + eh_b[i]) / referable for i in range(5)]
    p_nfa, p_nin, p_s47 = nfa / referrals, nin / referrals, s47 / referrals
    p_icpc, p_plan = icpc / s47, cp_started / icpc
    p_direct_b = [care_direct * route_starts[i] / referrals_b[i] for i in range(5)]
    cp_care_b = [CARE_FROM_CP * route_starts[i] / 12 / cp_b[i] for i in range(5)]
    resident_starts = sum(route_starts)
    cp_end = (cp_started - CARE_FROM_CP * resident_starts) / 12 / cpp
    cin_care_b = [care_from_cin * route_starts[i] / 12 / s17_b[i] for i in range(5)]
    cin_inflow = (referrals * (1 - p_nfa - p_nin - p_s47) - care_direct * resident_starts
                  + s47 * (1 - p_icpc * p_plan)
                  + (cp_started - CARE_FROM_CP * resident_starts) * CP_STEP_DOWN)
    cin_close = (cin_inflow - care_from_cin * resident_starts) / 12 / s17
    eh_end = 1.0 / EH_MEAN_MONTHS
    opens = 1 - p_nfa - p_nin  # a referral that ends in NFA or "not in need" leaves early help on
    eh_entry = EH_STOCK * (eh_end + h_ref * opens) / sum(dormant_b)
    adopt_share = [adopted_age[i] / ceased_age[i] for i in range(5)]
    # Adoptions come from placement orders (agents/proceedings.hpp): the other exits are of the
    # children not under one. The placement orders at 31 March are spread over the bands as the
    # model spreads its starting ones (by stock x adoption share; proceedings.placement_order_share).
    legal = {k[1]: x for k, x in v.items() if k[0] == "cla_31mar_legal_status"}
    consent = placed_for_adoption(
        {k[1]: x for k, x in v.items() if k[0] == "cla_31mar_placement_detail"})[0]
    po_share = legal_stock_shares(legal, uasc, consent)[0][3]
    weight = [adopt_share[i] * stock_age[i] for i in range(5)]
    po_b = [po_share * sum(stock_age) * w / sum(weight) for w in weight]
    not_adopted = [ceased_age[i] - adopted_age[i] for i in range(5)]
    cla_exit_b = [not_adopted[i] / 12 / (stock_age[i] - po_b[i]) for i in range(5)]
    sgo_share = [sgo_age[i] / not_adopted[i] for i in range(5)]
    rest_b = [ceased_age[i] - adopted_age[i] - sgo_age[i] for i in range(5)]
    cao_share = [rest_b[i] * cao / non18_rest / not_adopted[i] for i in range(5)]
    home_share = [rest_b[i] * home / non18_rest / not_adopted[i] for i in range(5)]

    # Placement stock at 31 March 2022 (first-published detail, which splits kinship foster care).
    d = lambda k: v[("cla_31mar_placement_detail", k)]
    pv = lambda k: v[("cla_31mar_provider_by_placement", k)]
    kinship = (d("1a.1 Total foster placements inside council boundary with relative or friend")
               + d("1b.1 Total foster placements outside council boundary with relative or friend"))
    own = sum(pv(f"{g}. Foster placements | {p}") for g in ("2a", "3a")
              for p in ("Own provision (by the LA)", "Other LA provision"))
    agency = sum(pv(f"{g}. Foster placements | {p}") for g in ("2a", "3a")
                 for p in ("Private provision", "Voluntary/third sector provision"))
    homes = (d("5c Total children's homes subject to children's homes regulations")
             + d("5a Secure unit placement inside the council boundary")
             + d("5b Secure unit placement outside the council boundary"))
    stock_t = {
        "kinship_foster": kinship, "la_foster": own - kinship, "agency_foster": agency,
        "placed_for_adoption": d("2. Total placed for adoption"),
        "placed_with_parents": d("3. Total placed with parents or other person with parental "
                                 "responsibility"),
        "supported_accommodation": d("4. Total other placements in the community")
        + d("5d Semi-independent living accommodation not subject to children's homes regulations"),
        "childrens_home": homes,
        "other_residential": d("6. Total other residential settings")
        + d("7. Total residential schools"),
        "other": d("8. Total other placements"),
    }
    alloc = allocate_placements(stock_t, stock_age_all)
    stock_mix = [without_adoption(row) for row in alloc]
    # 2018, the first year of the detail in this classification; LA and agency foster care split
    # by provider as in 2022.
    d18 = lambda k: h[(2018, "cla_31mar_placement_detail", k)]
    pv18 = lambda k: h[(2018, "cla_31mar_provider_by_placement", k)]
    kin18 = (d18("1a.1 Total foster placements inside council boundary with relative or friend")
             + d18("1b.1 Total foster placements outside council boundary with relative or friend"))
    own18 = sum(pv18(f"{g}. Foster placements | {p}") for g in ("2a", "3a")
                for p in ("Own provision (by the LA)", "Other LA provision"))
    agency18 = sum(pv18(f"{g}. Foster placements | {p}") for g in ("2a", "3a")
                   for p in ("Private provision", "Voluntary/third sector provision"))
    stock_2018 = {
        "kinship_foster": kin18, "la_foster": own18 - kin18, "agency_foster": agency18,
        "placed_for_adoption": d18("2. Total placed for adoption"),
        "placed_with_parents": d18("3. Total placed with parents or other person with parental "
                                   "responsibility"),
        "supported_accommodation": d18("4. Total other placements in the community")
        + d18("5d Semi-independent living accommodation not subject to children's homes "
              "regulations"),
        "childrens_home": d18("5c Total children's homes subject to children's homes regulations")
        + d18("5a Secure unit placement inside the council boundary")
        + d18("5b Secure unit placement outside the council boundary"),
        "other_residential": d18("6. Total other residential settings")
        + d18("7. Total residential schools"),
        "other": d18("8. Total other placements"),
    }
    # 31 March 2017 itself, in the 2013-2017 classification (SFR_CLA_2017) where it maps onto
    # the model's placements; its combined groups (foster care; secure units, children's homes
    # and semi-independent living) split as in the 2018 detail.
    p17 = lambda k: h[(2017, "cla_31mar_placement", k)]
    foster18 = stock_2018["kinship_foster"] + stock_2018["la_foster"] + stock_2018["agency_foster"]
    semi18 = d18("5d Semi-independent living accommodation not subject to children's homes "
                 "regulations")
    homes_semi17 = p17("Secure units, children's homes and semi-independent living "
                       "accommodation [2013-2017 classification]")
    homes_share18 = stock_2018["childrens_home"] / (stock_2018["childrens_home"] + semi18)
    stock_2017 = {
        **{k: p17("Foster placements") * stock_2018[k] / foster18
           for k in ("kinship_foster", "la_foster", "agency_foster")},
        "placed_for_adoption": p17("Placed for adoption"),
        "placed_with_parents": p17("Placed with parents or other person with parental "
                                   "responsibility"),
        "supported_accommodation": p17("Other placements in the community [2013-2017 "
                                       "classification]") + homes_semi17 * (1 - homes_share18),
        "childrens_home": homes_semi17 * homes_share18,
        "other_residential": p17("Other residential settings") + p17("Residential schools"),
        "other": p17("Other placements"),
    }
    ages17 = [h[(2017, "cla_31mar_age", k)] for k in
              ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years",
               "16 years and over"]]
    alloc17 = allocate_placements(stock_2017, ages17)
    stock_mix_2017 = [without_adoption(row) for row in alloc17]

    # Placement moves: children in care at 31 March with 2 placements in the year moved at least
    # once, with 3 or more at least twice (a lower bound), over a year of care.
    pin = lambda k: h[(2022, "cla_31mar_placements_in_year", k)]
    moves = (pin("With 2 placements during the year")
             + 2 * pin("With 3 or more placements during the year"))
    # Per resident child: unaccompanied children are not moved in the model.
    move_h = moves / (pin("Total children") - uasc) / 12
    # The mix a child entering care or moving is placed by, solved so that the 31 March 2022 mix
    # of each age band is steady: in each band, a placement's children leave it by exit, move or
    # ageing out, and come in by entry, move or ageing in from the band below.
    ageing = [1 / (12 * y) for y in BAND_YEARS]
    arrivals_b = [0, 0, 0, uasc_arrivals * (1 - arrive_16), uasc_arrivals * arrive_16]
    mix = []
    for b in range(5):
        inflow = (starts_age[b] + arrivals_b[b]) / 12 + move_h * stock_age[b]
        # Exits before 18 and moves are of resident children (unaccompanied children neither).
        resident = stock_age[b] / stock_age_all[b]
        out_rate = (cla_exit_b[b] + move_h) * resident + ageing[b]
        need = [max(0.0, alloc[b][j] * out_rate - (ageing[b - 1] * alloc[b - 1][j] if b else 0))
                for j in range(len(PLACEMENTS))]
        mix.append(without_adoption(need))
        assert abs(sum(need) / inflow - 1) < 0.5, (b, sum(need), inflow)

    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_2022.csv.",
         "# Do not edit by hand: change the script or the data and run it again.",
         "# Arrays by age band are [under 1, 1-4, 5-9, 10-15, 16-17] (DfE CLA age bands).", ""]
    src = f"DfE Characteristics of children in need 2022 ({SRC})"
    cla_src = f"DfE Children looked after in England 2022 ({SRC})"
    assume_age = "uniform single-year ages 0-17 (Assumption: no CIN/CP/referral age breakdown in scenarios/data)"
    entry(o, "referral.hazard", [h_ref] * 5, "probability per child-month",
          "Monthly probability of a referral to children's social care for a child not open to children's "
          "social care (not known, or on targeted early help)",
          f"referrals {referrals:.0f} / 12 / children who can be referred ({referable:.0f} = population "
          f"0-17 {pop:.0f} minus children in need {cin:.0f}: children not known plus those on early "
          f"help); {src}; ONS mid-2021 population; {assume_age}", 0, 1)
    ended = t("cin_episodes_ended")
    recent = (referrals * (p_nfa + p_nin) + ended) / referable
    entry(o, "referral.recent_share_start", recent, "probability",
          "Of the children not open to social care at the start (not known or on early help), "
          "the share referred in the 12 months before (their next referral would be a "
          "re-referral)",
          f"(referrals ending in no further action or not in need {referrals * (p_nfa + p_nin):.0f} "
          f"+ child in need episodes ended {ended:.0f}) / children who can be referred "
          f"{referable:.0f}, in 2021-22 (Assumption: each a different child, referred within the "
          f"year); {src}", 0, 1)
    entry(o, "referral.p_nfa", p_nfa, "probability",
          "Share of referrals that end in no further action",
          f"referrals_nfa {nfa:.0f} / referrals {referrals:.0f}; {src}", 0, 1)
    entry(o, "referral.p_not_in_need", p_nin, "probability",
          "Share of referrals assessed and found not to be in need",
          f"referrals_assessed_not_in_need {nin:.0f} / referrals {referrals:.0f}; {src}", 0, 1)
    entry(o, "referral.p_s47", p_s47, "probability",
          "Share of referrals that lead to a section 47 enquiry",
          f"s47_enquiries {s47:.0f} / referrals {referrals:.0f} (all s47 enquiries are placed at "
          f"referral in this first pathway); {src}", 0, 1)
    entry(o, "referral.p_care_direct", p_direct_b, "probability",
          "Share of referrals that lead straight into care (police protection, emergency "
          "protection order), by age band",
          f"{care_direct:.4f} of CLA starts (starts under police protection or an emergency protection order {detained:.0f} / "
          f"{starts_total_legal:.0f}, {cla_src}) x resident starts by age other than at birth {[round(x) for x in route_starts]} / referrals by age", 0, 1)
    entry(o, "s47.p_icpc", p_icpc, "probability",
          "Share of section 47 enquiries that lead to an initial child protection conference",
          f"icpc {icpc:.0f} / s47_enquiries {s47:.0f}; {src}", 0, 1)
    entry(o, "icpc.p_plan", p_plan, "probability",
          "Share of initial child protection conferences that start a child protection plan",
          f"cpp_started {cp_started:.0f} / icpc {icpc:.0f}; {src}", 0, 1)
    entry(o, "cin.close_hazard", [cin_close] * 5, "probability per child-month",
          "Monthly probability that a child in need episode (not on a plan, not looked after) closes",
          f"(inflow {cin_inflow:.0f} - care entries from CIN {care_from_cin * resident_starts:.0f}) / 12 "
          f"/ CIN neither CP nor CLA {s17:.0f}; inflow = referrals to CIN + s47 without plan + CP "
          f"step-downs; {src}; {cla_src}", 0, 1)
    entry(o, "cin.care_hazard", cin_care_b, "probability per child-month",
          "Monthly probability that a child in need (not on a plan) starts to be looked after",
          f"{care_from_cin:.4f} of resident starts by age other than at birth (remainder after CP and direct routes) / 12 / "
          f"CIN by age; {cla_src}; {assume_age}", 0, 1)
    repeat_pct = t("cpp_repeat_pct")
    entry(o, "cp.past_plan_per_child_year", cp_started * (1 - repeat_pct / 100) / pop,
          "per child-year",
          "First protection plans per child per year: a child at the start not on a plan has been "
          "on one before with probability min(1, age in years x this) (on a plan: 1)",
          f"cpp_started {cp_started:.0f} x (1 - cpp_repeat_pct {repeat_pct}%) / population 0-17 "
          f"{pop:.0f}, 2021-22 (Assumption: the same each year and at every age, each plan a "
          f"different child); {src}", 0, 1)
    entry(o, "cp.end_hazard", [cp_end] * 5, "probability per child-month",
          "Monthly probability that a child protection plan ends other than by entry to care",
          f"(cpp_started {cp_started:.0f} - CP entries to care {CARE_FROM_CP * resident_starts:.0f}) / 12 "
          f"/ cpp_at_31mar {cpp:.0f}; {src}", 0, 1)
    entry(o, "cp.care_hazard", cp_care_b, "probability per child-month",
          "Monthly probability that a child on a protection plan starts to be looked after",
          f"{CARE_FROM_CP} of resident starts by age other than at birth (seed 001 L1285: 65%/62% of White/Mixed entrants had "
          f"a prior CP plan, 39%/36% Black/Asian; 0.60 is the all-children share implied by White "
          f"children being most entrants, an Assumption) / 12 / CP plans by age; {cla_src}; "
          f"{assume_age}", 0, 1)
    entry(o, "cp.p_step_down_to_cin", CP_STEP_DOWN, "probability",
          "Share of plans ending (not into care) that step down to a child in need episode",
          "Assumption: no figure in scenarios/data or the seeds; chosen as 0.5 pending the "
          "calibration issue", 0, 1)
    entry(o, "early_help.end_hazard", [eh_end] * 5, "probability per child-month",
          "Monthly probability that targeted early help ends",
          f"1 / {EH_MEAN_MONTHS:g} months mean duration. Assumption: no duration figure in "
          "scenarios/data or the seeds", 0, 1)
    entry(o, "early_help.entry_hazard", [eh_entry] * 5, "probability per child-month",
          "Monthly probability that a child not known to children's social care starts targeted early "
          "help",
          f"early help stock {EH_STOCK:.0f} (population.early_help_stock, seed 001 L715) x (end + "
          f"referral probability x share of referrals that open a case {opens:.4f}) / children "
          f"not known {sum(dormant_b):.0f}: holds the stock steady", 0, 1)
    entry(o, "care_entry.at_birth_probability", p_birth, "probability per birth",
          "Probability that a newborn is looked after from birth (after a pre-birth assessment); "
          "times the LA's care-entry multiplier and the care-entry trend",
          f"share of under-1 starts at birth {phi:.3f} x under-1 starts {starts_age[0]:.0f} / births "
          f"a year {births:.0f} (population 0-17 / 18). The share solves under-1 stock "
          f"{stock_age[0]:.0f} = starts x (share x {at_birth_time:.3f} + (1 - share) x "
          f"{uniform_time:.3f}), the years under 1 in care of an entrant at birth and at a "
          f"uniform age with the under-1 exit rate {h_u1:.3f} a year; {cla_src}", 0, 1)
    entry(o, "early_help.stock_per_child_in_need", EH_STOCK / cin, "ratio",
          "Children on targeted early help per child in need at 31 March: an LA's early help "
          "stock at the start is its children in need times this",
          f"early help stock {EH_STOCK:.0f} (population.early_help_stock, seed 001 L715) / "
          f"children in need {cin:.0f}; {src}", 0, 100)
    entry(o, "cla.stock_age_shares", [x / cla_resident for x in stock_age],
          "share of resident children looked after",
          "Children looked after at 31 March 2022 other than unaccompanied children, by age band: "
          "places the starting stock",
          f"cla_31mar_age minus UASC (10-15: {uasc - uasc_16:.0f}, 16-17: {uasc_16:.0f}, see "
          f"uasc.arrival_age_years) {[round(x) for x in stock_age]} / {cla_resident:.0f}; "
          f"{cla_src}", 0, 1)
    entry(o, "cla.exit_hazard", cla_exit_b, "probability per child-month",
          "Monthly probability of leaving care before the 18th birthday other than by adoption, "
          "for a child not under a placement order, by age band (times its legal status's "
          "factor, proceedings.hpp)",
          f"ceased by age (excluding at 18) {[round(x) for x in ceased_age]} minus adopted by age "
          f"at adoption {[round(x) for x in adopted_age]}, / 12 / (CLA at 31 March by age "
          f"{[round(x) for x in stock_age]} minus the placement orders spread over the bands "
          f"{[round(x) for x in po_b]}); {cla_src}", 0, 1)
    entry(o, "cla.exit_share_adoption", adopt_share, "probability",
          "Share of exits from care before 18 that are adoptions, by age band. Not a model "
          "input: adoptions come from placement orders, not from these exits; "
          "scenarios/tools/derive_parameters.py writes these values as the shape of "
          "proceedings.placement_order_share, which the model reads",
          f"adopted by age at adoption {adopted_age} / ceased by age; {cla_src}", 0, 1,
          model_input=False)
    entry(o, "cla.exit_share_sgo", sgo_share, "probability",
          "Share of exits from care before 18, other than adoptions, that are special "
          "guardianship orders, by age band",
          f"SGO by age at order {sgo_age} / ceased by age other than adopted; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_cao", cao_share, "probability",
          "Share of exits from care before 18, other than adoptions, that are child arrangements "
          "(residence) orders",
          f"remainder after adoption and SGO x CAO {cao:.0f} / all non-18 exits other than adoption "
          f"and SGO {non18_rest:.0f}, over the exits other than adoption; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_home", home_share, "probability",
          "Share of exits from care before 18, other than adoptions, that are returns to parents "
          "or relatives",
          f"remainder after adoption and SGO x returns home {home:.0f} / {non18_rest:.0f}, over the "
          f"exits other than adoption; the rest (other LA, custody, other reasons) leave as "
          f"'other'; {cla_src}", 0, 1)
    entry(o, "cla.returned_home_per_child_year", home / pop, "per child-year",
          "Children going home from care per child per year: a resident child at the start who is "
          "not looked after has gone home from care before with probability min(1, age in years x "
          "this), and so carries the raised referral risk (calibration.past_plan_factor)",
          f"returns home (to parents, relatives or others) {home:.0f} / population 0-17 {pop:.0f}, "
          f"2021-22 (Assumption: the same each year and at every age, each return a different "
          f"child, none back in care; the data has no count of children who have gone home); "
          f"{cla_src}", 0, 1)
    # Category of need (N1-N8) of resident children: unaccompanied children are N8 (absent
    # parenting), so the year's arrivals come off the N8 starts and the UASC stock off N8's stock.
    def by_need(measure, uasc_n8):
        rows = sorted((k[1], x) for k, x in v.items() if k[0] == measure and k[1][:1] == "N")
        counts = [x for _, x in rows]
        assert [k[:2] for k, _ in rows] == [f"N{n}" for n in range(1, 9)], rows
        counts[7] = max(0.0, counts[7] - uasc_n8)
        return counts
    need_starts = by_need("cla_started_by_need", uasc_arrivals)
    need_stock = by_need("cla_31mar_category_of_need", uasc)
    entry(o, "need.entry_share", [x / sum(need_starts) for x in need_starts],
          "share of resident starts",
          "Category of need of resident children starting to be looked after: N1 abuse or "
          "neglect, N2 disability, N3 parental illness or disability, N4 family in acute stress, "
          "N5 family dysfunction, N6 socially unacceptable behaviour, N7 low income, N8 absent "
          "parenting (unaccompanied children are N8); the same at every age (Assumption: the data "
          "has no need by age)",
          f"starts by category of need {[round(x) for x in need_starts]} (N8 minus the year's "
          f"{uasc_arrivals:.0f} unaccompanied arrivals); {cla_src}", 0, 1)
    entry(o, "need.stock_share", [x / sum(need_stock) for x in need_stock],
          "share of resident children looked after",
          "Category of need of the resident children looked after at the start (N1-N8 as "
          "need.entry_share); the same at every age (Assumption)",
          f"children looked after at 31 March 2022 by category of need "
          f"{[round(x) for x in need_stock]} (N8 minus the {uasc:.0f} unaccompanied children); "
          f"{cla_src}", 0, 1)
    other_16 = not_adopted[4] * (1 - sgo_share[4] - cao_share[4] - home_share[4])
    entry(o, "cla.left_care_at_16_17_per_child_year", other_16 / (pop * 2 / 18), "per child-year",
          "Children leaving care at 16 or 17 other than home or to an order (independent living, "
          "another LA, custody, other reasons), per child aged 16-17 a year: such a child is a "
          "relevant child and a care leaver from 18; a child of 16 or 17 at the start who is not "
          "looked after did so with probability min(1, years since 16 x this)",
          f"exits at 16-17 other than adoption {not_adopted[4]:.0f} x (1 - SGO, CAO and home "
          f"shares {sgo_share[4]:.4f}, {cao_share[4]:.4f}, {home_share[4]:.4f}) = {other_16:.0f} / "
          f"population aged 16-17 {pop * 2 / 18:.0f} (population 0-17 x 2 / 18), 2021-22 "
          f"(Assumption: the same each year, and the CAO and home shares of 16-17s' exits "
          f"England's split of the exits other than adoption and SGO, as cla.exit_share_*); "
          f"DfE counts as care leavers those looked after 13 "
          f"weeks since 14 including some time after 16; {cla_src}", 0, 1)
    for b, label in enumerate(["under_1", "1_to_4", "5_to_9", "10_to_15", "16_to_17"]):
        entry(o, f"placement.mix_{label}", mix[b], "probability",
              f"Placement on entry to care or after a move, age {BANDS[b]}: shares of "
              + ", ".join(PLACEMENTS),
              f"Solved so the band's stock mix (placement.stock_mix_{label}) would be steady "
              "under entries, exits, moves and ageing with uniform ages in the band (each "
              "placement: stock x (exit + move + ageing-out rates) - inflow from the band below, "
              "floored at 0, normalised; placed for adoption 0, the rest renormalised: children "
              "are placed for adoption from placement orders); calibration.placement_factor "
              "corrects it for the model's real ages and for what the solve leaves out (children "
              "leaving their placements when placed for adoption, kinship foster care's faster "
              f"exits to special guardianship); {cla_src}", 0, 1)
    for b, label in enumerate(["under_1", "1_to_4", "5_to_9", "10_to_15", "16_to_17"]):
        entry(o, f"placement.stock_mix_{label}", stock_mix[b], "probability",
              f"Placements of the children looked after at the start, age {BANDS[b]}: shares of "
              + ", ".join(PLACEMENTS),
              "CLA at 31 March 2022 by placement (kinship = foster with relative or friend; LA "
              "foster = own-provision foster minus kinship; agency = private + voluntary foster; "
              "children's home incl. secure) allocated to age bands in proportion to CLA by age, "
              "with supported accommodation 16-17 only and children's homes 10+ only "
              "(Assumption); of the children not placed for adoption (0 here, the rest "
              "renormalised: the children placed for adoption at the start are drawn from those "
              "under a placement order, proceedings.initial_placed_for_adoption_share)"
              f"; {cla_src}", 0, 1)
    entry(o, "placement.move_hazard", [move_h] * 5, "probability per child-month",
          "Monthly probability that a looked-after child moves placement",
          f"(children with 2 placements in the year {pin('With 2 placements during the year'):.0f}"
          f" + 2 x with 3 or more {pin('With 3 or more placements during the year'):.0f}: a lower "
          f"bound) / (children looked after at 31 March {pin('Total children'):.0f} - UASC "
          f"{uasc:.0f}, who are not moved) / 12; DfE CLA "
          "2022 (scenarios/data/england_history.csv, cla_31mar_placements_in_year); no age "
          "breakdown: the same in every band", 0, 1)
    entry(o, "uasc.arrivals_per_year", uasc_arrivals, "children per year",
          "Unaccompanied asylum-seeking children starting to be looked after in England a year",
          f"2021-22: steady-state leavers at 18 {uasc_steady:.0f} + rise in the stock "
          f"{uasc_prev:.0f} (2021) to {uasc:.0f} (2022); the steady state solves stock = X (18 - "
          f"youngest) / 2 and exits at 18 {ceased_18:.0f} = resident 16-17s / 2 + X with the 16+ "
          f"stock {stock_age_all[4]:.0f}. Corroborated by starts with need N8 absent parenting "
          f"(5,490), the category of nearly all UASC; {cla_src}; england_history.csv", 0, 1e5)
    entry(o, "uasc.england_stock", uasc, "children",
          "Unaccompanied children looked after in England at 31 March 2022: each LA's arrivals "
          "are uasc.arrivals_per_year times its own figure over this",
          f"cla_uasc_at_31mar {uasc:.0f}; DfE via LAIT ({SRC})", 0, 1e6)
    entry(o, "uasc.arrival_age_years", [uasc_lo, 18.0], "years",
          "Unaccompanied children arrive at ages uniform between these, and stay looked after "
          "until 18 (Assumption: no age-at-arrival data; see uasc.arrivals_per_year)",
          f"youngest solved with uasc.arrivals_per_year from the UASC stock {uasc:.0f}, "
          f"the 16+ stock and exits at 18; {cla_src}", 0, 18)

    # Homes after care: adopted children, special guardianship and kinship child arrangements.
    # The SGO age distribution at order is used for orders made outside care too (Assumption).
    sgo_share_b = [x / sum(sgo_age) for x in sgo_age]
    moj = []
    with open(DATA / "england_sgo_orders_moj.csv", newline="") as f:
        for r in csv.DictReader(f):
            moj.append((int(r["calendar_year"]), float(r["public_law_sgo_children"]),
                        float(r["private_law_sgo_children"])))
    public = sum(m[1] for m in moj) / len(moj)
    private = sum(m[2] for m in moj) / len(moj)
    sgo_years = range(2018, 2023)
    sgo_care = sum(h[(y, "cla_ceased_sgo", "total")] for y in sgo_years) / len(sgo_years)
    public_outside = max(0.0, public - sgo_care)
    order_cp = [public_outside * sgo_share_b[i] / 12 / cp_b[i] for i in range(5)]
    order_nk = [private * sgo_share_b[i] / 12 / dormant_b[i] for i in range(5)]
    moj_src = ("MoJ Family Court Statistics, children subject to SGOs, England and Wales, calendar "
               f"{moj[0][0]}-{moj[-1][0]} (scenarios/data/england_sgo_orders_moj.csv), applied to "
               "England unscaled (Assumption: overstates by Wales' share)")
    entry(o, "kinship.order_hazard_protection", order_cp, "probability per child-month",
          "Monthly probability that a child on a protection plan (not looked after) becomes subject "
          "to a special guardianship order in public law proceedings",
          f"(public law SGO children a year {public:.0f} - SGO exits from care {sgo_care:.0f}, "
          "mean 2018-2022) x age at order shares / 12 / CP plans by age; " + moj_src, 0, 1)
    entry(o, "kinship.order_hazard_not_known", order_nk, "probability per child-month",
          "Monthly probability that a child not known to children's social care becomes subject to "
          "a special guardianship order in private law",
          f"private law SGO children a year {private:.0f} x age at order shares / 12 / children "
          "not known by age; " + moj_src, 0, 1)
    entry(o, "kinship.p_order_cao", 0.0, "probability",
          "Share of kinship orders made outside care that are child arrangements orders to a "
          "relative rather than SGOs",
          "0: no count exists (seed 001 L1806: 'Reliable data does not exist on the number of SGO "
          "and CAO kinship carers'; L1790: most CAOs are to separating parents, out of scope)",
          0, 1)
    # Stocks at the start. SGO: seed 001 L1800, over 25,000 children at 31 March 2018 living in
    # families that sought an SGO; four cohorts of 18 have aged out by 2022 (ages uniform,
    # Assumption); SGOs since, from care and outside it, are added (none aged out).
    sgo_added = sum(h[(y, "cla_ceased_sgo", "total")] for y in range(2019, 2023)) \
        + 4 * (public_outside + private)
    sgo_stock = 25000 * 14 / 18 + sgo_added
    entry(o, "kinship.sgo_stock_start", sgo_stock, "children",
          "Children under 18 living under a special guardianship order at 31 March 2022",
          f"25,000 at 31 March 2018 (seed 001 L1800) x 14/18 still under 18 in 2022 (ages "
          f"uniform, Assumption) + SGO exits from care 2019-2022 + 4 years of SGOs outside care "
          f"({public_outside + private:.0f} a year) = {sgo_stock:.0f}; {cla_src}; " + moj_src,
          0, 1e6)
    # Adopted children under 18: each year's adoptions since 2004-05, ages at adoption as in 2022
    # (uniform within band), still under 18 at 31 March 2022.
    adopt_age = [v[("cla_adopted_detail", f"Age at adoption: {k}")] for k in
                 ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years"]]
    bands_lo, bands_hi = [0, 1, 5, 10], [1, 5, 10, 16]

    def under_18(years_since):
        frac = 0.0
        for i in range(4):
            lo, hi = bands_lo[i] + years_since, bands_hi[i] + years_since
            frac += adopt_age[i] / sum(adopt_age) * max(0.0, min(1.0, (18 - lo) / (hi - lo)))
        return frac

    def adopted_under_18(year):
        return sum(h[(y, "cla_adopted", "total")] * under_18(year - y + 0.5)
                   for y in range(2005, year + 1))

    adopted = adopted_under_18(2022)
    entry(o, "kinship.adopted_stock_start", adopted, "children",
          "Children under 18 adopted from care, at 31 March 2022",
          "adoptions 2004-05 to 2021-22 x share still under 18 at 31 March 2022 (ages at adoption "
          f"as in 2022: {adopt_age}, uniform within band; Assumption) = {adopted:.0f}; DfE CLA "
          "time series (scenarios/data/england_history.csv)", 0, 1e6)
    cao_rest = cao * sum(rest_b) / non18_rest
    mean_age_sgo = sum(sgo_share_b[i] * m for i, m in enumerate([0.5, 3, 7.5, 13, 16.5]))
    cao_stock = cao * (18 - mean_age_sgo)
    entry(o, "kinship.cao_stock_start", cao_stock, "children",
          "Children under 18 living with a relative under a child arrangements order made on "
          "leaving care, at 31 March 2022",
          f"CAO exits from care {cao:.0f} a year x years left to 18 at the mean SGO age at order "
          f"{mean_age_sgo:.1f} (steady state, Assumption: no count exists, seed 001 L1806); "
          f"{cla_src}", 0, 1e6)
    OUT.write_text("\n".join(o))
    write_leaving_care(h)
    drivers = {
        "residential_care": (stock_t["childrens_home"] + stock_t["other_residential"],
                             "children in children's homes, secure units and other residential "
                             "settings at 31 March 2022"),
        "fostering": (stock_t["kinship_foster"] + stock_t["la_foster"] + stock_t["agency_foster"],
                      "children in foster placements (kinship, LA, agency) at 31 March 2022"),
        "adoption_services": (stock_t["placed_for_adoption"],
                              "children placed for adoption at 31 March 2022"),
        "special_guardianship_support": (sgo_stock, "children under an SGO "
                                         "(kinship.sgo_stock_start)"),
        "other_looked_after": (cla, "children looked after at 31 March 2022"),
        "family_and_friends": (cao_stock, "children under a kinship child arrangements order "
                               "(kinship.cao_stock_start)"),
        "leaving_care": (7 / 3 * t("care_leavers_19_21"), "care leavers aged 18-24: 7/3 x those "
                         "aged 19-21 (as leaving_care.initial_cohort_per_leaver_19_21)"),
        "asylum_seekers": (uasc, "unaccompanied children looked after at 31 March 2022"),
        "social_work": (cin, "children in need at 31 March 2022 (DfE's divisor for its social "
                        "work unit cost)"),
        "targeted_family_support": (EH_STOCK, "children on targeted early help "
                                    "(population.early_help_stock)"),
    }
    write_ledger(drivers)
    write_proceedings(v, uasc, uasc_arrivals, adopt_share, starts_age, stock_age)
    groups = write_groups(h, uasc_lo)
    write_history(h, uasc_lo, uasc_arrivals, adopted_under_18, sgo_care, public_outside + private,
                  stock_mix_2017, groups)


GROUPS = Path("scenarios/parameters/groups.toml")
GROUP_YEARS = range(2018, 2023)  # the years of the starts' detail by ethnicity and sex


def uasc_arrivals_of(h, y, uasc_lo):
    """Unaccompanied arrivals in the year to 31 March y: the year's leavers at 18 (stock / mean
    stay, as in the steady state) plus the change in the stock (as write_history's events)."""
    stock, before = h[(y, "cla_uasc_at_31mar", "total")], h[(y - 1, "cla_uasc_at_31mar", "total")]
    return stock / ((18 - uasc_lo) / 2) + stock - before


def simplex_projection(x):
    """The nearest point to x with non-negative entries adding up to 1 (Euclidean)."""
    s = sorted(x, reverse=True)
    cum, theta = 0.0, 0.0
    for k, v in enumerate(s, 1):
        cum += v
        if v - (cum - 1) / k > 0:
            theta = (cum - 1) / k
    return [max(0.0, v - theta) for v in x]


def resident_and_uasc_mix(residents, arrivals, counts):
    """Mixes r (resident starts) and q (unaccompanied arrivals), each on the simplex, minimising
    sum over years and groups of (r_g x residents_y + q_g x arrivals_y - counts_yg)^2 (scaled by
    the year's starts): projected gradient descent, deterministic. Returns r, q and the largest
    error as a share of the year's group."""
    n = len(counts[0])
    years = range(len(counts))
    total = [residents[y] + arrivals[y] for y in years]
    a = [residents[y] / total[y] for y in years]
    b = [arrivals[y] / total[y] for y in years]
    c = [[counts[y][g] / total[y] for g in range(n)] for y in years]
    r, q = [1.0 / n] * n, [1.0 / n] * n
    step = 0.5 / max(sum(x * x for x in a), sum(x * x for x in b))
    for _ in range(20000):
        gr = [sum(2 * a[y] * (r[g] * a[y] + q[g] * b[y] - c[y][g]) for y in years) for g in range(n)]
        gq = [sum(2 * b[y] * (r[g] * a[y] + q[g] * b[y] - c[y][g]) for y in years) for g in range(n)]
        r = simplex_projection([r[g] - step * gr[g] for g in range(n)])
        q = simplex_projection([q[g] - step * gq[g] for g in range(n)])
    worst = max(abs(r[g] * residents[y] + q[g] * arrivals[y] - counts[y][g]) / counts[y][g]
                for y in years for g in range(n) if counts[y][g] > 0)
    return r, q, worst


def group_mixes(h, uasc_lo):
    """The ethnic and sex mixes of resident starts and of unaccompanied arrivals, 2018-2022, and
    the resident mixes of 2021-22 and of the five years together given the arrivals' mix."""
    sys.path.insert(0, str(Path(__file__).parent))
    import series
    counts = [series.group_counts(h, "entries_to_care", y) for y in GROUP_YEARS]
    totals = [sum(c[1].values()) for c in counts]
    arrivals = [uasc_arrivals_of(h, y, uasc_lo) for y in GROUP_YEARS]
    residents = [t - u for t, u in zip(totals, arrivals)]
    out = {}
    for kind, names in (("ethnicity", series.ETHNICITIES), ("sex", series.SEXES)):
        k = 0 if kind == "ethnicity" else 1
        table = [[c[k][g] for g in names] for c in counts]
        r, q, worst = resident_and_uasc_mix(residents, arrivals, table)
        # Resident mixes given q: the starts less the arrivals' share, in 2021-22 and pooled.
        def resident(years):
            left = [max(0.0, sum(table[y][g] - q[g] * arrivals[y] for y in years))
                    for g in range(len(names))]
            return [x / sum(left) for x in left]
        out[kind] = {"fit": r, "uasc": q, "worst": worst, "2022": resident([len(table) - 1]),
                     "pooled": resident(range(len(table))), "table": table}
    out["arrivals"], out["residents"] = arrivals, residents
    return out


def write_groups(h, uasc_lo):
    """scenarios/parameters/groups.toml: the sex and ethnicity mixes children looked after are
    drawn from on their first entry to care."""
    g = group_mixes(h, uasc_lo)
    years = f"{GROUP_YEARS[0] - 1}-{GROUP_YEARS[0] % 100:02d} to 2021-22"
    src = ("DfE Children looked after in England 2022, starts by ethnicity and by gender "
           "(cla_started_detail, EES_CLA2022; scenarios/data/england_history.csv)")
    fit = (f"fitted: starts of each year {years} = resident mix x resident starts + arrivals' mix x "
           f"unaccompanied arrivals (stock / mean stay + change: "
           f"{[round(x) for x in g['arrivals']]}), least squares with each mix on the simplex "
           f"(scenarios/tools/derive_parameters.py)")
    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_history.csv.",
         "# The calibrated factors by group are in calibration.toml.", ""]
    eth = g["ethnicity"]
    entry(o, "group.resident_entry_ethnicity", eth["2022"], "share of resident starts",
          "Ethnic group of resident children starting to be looked after: white, mixed, asian, "
          "black, other (DfE's five groups; refused or not yet obtained spread pro rata); drawn "
          "once per family on a child's first entry to care",
          f"2021-22 starts by ethnicity {[round(x) for x in eth['table'][-1]]} less the "
          f"unaccompanied arrivals x group.uasc_ethnicity; {src}", 0, 1)
    entry(o, "group.uasc_ethnicity", eth["uasc"], "share of unaccompanied children",
          "Ethnic group of unaccompanied children (white, mixed, asian, black, other); the data has "
          "no starts by ethnicity and unaccompanied status together",
          f"{fit}; largest error {eth['worst']:.1%} of a year's group; the resident mix of the "
          f"fit: {[round(x, 4) for x in eth['fit']]}; {src}", 0, 1)
    sex = g["sex"]
    entry(o, "group.resident_entry_male", sex["2022"][1], "share of resident starts",
          "Share of resident children starting to be looked after who are boys",
          f"2021-22 starts by gender {[round(x) for x in sex['table'][-1]]} (female, male) less the "
          f"unaccompanied arrivals x group.uasc_male; {src}", 0, 1)
    entry(o, "group.uasc_male", sex["uasc"][1], "share of unaccompanied children",
          "Share of unaccompanied children who are boys; the data has no starts by gender and "
          "unaccompanied status together",
          f"{fit}; largest error {sex['worst']:.1%} of a year's group; the resident share of the "
          f"fit: {sex['fit'][1]:.4f}; {src}", 0, 1)
    GROUPS.write_text("\n".join(o))
    return g


# Children placed for adoption with their parents' consent (Adoption and Children Act 2002
# section 19), not under a placement order: the model's placement order status stands for the
# route to adoption, so they count with the placement orders (and are taken out of section 20,
# under which a child placed with consent is accommodated: Assumption).
CONSENT_PLACEMENTS = ["2a Placed for adoption with consent with current foster carer",
                      "2c Placed for adoption with consent not with current foster carer"]
ORDER_PLACEMENTS = ["2b Placed for adoption with placement order with current foster carer",
                    "2d Placed for adoption with placement order not with current foster carer"]


def legal_stock_shares(stock, uasc, consent):
    """Resident children looked after by legal status (voluntary, interim order, care order,
    placement order, youth justice) from DfE's 31 March groups; the unaccompanied children are
    taken out of the voluntary group (they are accommodated under section 20), and the children
    placed for adoption with consent (consent) moved from it to the placement orders."""
    groups = [stock["Voluntary agreements under S20 CA 1989"] - uasc - consent,
              stock["Interim care order"] + stock["Detained for child protection"],
              stock["Full care order"], stock["Placement order granted"] + consent,
              stock["Youth justice legal statuses"]]
    return [x / sum(groups) for x in groups], groups


def placed_for_adoption(detail):
    """(placed with consent, placed under a placement order) at 31 March from a year's
    cla_31mar_placement_detail as {line: value}."""
    return sum(detail[k] for k in CONSENT_PLACEMENTS), sum(detail[k] for k in ORDER_PLACEMENTS)


def write_proceedings(v, uasc, uasc_arrivals, adopt_share, starts_age, stock_age):
    """scenarios/parameters/proceedings.toml: legal status on entry and at the start, the length of
    care proceedings and placement orders. starts_age and stock_age are the resident children's
    starts in 2021-22 and stock at 31 March 2022 by age band."""
    src = "DfE Children looked after in England 2022 (scenarios/data/england_2022.csv)"
    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_2022.csv.",
         "# Do not edit by hand: change the script or the data and run it again.",
         "# The calibrated proceedings parameters are in calibration.toml.", ""]
    st = {k[1]: x for k, x in v.items() if k[0] == "cla_started_by_legal_status"}
    voluntary = st["Voluntary agreement under S20"] - uasc_arrivals
    order = st["Interim care order"] + st["Full care order"] + st["Placement order granted"]
    detained = (st["Emergency protection order"] + st["Police protection in LA accommodation"]
                + st["Child assessment order and in LA accommodation"])
    youth = st["Remand"] + st["LA accommodation under PACE 1989"]
    starts = [voluntary, order, detained, youth]
    entry(o, "proceedings.entry_shares", [x / sum(starts) for x in starts], "probability",
          "Legal status of resident children starting to be looked after: voluntary (section 20), "
          "court order (interim or full care order, placement order), detained (police "
          "protection, emergency protection or child assessment order), youth justice (remand, "
          "PACE); unaccompanied children arrive under section 20 apart from these",
          f"starts by legal status 2021-22: section 20 {st['Voluntary agreement under S20']:.0f} "
          f"minus unaccompanied arrivals {uasc_arrivals:.0f} (uasc.arrivals_per_year), court "
          f"order {order:.0f}, detained {detained:.0f}, youth justice {youth:.0f}; {src}", 0, 1)
    entry(o, "proceedings.p_detained_to_order", order / (order + voluntary), "probability",
          "Of the children detained for their protection on entry (police protection lasts 72 "
          "hours, an emergency protection order 8 days), who then come under an interim care order "
          "(the rest stay by agreement under section 20)",
          f"Assumption: as the other resident starts, court order {order:.0f} / (court order + "
          f"section 20 {voluntary:.0f}); the data has no follow-on status. 40 children were "
          f"detained at 31 March 2022, so detention does last under a month; {src}", 0, 1)
    entry(o, "proceedings.within_26_weeks", 0.24, "probability",
          "Share of care proceedings completed within 26 weeks (the statutory limit): with "
          "calibration.proceedings_median_months it sets the spread of their log-normal length",
          "seed 001 L1690: 'Between July and September 2021, only 24% of public law cases were "
          "completed within the 26 weeks required under the Children and Families Act 2014'",
          0, 0.5)
    entry(o, "proceedings.placement_order_share", adopt_share, "probability",
          "Shape by age band [under 1, 1-4, 5-9, 10-15, 16-17] of the share of proceedings ending "
          "with the child in care that end in a placement order (times "
          "calibration.placement_order_factor); also spreads the placement orders of the "
          "starting stock over the bands",
          "the adoption share of exits by age band (cla.exit_share_adoption): adoptions come "
          f"only from placement orders, 97% of them (2,860 of 2,950 in 2021-22); {src}", 0, 1)
    adopted_po = v[("cla_adopted_detail", "Final legal status: Placement order")]
    adopted = v[("cla_adopted", "total")]
    stock = {k[1]: x for k, x in v.items() if k[0] == "cla_31mar_legal_status"}
    po = stock["Placement order granted"]
    consent, placed_po = placed_for_adoption(
        {k[1]: x for k, x in v.items() if k[0] == "cla_31mar_placement_detail"})
    placed, waiting = consent + placed_po, po - placed_po
    # Placements per child waiting each year (adoptions / (placement orders - placed under one),
    # the 2022 release's detail): about constant, so the placement step has no trend.
    h = load_history()
    per_year = [h[(y, "cla_adopted", "total")]
                / (h[(y, "cla_31mar_legal_status_detail", "Placement order granted")]
                   - placed_for_adoption({k: x for (yy, m, k), x in h.items()
                                          if yy == y and m == "cla_31mar_placement_detail"})[1])
                for y in range(2018, 2023)]
    steady = (f"(in the steady state as many children are placed as are adopted; adoptions per "
              f"child waiting, the year's adoptions / (placement orders - placed for adoption "
              f"under one) at 31 March, were {', '.join(f'{x:.2f}' for x in per_year)} a year in "
              f"2018-2022, scenarios/data/england_history.csv)")
    # The year's children at risk: the mean of the stocks at 31 March 2021 and 2022, both from
    # the 2022 release's detail (one vintage; 2022's stock alone overstates the rate when it falls).
    def at_risk(y):
        consent_y, placed_po_y = placed_for_adoption(
            {k: x for (yy, m, k), x in h.items() if yy == y and m == "cla_31mar_placement_detail"})
        po_y = h[(y, "cla_31mar_legal_status_detail", "Placement order granted")]
        return consent_y + placed_po_y, po_y - placed_po_y, po_y, placed_po_y
    placed_21, waiting_21, po_21, placed_po_21 = at_risk(2021)
    placed_22, waiting_22, po_22, placed_po_22 = at_risk(2022)
    placed_mean, waiting_mean = (placed_21 + placed_22) / 2, (waiting_21 + waiting_22) / 2
    # A monthly share of a stock leaving is a probability p; the model's monthly hazard is
    # -ln(1 - p), as for the other routes (its dwell takes the whole months of an exponential).
    hazard = lambda flow, at_risk: -math.log(1 - flow / at_risk / 12)
    entry(o, "proceedings.adoption_placement_hazard", hazard(adopted, waiting_mean),
          "hazard per child-month",
          "Monthly hazard that a child under a placement order who is not yet placed for adoption "
          "is placed with prospective adopters (placed for adoption); while waiting the child "
          "stays in its placement",
          f"-ln(1 - p), p = adoptions 2021-22 {adopted:.0f} / children under a placement order "
          f"not placed for adoption, the mean of 31 March 2021 ({po_21:.0f} - {placed_po_21:.0f}) "
          f"and 2022 ({po_22:.0f} - {placed_po_22:.0f}): placement orders "
          f"(cla_31mar_legal_status_detail) - placed for adoption under one "
          f"(cla_31mar_placement_detail 2b + 2d), scenarios/data/england_history.csv / 12 "
          f"{steady}; {src}", 0, 1)
    entry(o, "proceedings.adoption_hazard", hazard(adopted, placed_mean), "hazard per child-month",
          "Monthly hazard that a child placed for adoption is adopted (the adoption order: the only "
          "way a child under a placement order leaves care in the model, and the only way to "
          "adoption); on trend.adoption_speed",
          f"-ln(1 - p), p = adoptions 2021-22 {adopted:.0f} (of which from a placement order "
          f"{adopted_po:.0f}: the others, placed with consent, are folded in) / children placed "
          f"for adoption, the mean of 31 March 2021 ({placed_21:.0f}) and 2022 "
          f"({placed_22:.0f}, {placed_22 / placed_21 - 1:+.1%}; cla_31mar_placement_detail 2a-2d, "
          f"those with consent, 2a + 2c, counted under placement orders: "
          f"proceedings.stock_shares; scenarios/data/england_history.csv) / 12; {src}", 0, 1)
    entry(o, "proceedings.initial_placed_for_adoption_share", placed / (po + consent),
          "probability",
          "Of the children under a placement order at the start (with those placed with consent), "
          "the share placed for adoption (the others wait for adopters in another placement)",
          f"placed for adoption {placed:.0f} / (placement orders {po:.0f} + placed with consent "
          f"{consent:.0f}) at 31 March 2022; {src}", 0, 1)
    remand_stock = stock["Youth justice legal statuses"]
    entry(o, "proceedings.youth_justice_months", 12 * remand_stock / youth, "months",
          "Mean months a child on remand (or under PACE) is looked after under that status before "
          "staying by agreement (section 20)",
          f"12 x children looked after under youth justice statuses at 31 March 2022 "
          f"{remand_stock:.0f} / such starts in 2021-22 {youth:.0f} (stock / inflow); {src}",
          0, 216)
    entry(o, "proceedings.median_months", 10.0, "months",
          "Median length of care proceedings for a looked-after child, from the interim care "
          "order to the final order (log-normal, spread set by proceedings.within_26_weeks)",
          "Assumption: neither the seeds nor shared/data give a length, only the 24% completed "
          "within 26 weeks (seed 001 L1690). Ten months is a log-normal median whose mean is "
          "about 48 weeks, the order of the Ministry of Justice's published average for care "
          "cases in 2021 (Family Court Statistics Quarterly; to be replaced by the series "
          "when it is added to the data)", 6, 60)
    shares, groups = legal_stock_shares(stock, uasc, consent)
    entry(o, "proceedings.stock_shares", shares, "share of resident children looked after",
          "Legal status of the resident children looked after at the start: voluntary (section "
          "20), interim care order (with the few detained), care order, placement order (with the "
          "children placed for adoption with consent), youth justice",
          f"children looked after at 31 March 2022 by legal status {[round(x) for x in groups]} "
          f"(section 20 minus the {uasc:.0f} unaccompanied children and the {consent:.0f} placed "
          f"for adoption with consent, who are counted with the placement orders: Assumption, "
          f"they are accommodated under section 20); {src}", 0, 1)
    Path("scenarios/parameters/proceedings.toml").write_text("\n".join(o))


def write_history(h, uasc_lo, uasc_arrivals, adopted_under_18, sgo_care, sgo_outside,
                  stock_mix_2017, groups):
    """scenarios/history.toml (a run from 1 April 2017 to 31 March 2022) and its dated events,
    scenarios/data/history_events.csv."""
    g = lambda y, m, k="total": h[(y, m, k)]
    mean_stay = (18 - uasc_lo) / 2
    ev = [["event", "group", "first_year", "last_year", "factor", "source"]]
    # Each event's factor is a parameter (scenarios/parameters/events.toml): its first value is
    # derived here from the data; calibrate.py --stage history then fits it to the year's figure.
    factors = ["# Generated by scenarios/tools/derive_parameters.py; the values are then fitted by",
               "# scenarios/tools/calibrate.py --stage history (which owns them once fitted).",
               "# Factors of the dated events in scenarios/data/history_events.csv.", ""]
    # Unaccompanied arrivals each year: the year's leavers at 18 (stock / mean stay, as in the
    # steady state) plus the change in the stock; relative to 2021-22's, which the parameter is.
    # From 2016-17, the history's LA table year (its starts include that year's arrivals).
    for y in range(2017, 2023):
        stock, before = g(y, "cla_uasc_at_31mar"), g(y - 1, "cla_uasc_at_31mar")
        arrivals = uasc_arrivals_of(h, y, uasc_lo)
        name = f"uasc_arrivals_{y - 1}_{y % 100:02d}"
        how = (f"UASC looked after {before:.0f} (31 March {y - 1}) -> {stock:.0f} ({y}): arrivals = "
               f"stock / mean stay {mean_stay:.3f} years + change = {arrivals:.0f}, over 2021-22's "
               f"{uasc_arrivals:.0f}; DfE CLA via LAIT (scenarios/data/england_history.csv)")
        ev.append([name, "uasc_arrivals", y, y, f"event.{name}", how])
        entry(factors, f"event.{name}", arrivals / uasc_arrivals, "ratio",
              f"Unaccompanied arrivals in {y - 1}-{y % 100:02d} relative to uasc.arrivals_per_year",
              how, 0, 10)
    # The 2020-21 pandemic: each flow's dip below the geometric mean of the years either side.
    pandemic_years = (2020, 2021, 2022)
    dip = lambda v: v[2021] / (v[2020] * v[2022]) ** 0.5

    def pandemic_event(group, factor, description, how):
        ev.append(["covid_19_pandemic", group, 2021, 2021, f"event.covid_19_pandemic.{group}", how])
        entry(factors, f"event.covid_19_pandemic.{group}", factor, "ratio", description, how, 0, 2)

    dips = {}
    for group, measure, what in [("referral", "referrals", "referrals"),
                                 ("care_entry", "cla_started", "starts of care"),
                                 ("care_exit", "cla_ceased", "children ceasing care")]:
        v = {y: g(y, measure) for y in pandemic_years}
        dips[group] = dip(v)
        pandemic_event(group, dips[group], f"Factor on the {group} rates in 2020-21 (the pandemic)",
                       f"COVID-19 lockdowns and court delays, 2020-21: {what} {v[2021]:.0f} against "
                       f"{v[2020]:.0f} in 2019-20 and {v[2022]:.0f} in 2021-22 (factor = 2020-21 / "
                       "their geometric mean); DfE CIN census and CLA "
                       "(scenarios/data/england_history.csv)")
    # Children in need episodes were kept open: closures per child in need (the mean of the
    # stocks at either end of the year) against the geometric mean of the years either side.
    mean_cin = lambda y: (g(y - 1, "cin_at_31mar") + g(y, "cin_at_31mar")) / 2
    # (2017-18 too: the pandemic's second year below is measured against the trend from it.)
    closing = {y: g(y, "cin_episodes_ended") / mean_cin(y) for y in (2018,) + pandemic_years}
    pandemic_event(
        "cin_close", dip(closing),
        "Factor on the closure of child in need episodes in 2020-21 (the pandemic)",
        f"COVID-19 lockdowns, 2020-21: child in need episodes ended per child in need (mean of "
        f"31 March either side) {closing[2021]:.3f} against {closing[2020]:.3f} in 2019-20 and "
        f"{closing[2022]:.3f} in 2021-22 (factor = 2020-21 / their geometric mean); DfE CIN "
        "census (scenarios/data/england_history.csv)")
    # Special guardianship orders did not dip: courts kept making them while other exits fell,
    # so the pandemic adds SGO exits back against the care_exit factor (sgo_exit group).
    sgo = {y: g(y, "cla_ceased_sgo") for y in pandemic_years}
    pandemic_event(
        "sgo_exit", dip(sgo) / dips["care_exit"],
        "Factor on exits to special guardianship in 2020-21 (the pandemic): added to the exits "
        "from care, which the care_exit factor cuts",
        f"COVID-19 lockdowns and court delays, 2020-21: exits to special guardianship "
        f"{sgo[2021]:.0f} against {sgo[2020]:.0f} in 2019-20 and {sgo[2022]:.0f} in 2021-22, while "
        f"all exits fell by the care_exit factor {dips['care_exit']:.3f} (factor = 2020-21 / their "
        "geometric mean / that factor); DfE CLA (scenarios/data/england_history.csv)")
    # Adoption orders slowed too (courts): adoptions per child placed for adoption at 31 March,
    # against the geometric mean of the years either side.
    speed = {y: g(y, "cla_adopted") / g(y, "cla_31mar_placement", "Placed for adoption")
             for y in pandemic_years}
    pandemic_event(
        "adoption_speed", dip(speed),
        "Factor on the hazard of adoption of a child placed for adoption (the adoption order) in "
        "2020-21 (the pandemic)",
        f"COVID-19 lockdowns and court delays, 2020-21: adoptions per child placed for adoption "
        f"{speed[2021]:.3f} against {speed[2020]:.3f} in 2019-20 and {speed[2022]:.3f} in "
        "2021-22 (factor = 2020-21 / their geometric mean); DfE CLA "
        "(scenarios/data/england_history.csv)")
    # Fewer placement orders were made (courts): those made in a year are the year's adoptions
    # plus the change in the stock under a placement order (one release's series, 2019-2022),
    # against the geometric mean of the years either side.
    po = {y: g(y, "cla_31mar_legal_status_detail", "Placement order granted")
          for y in (2019,) + pandemic_years}
    made = {y: g(y, "cla_adopted") + po[y] - po[y - 1] for y in pandemic_years}
    pandemic_event(
        "adoption", dip(made),
        "Factor on the share of final orders that are placement orders in 2020-21 (the "
        "pandemic)",
        f"COVID-19 lockdowns and court delays, 2020-21: placement orders made (adoptions plus "
        f"the change in children under a placement order) {made[2021]:.0f} against "
        f"{made[2020]:.0f} in 2019-20 and {made[2022]:.0f} in 2021-22 (factor = 2020-21 / their "
        "geometric mean); DfE CLA 2022 release (scenarios/data/england_history.csv)")
    # The pandemic's second year, 2021-22: the courts' backlogs (seed 001 L1690: "the impact of
    # COVID-19", 24% of public law cases completed within 26 weeks in July-September 2021) and
    # children in need kept open. The year's figure against the trend of 2017-18 to 2019-20
    # carried two years on (v2020 x (v2020 / v2018)); calibrate.py then fits the factor.
    carried = lambda v: v[2022] / (v[2020] * v[2020] / v[2018])
    trend_years = (2018, 2020, 2022)

    def aftermath_event(group, factor, description, how):
        ev.append(["covid_19_aftermath", group, 2022, 2022, f"event.covid_19_aftermath.{group}",
                   how])
        entry(factors, f"event.covid_19_aftermath.{group}", factor, "ratio", description, how, 0,
              2)

    aftermath_event(
        "cin_close", carried(closing),
        "Factor on the closure of child in need episodes in 2021-22 (the pandemic's second year)",
        f"The pandemic's second year, 2021-22, a deviation from trend measured in the data: "
        f"child in need episodes ended per child in need (mean of 31 March either "
        f"side) {closing[2022]:.3f} against {closing[2018]:.3f} in 2017-18 and "
        f"{closing[2020]:.3f} in 2019-20 (factor = 2021-22 / the 2017-18 to 2019-20 trend "
        "carried two years on); DfE CIN census (scenarios/data/england_history.csv)")
    resident = {y: g(y, "cla_started") - uasc_arrivals_of(h, y, uasc_lo) for y in trend_years}
    aftermath_event(
        "care_entry", carried(resident),
        "Factor on the care_entry rates in 2021-22 (the pandemic's second year)",
        f"The pandemic's second year, 2021-22 (seed 001 L1690: court backlogs and the impact of "
        f"COVID-19 on care proceedings, Jul-Sep 2021): starts of care less unaccompanied "
        f"arrivals {resident[2022]:.0f} against {resident[2018]:.0f} in 2017-18 and {resident[2020]:.0f} in 2019-20 (factor = 2021-22 "
        "/ the 2017-18 to 2019-20 trend carried two years on); DfE CLA "
        "(scenarios/data/england_history.csv)")
    with open(DATA / "history_events.csv", "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(ev)
    events_toml = Path("scenarios/parameters/events.toml")
    if events_toml.exists() and "calibrated = true" in events_toml.read_text() \
            and "--reset-trends" not in sys.argv:
        # Keep the fitted factors; add any event that is new since.
        text = events_toml.read_text()
        blocks = "\n".join(factors).split("\n[")
        new = ["[" + b for b in blocks[1:] if ("[" + b).split("]")[0] + "]" not in text]
        if new:
            events_toml.write_text(text.rstrip("\n") + "\n\n" + "\n[".join(
                b[1:] if i else b for i, b in enumerate(new)).rstrip("\n") + "\n")
        print(f"{events_toml}: fitted by calibrate.py, kept; {len(new)} new event(s) added")
    else:
        events_toml.write_text("\n".join(factors))

    # Starting stock of 2017: children looked after by age (resident: the UASC by the same age
    # profile taken out), UASC, and the homes after care.
    consent_18, order_18 = placed_for_adoption(
        {k: x for (y, m, k), x in h.items() if y == 2018 and m == "cla_31mar_placement_detail"})
    po_18 = g(2018, "cla_31mar_legal_status_detail", "Placement order granted")
    ages = [g(2017, "cla_31mar_age", k) for k in
            ["Under 1 year", "1 to 4 years", "5 to 9 years", "10 to 15 years", "16 years and over"]]
    uasc = g(2017, "cla_uasc_at_31mar")
    in_16 = uasc * (1 - ((16 - uasc_lo) / (18 - uasc_lo)) ** 2)
    ages[4] -= in_16
    ages[3] -= uasc - in_16
    shares = [x / sum(ages) for x in ages]
    # SGO: seed 001 L1800 gives over 25,000 at 31 March 2018; a year earlier, less that year's
    # orders (from care and outside it) plus the eighteenth of the stock that aged out.
    sgo = (25000 - g(2018, "cla_ceased_sgo") - sgo_outside) * 18 / 17
    adopted = adopted_under_18(2017)
    lines = [
        "# Generated by scenarios/tools/derive_parameters.py: do not edit by hand.",
        "# History: every child in England from 1 April 2017 to 31 March 2022, starting from the",
        "# stocks of 31 March 2017 (LA table of 2017), rates on their trend (trend.applied = 1, the",
        "# trends fitted by scenarios/tools/calibrate.py to this replay) and the dated events of",
        "# data/history_events.csv. The replay is compared with the official series by",
        "# scenarios/tools/history_fit.py.",
        'extends = "baseline.toml"',
        'dictionaries = ["parameters/events.toml"]',
        "",
        "[run]",
        'name = "history"',
        'description = "Replay of 2017-18 to 2021-22 from the stocks of 31 March 2017"',
        'start = "2017-04-01"',
        'end = "2022-03-31"',
        "",
        "[data]",
        'local_authorities = "data/local_authorities_2017.csv"',
        'events = "data/history_events.csv"',
        "# Each LA's care entries and exits fitted to its own 2018-2022 series",
        "# (scenarios/tools/calibrate.py --stage la)",
        'la_factors = "parameters/la_history_factors.csv"',
        "",
        "[parameters]",
        '"trend.applied" = 1',
        '"trend.la_table_year" = 2017',
        f"# cla_31mar_age 2017 {[round(x) for x in ages]} (SFR_CLA_2017, UASC taken out as in "
        "cla.stock_age_shares)",
        f'"cla.stock_age_shares" = [{", ".join(f"{x:.6f}" for x in shares)}]',
        f"# cla_uasc_at_31mar 2017 (LAIT)",
        f'"uasc.england_stock" = {uasc:.0f}',
        f"# (25,000 at 31 March 2018, seed 001 L1800, - SGOs of 2017-18: "
        f"{g(2018, 'cla_ceased_sgo'):.0f} from care + {sgo_outside:.0f} outside) x 18/17",
        f'"kinship.sgo_stock_start" = {sgo:.1f}',
        "# adoptions 2004-05 to 2016-17 still under 18 at 31 March 2017 (as kinship.adopted_stock_start)",
        f'"kinship.adopted_stock_start" = {adopted:.1f}',
        "# care leavers aged 19-21: 26,340 (2015-16) to 27,010 (2016-17), as",
        "# leaving_care.initial_cohort_growth (england_history.csv)",
        f'"leaving_care.initial_cohort_growth" = '
        f'{g(2017, "care_leavers_19_21") / g(2016, "care_leavers_19_21") - 1:.6f}',
        "# Legal status at 31 March 2017 (SFR_CLA_2017), section 20 minus the 2017 UASC; the",
        f"# {consent_18:.0f} placed for adoption with consent in 2018 (the first year of the detail) "
        "moved from section 20 to the placement orders",
        '"proceedings.stock_shares" = ['
        + ", ".join(f"{x:.6f}" for x in legal_stock_shares(
            {k: h[(2017, "cla_31mar_legal_status", k)] for (y, m, k) in h
             if y == 2017 and m == "cla_31mar_legal_status"}, uasc, consent_18)[0]) + "]",
        "# Of the children under a placement order (or placed with consent), those placed for",
        f"# adoption: 2018's (the first year of the detail), placed {consent_18 + order_18:.0f} /",
        f"# (placement orders {po_18:.0f} + placed with consent {consent_18:.0f})",
        f'"proceedings.initial_placed_for_adoption_share" = '
        f'{(consent_18 + order_18) / (po_18 + consent_18):.6f}',
        "# Placements at the start: 31 March 2017 (cla_31mar_placement, SFR_CLA_2017), its",
        "# foster care and its secure units, children's homes and semi-independent living split as",
        "# in the 2018 detail (cla_31mar_placement_detail, EES_CLA2022; the first year in the",
        "# model's classification), spread over the 2017 ages as placement.stock_mix_*",
    ] + [f'"placement.stock_mix_{label}" = [{", ".join(f"{x:.6f}" for x in stock_mix_2017[b])}]'
         for b, label in enumerate(["under_1", "1_to_4", "5_to_9", "10_to_15", "16_to_17"])]
    # Category of need of resident children: the stock of 31 March 2018 (the first year the
    # data has), and the starts of the five replayed years together; N8 less the unaccompanied
    # children (the stock) and their arrivals (as the events above).
    def need_shares(measure, years, uasc_n8):
        counts = [0.0] * 8
        for (y, m, k), x in h.items():
            if m == measure and y in years and k[:1] == "N":
                counts[int(k[1]) - 1] += x
        counts[7] = max(0.0, counts[7] - uasc_n8)
        return counts
    replayed = range(2018, 2023)
    arrivals = sum(uasc_arrivals_of(h, y, uasc_lo) for y in replayed)
    stock_2018 = need_shares("cla_31mar_category_of_need", (2018,), g(2018, "cla_uasc_at_31mar"))
    starts = need_shares("cla_started_by_need", replayed, arrivals)
    lines += [
        "# Category of need at the start: 31 March 2018 (cla_31mar_category_of_need, EES_CLA2022;",
        "# the first year the data has), N8 less that year's UASC: "
        f"{[round(x) for x in stock_2018]}",
        '"need.stock_share" = ['
        + ", ".join(f"{x / sum(stock_2018):.6f}" for x in stock_2018) + "]",
        "# Category of need on entry: starts 2017-18 to 2021-22 together (cla_started_by_need), N8",
        f"# less the arrivals of unaccompanied children: {[round(x) for x in starts]}",
        '"need.entry_share" = [' + ", ".join(f"{x / sum(starts):.6f}" for x in starts) + "]",
        "# Ethnic group and sex of resident starts: the starts 2017-18 to 2021-22 together",
        "# (cla_started_detail) less the unaccompanied arrivals x group.uasc_ethnicity and",
        "# group.uasc_male (groups.toml)",
        '"group.resident_entry_ethnicity" = ['
        + ", ".join(f"{x:.6f}" for x in groups["ethnicity"]["pooled"]) + "]",
        f'"group.resident_entry_male" = {groups["sex"]["pooled"][1]:.6f}', ""]
    Path("scenarios/history.toml").write_text("\n".join(lines))


# Ledger lines: (name, s251 line codes, driver, unit-cost trend source). The trend is the LAIT
# unit cost's (s251 / activity) annual change 2016-17 to 2021-22, or the lines' own cash change
# where DfE publishes no unit cost.
LEDGER = [
    ("residential_care", ["3.1.1"], "residential_care"),
    ("fostering", ["3.1.2"], "fostering"),
    ("adoption_services", ["3.1.3"], "adoption"),
    ("special_guardianship_support", ["3.1.4"], "looked_after_children_all"),
    ("other_looked_after", ["3.1.5", "3.1.6", "3.1.8"], "looked_after_children_all"),
    ("family_and_friends", ["3.1.7"], "looked_after_children_all"),
    ("leaving_care", ["3.1.9"], "looked_after_children_all"),
    ("asylum_seekers", ["3.1.10"], "looked_after_children_all"),
    ("social_work", ["3.3.1", "3.3.2"], "social_work_per_child_in_need"),
    ("targeted_family_support", ["3.4.4"], None),
    ("other_lines_not_modelled", ["3.2.1", "3.3.3", "3.4.1", "3.4.2", "3.4.3", "3.5.2", "4.0.1"],
     None),
]
LEDGER_NAMES = {  # as agents/ledger.hpp kLedgerLineNames
    "residential_care": "s251_3_1_1_residential_care", "fostering": "s251_3_1_2_fostering",
    "adoption_services": "s251_3_1_3_adoption_services",
    "special_guardianship_support": "s251_3_1_4_special_guardianship_support",
    "other_looked_after": "s251_3_1_5_6_8_other_looked_after",
    "family_and_friends": "s251_3_1_7_family_and_friends",
    "leaving_care": "s251_3_1_9_leaving_care", "asylum_seekers": "s251_3_1_10_asylum_seekers",
    "social_work": "s251_3_3_1_2_social_work",
    "targeted_family_support": "s251_3_4_4_targeted_family_support",
    "other_lines_not_modelled": "s251_other_lines_not_modelled",
}


def write_ledger(drivers):
    """scenarios/parameters/ledger.toml: unit cost of each ledger line per unit-month in 2021-22
    (the line's s251 outturn / 12 / its driver at 31 March 2022, so the starting stock reproduces
    the outturn) and its annual trend."""
    spend, unit = {}, {}
    with open(DATA / "england_s251_history.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["line_type"] == "line":
                spend[r["financial_year"], r["line_code"]] = float(r["gross_expenditure_gbp"])
    with open(DATA / "england_unit_costs_history.csv", newline="") as f:
        for r in csv.DictReader(f):
            unit[r["financial_year"], r["cost_type"]] = float(r["gbp_per_child_per_week"])
    s251 = "DfE s251 outturn, England (scenarios/data/england_s251_history.csv)"
    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_s251_history.csv",
         "# and england_unit_costs_history.csv. Do not edit by hand.",
         "# The review's spend (seed 001 footnote 1, line 398): every s251 children's and young",
         "# people's services line except 3.4.5, 3.5.1, 3.0.1-3.0.4 and 3.6.1.", ""]
    entry(o, "ledger.price_year", 2022.0, "year ending 31 March",
          "Price base of the unit costs: financial year 2021-22",
          "The s251 outturn and LAIT unit costs of 2021-22", 2000, 2100)
    entry(o, "ledger.unit_cost_trend_applied", 0.0, "switch",
          "1: unit costs follow their trends year by year (cash, as the review's projection: seed "
          "001 L3933 'the trends in unit cost and demand ... continue'); 0: held at 2021-22 prices",
          "Scenario choice: 0 in baseline.toml, 1 in counterfactual.toml", 0, 1)
    for name, codes, trend_of in LEDGER:
        key = "ledger." + LEDGER_NAMES[name]
        now = sum(spend["2021-22", c] for c in codes)
        before = sum(spend["2016-17", c] for c in codes)
        if name == "other_lines_not_modelled":
            value, what = now / 12, "GBP per month, England, of the lines the model does not drive"
            how = (f"s251 lines {', '.join(codes)} in 2021-22 GBP {now / 1e6:.1f}m / 12; spread over "
                   f"LAs by child population; {s251}")
            unit_name = "GBP per month (England)"
        else:
            n, driver = drivers[name]
            value = now / 12 / n
            what = f"Unit cost of s251 {', '.join(codes)} per child-month of its driver: {driver}"
            how = (f"s251 {', '.join(codes)} 2021-22 GBP {now / 1e6:.1f}m / 12 / {n:.0f}; {s251}; "
                   "the driver's figure as in scenarios/parameters/pathway.toml")
            unit_name = "GBP per child-month"
        entry(o, key + ".gbp_per_unit_month", value, unit_name, what, how, 0, 1e9)
        if trend_of:
            g = (unit["2021-22", trend_of] / unit["2016-17", trend_of]) ** (1 / 5) - 1
            how = (f"LAIT unit cost {trend_of}: GBP {unit['2016-17', trend_of]:.0f} a week in "
                   f"2016-17 to {unit['2021-22', trend_of]:.0f} in 2021-22, ^(1/5) - 1 "
                   "(scenarios/data/england_unit_costs_history.csv, LAIT_S251_UNIT)")
        else:
            g = (now / before) ** (1 / 5) - 1
            how = (f"the lines' own cash outturn, GBP {before / 1e6:.1f}m in 2016-17 to "
                   f"{now / 1e6:.1f}m in 2021-22, ^(1/5) - 1 (no DfE unit cost); {s251}")
        entry(o, key + ".trend", g, "per year", "Annual change of the unit cost (cash)", how,
              -0.5, 0.5)
    Path("scenarios/parameters/ledger.toml").write_text("\n".join(o))


def write_leaving_care(h):
    """Care leavers' activity, accommodation and Staying Put, from the DfE 2022 care leaver tables."""
    g = lambda m, k: h[(2022, m, k)]
    src = ("DfE Children looked after in England 2022, care leavers "
           "(scenarios/data/england_history.csv)")
    o = ["# Generated by scenarios/tools/derive_parameters.py from scenarios/data/england_history.csv.",
         "# Do not edit by hand: change the script or the data and run it again.",
         "# Age groups: 18 (DfE's 17-18 cohort), 19-21, 22-24 (no data: as 19-21, Assumption).", ""]
    sp18 = g("care_leavers_staying_put_aged_18", "staying_put")
    el18 = g("care_leavers_staying_put_aged_18", "eligible_ceased_in_foster_at_18")
    sp19 = g("care_leavers_staying_put_aged_19_20", "staying_put")
    el19 = g("care_leavers_staying_put_aged_19_20", "eligible_ceased_in_foster_at_18")
    p_sp = sp18 / el18
    # Of those eligible at 19 and 20, p (q + q^2) / 2 still stay put: solve for q.
    target = 2 * sp19 / el19 / p_sp
    q = (-1 + (1 + 4 * target) ** 0.5) / 2
    staying_put = {"17_18": sp18, "19_21": sp19}
    for group, cohort in [("18", "17_18"), ("19_21", "19_21"), ("22_24", "19_21")]:
        a = lambda k: g(f"care_leavers_{cohort}_activity", k)
        total = a("total")
        eet, he = a("in EET"), a("higher education")
        shares = [(eet - he) / total, he / total, a("NEET") / total,
                  a("information not known") / total]
        entry(o, f"leaving_care.activity_{group}", shares, "probability",
              f"Main activity drawn at each birthday, ages {group.replace('_', '-')}: EET (not higher "
              "education), higher education, NEET, not known",
              f"care leavers aged {cohort.replace('_', '-')} in 2021-22: in EET {eet:.0f} (of whom "
              f"higher education {he:.0f}), NEET {a('NEET'):.0f}, not known "
              f"{a('information not known'):.0f} / {total:.0f}; {src}", 0, 1)
        c = lambda k: g(f"care_leavers_{cohort}_accommodation", k)
        sp = staying_put[cohort]
        rest = c("total") - sp
        acc = [(c("accommodation considered suitable") - sp) / rest,
               c("accommodation considered not suitable") / rest, c("no information") / rest]
        entry(o, f"leaving_care.accommodation_{group}", acc, "probability",
              f"Accommodation of those not Staying Put, ages {group.replace('_', '-')}: suitable, "
              "not suitable, not known",
              f"care leavers aged {cohort.replace('_', '-')} in 2021-22: suitable "
              f"{c('accommodation considered suitable'):.0f} minus Staying Put {sp:.0f}, not "
              f"suitable {c('accommodation considered not suitable'):.0f}, no information "
              f"{c('no information'):.0f}, over the total {c('total'):.0f} minus Staying Put; {src}",
              0, 1)
    entry(o, "leaving_care.p_staying_put", p_sp, "probability",
          "Share of young people in foster care at 18 who stay put with their foster carer",
          f"staying put at 18 {sp18:.0f} / ceased in foster care at 18 {el18:.0f}; {src}", 0, 1)
    entry(o, "leaving_care.p_staying_put_continues", q, "probability",
          "Share of those Staying Put who stay on at each of the 19th and 20th birthdays",
          f"solves p_staying_put x (q + q^2) / 2 = staying put at 19-20 {sp19:.0f} / eligible "
          f"{el19:.0f}; {src}", 0, 1)
    entry(o, "leaving_care.staying_put_end_age", 21, "years",
          "Staying Put ends at this birthday",
          "seed 001 L2961: 'funding for these arrangements ends at age 21'", 19, 25)
    entry(o, "leaving_care.staying_put_extended_end_age", 23, "years",
          "Staying Put ends at this birthday should a reform extend it past "
          "leaving_care.staying_put_end_age (the lever group staying_put_end)",
          "seed 001 L2977: 'Staying Put and Staying Close should be a legal entitlement and "
          "extended to age 23'", 19, 25)
    leavers_17_18 = g("care_leavers_17_18_activity", "total")
    entry(o, "leaving_care.initial_foster_share", el18 / leavers_17_18, "probability",
          "Share of the care leavers at the start who left care from a foster placement",
          f"ceased in foster care at 18 {el18:.0f} / care leavers aged 17-18 {leavers_17_18:.0f} "
          f"in 2021-22; {src}", 0, 1)
    entry(o, "leaving_care.initial_cohort_per_leaver_19_21", 1 / 3, "ratio",
          "Care leavers in each year of age 18-24 at the start, per care leaver aged 19-21 in the "
          "LA's 2021-22 figure",
          "1/3: the LA's 19-21 figure spans three years of age; cohorts of 18 and of 22-24 "
          "taken as the same size (Assumption: no figure for those ages)", 0, 1)
    growth = g("care_leavers_19_21", "total") / h[(2021, "care_leavers_19_21", "total")] - 1
    entry(o, "leaving_care.initial_cohort_growth", growth, "per year of age",
          "Each younger year of age's cohort of care leavers at the start is this much larger "
          "(cohorts at 20 are the LA's 19-21 figure / 3)",
          f"growth of care leavers aged 19-21, {h[(2021, 'care_leavers_19_21', 'total')]:.0f} "
          f"(2020-21) to {g('care_leavers_19_21', 'total'):.0f} (2021-22); {src}", -0.5, 0.5)
    LEAVING_CARE.write_text("\n".join(o))


if __name__ == "__main__":
    main()
    write_trends()

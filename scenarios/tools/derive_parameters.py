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
import tomllib
from pathlib import Path

DATA = Path("scenarios/data")
OUT = Path("scenarios/parameters/pathway.toml")
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


def load():
    v = {}
    with open(DATA / "england_2022.csv", newline="") as f:
        for r in csv.DictReader(f):
            v[(r["measure"], r["breakdown"])] = float(r["value"])
    return v


def fmt(x):
    return f"{x:.6g}"


def entry(out, name, value, unit, description, source, lo=None, hi=None):
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
    p_direct_b = [care_direct * starts_age[i] / referrals_b[i] for i in range(5)]
    cp_care_b = [CARE_FROM_CP * starts_age[i] / 12 / cp_b[i] for i in range(5)]
    cp_end = (cp_started - CARE_FROM_CP * cla_started) / 12 / cpp
    cin_care_b = [care_from_cin * starts_age[i] / 12 / s17_b[i] for i in range(5)]
    cin_inflow = (referrals * (1 - p_nfa - p_nin - p_s47) - care_direct * cla_started
                  + s47 * (1 - p_icpc * p_plan)
                  + (cp_started - CARE_FROM_CP * cla_started) * CP_STEP_DOWN)
    cin_close = (cin_inflow - care_from_cin * cla_started) / 12 / s17
    eh_end = 1.0 / EH_MEAN_MONTHS
    eh_entry = EH_STOCK * (eh_end + h_ref) / sum(dormant_b)
    cla_exit_b = [ceased_age[i] / 12 / stock_age[i] for i in range(5)]
    adopt_share = [adopted_age[i] / ceased_age[i] for i in range(5)]
    sgo_share = [sgo_age[i] / ceased_age[i] for i in range(5)]
    rest_b = [ceased_age[i] - adopted_age[i] - sgo_age[i] for i in range(5)]
    cao_share = [rest_b[i] * cao / non18_rest / ceased_age[i] for i in range(5)]
    home_share = [rest_b[i] * home / non18_rest / ceased_age[i] for i in range(5)]

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
    mix = [[x / sum(row) for x in row] for row in alloc]

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
          f"{starts_total_legal:.0f}, {cla_src}) x CLA starts by age / referrals by age", 0, 1)
    entry(o, "s47.p_icpc", p_icpc, "probability",
          "Share of section 47 enquiries that lead to an initial child protection conference",
          f"icpc {icpc:.0f} / s47_enquiries {s47:.0f}; {src}", 0, 1)
    entry(o, "icpc.p_plan", p_plan, "probability",
          "Share of initial child protection conferences that start a child protection plan",
          f"cpp_started {cp_started:.0f} / icpc {icpc:.0f}; {src}", 0, 1)
    entry(o, "cin.close_hazard", [cin_close] * 5, "probability per child-month",
          "Monthly probability that a child in need episode (not on a plan, not looked after) closes",
          f"(inflow {cin_inflow:.0f} - care entries from CIN {care_from_cin * cla_started:.0f}) / 12 "
          f"/ CIN neither CP nor CLA {s17:.0f}; inflow = referrals to CIN + s47 without plan + CP "
          f"step-downs; {src}; {cla_src}", 0, 1)
    entry(o, "cin.care_hazard", cin_care_b, "probability per child-month",
          "Monthly probability that a child in need (not on a plan) starts to be looked after",
          f"{care_from_cin:.4f} of CLA starts by age (remainder after CP and direct routes) / 12 / "
          f"CIN by age; {cla_src}; {assume_age}", 0, 1)
    entry(o, "cp.end_hazard", [cp_end] * 5, "probability per child-month",
          "Monthly probability that a child protection plan ends other than by entry to care",
          f"(cpp_started {cp_started:.0f} - CP entries to care {CARE_FROM_CP * cla_started:.0f}) / 12 "
          f"/ cpp_at_31mar {cpp:.0f}; {src}", 0, 1)
    entry(o, "cp.care_hazard", cp_care_b, "probability per child-month",
          "Monthly probability that a child on a protection plan starts to be looked after",
          f"{CARE_FROM_CP} of CLA starts by age (seed 001 L1285: 65%/62% of White/Mixed entrants had "
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
          f"referral probability) / children not known {sum(dormant_b):.0f}: holds the stock "
          "steady", 0, 1)
    entry(o, "cla.stock_age_shares", [x / cla for x in stock_age], "share of children looked after",
          "Children looked after at 31 March 2022 by age band: places the starting stock",
          f"cla_31mar_age {[round(x) for x in stock_age]} / {cla:.0f}; {cla_src}", 0, 1)
    entry(o, "cla.exit_hazard", cla_exit_b, "probability per child-month",
          "Monthly probability of leaving care before the 18th birthday, by age band",
          f"ceased by age (excluding at 18) {[round(x) for x in ceased_age]} / 12 / CLA at 31 "
          f"March by age {[round(x) for x in stock_age]}; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_adoption", adopt_share, "probability",
          "Share of exits from care before 18 that are adoptions, by age band",
          f"adopted by age at adoption {adopted_age} / ceased by age; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_sgo", sgo_share, "probability",
          "Share of exits from care before 18 that are special guardianship orders, by age band",
          f"SGO by age at order {sgo_age} / ceased by age; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_cao", cao_share, "probability",
          "Share of exits from care before 18 that are child arrangements (residence) orders",
          f"remainder after adoption and SGO x CAO {cao:.0f} / all non-18 exits other than adoption "
          f"and SGO {non18_rest:.0f}; {cla_src}", 0, 1)
    entry(o, "cla.exit_share_home", home_share, "probability",
          "Share of exits from care before 18 that are returns to parents or relatives",
          f"remainder after adoption and SGO x returns home {home:.0f} / {non18_rest:.0f}; the "
          f"rest (other LA, custody, other reasons) leave as 'other'; {cla_src}", 0, 1)
    for b, label in enumerate(["under_1", "1_to_4", "5_to_9", "10_to_15", "16_to_17"]):
        entry(o, f"placement.entry_mix_{label}", mix[b], "probability",
              f"Placement on entry to care, age {BANDS[b]}: shares of "
              + ", ".join(PLACEMENTS),
              "CLA at 31 March 2022 by placement (kinship = foster with relative or friend; LA "
              "foster = own-provision foster minus kinship; agency = private + voluntary foster; "
              "children's home incl. secure) allocated to age bands in proportion to CLA by age, "
              "with placed for adoption under 10 only, supported accommodation 16-17 only and "
              f"children's homes 10+ only (Assumption); {cla_src}", 0, 1)
    OUT.write_text("\n".join(o))


if __name__ == "__main__":
    main()

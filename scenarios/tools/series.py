"""The official England series the history replay is checked against, and the same measures read
from a run file (through `cscsim summary --csv`, so the tools and the model share one definition of
each measure). Used by history_fit.py and calibrate.py; run from the repository root."""
import csv
import subprocess
from pathlib import Path

HISTORY = Path("scenarios/data/england_history.csv")
LA_HISTORY = Path("scenarios/data/la_history.csv")

# Summary measure -> (official measure, stock at 31 March or flow in the year to 31 March).
MEASURES = {
    "children_looked_after": ("cla_at_31mar", "stock"),
    "children_in_need": ("cin_at_31mar", "stock"),
    "child_protection_plans": ("cpp_at_31mar", "stock"),
    "entries_to_care": ("cla_started", "flow"),
    "exits_from_care": ("cla_ceased", "flow"),
    "adoptions": ("cla_adopted", "flow"),
    "sgo_exits": ("cla_ceased_sgo", "flow"),
    "referrals": ("referrals", "flow"),
    "section47_enquiries": ("s47_enquiries", "flow"),
    "child_protection_plans_started": ("cpp_started", "flow"),
    "care_leavers_19_21": ("care_leavers_19_21", "stock"),
    "uasc_looked_after": ("cla_uasc_at_31mar", "stock"),
}

# Placement groups the official detail (cla_31mar_placement_detail and, for foster care by
# provider, cla_31mar_provider_by_placement, 2018-2022) supports: the model's placement measures
# summed, and the releases' lines summed (a release prefixed "-" is subtracted).
DETAIL = "cla_31mar_placement_detail"
PROVIDER = "cla_31mar_provider_by_placement"
# Foster placements by provider, inside (2a) and outside (3a) the council's boundary.
FOSTER_OWN = [(PROVIDER, f"{g}. Foster placements | {p}") for g in ("2a", "3a")
              for p in ("Own provision (by the LA)", "Other LA provision")]
FOSTER_AGENCY = [(PROVIDER, f"{g}. Foster placements | {p}") for g in ("2a", "3a")
                 for p in ("Private provision", "Voluntary/third sector provision")]
KINSHIP_FOSTER = [
    (DETAIL, "1a.1 Total foster placements inside council boundary with relative or friend"),
    (DETAIL, "1b.1 Total foster placements outside council boundary with relative or friend")]
PLACEMENT_GROUPS = {
    "placement_kinship_foster": (["placement_kinship_foster"], KINSHIP_FOSTER),
    # LA foster care: the LAs' own foster placements less kinship foster care (almost all the
    # LAs' own), as derive_parameters.py splits 2022's stock; agency: private and voluntary.
    "placement_la_foster": (["placement_la_foster"],
                            FOSTER_OWN + [("-" + r, line) for r, line in KINSHIP_FOSTER]),
    "placement_agency_foster": (["placement_agency_foster"], FOSTER_AGENCY),
    "placement_placed_for_adoption": (["placement_placed_for_adoption"],
                                      [(DETAIL, "2. Total placed for adoption")]),
    "placement_placed_with_parents": (
        ["placement_placed_with_parents"],
        [(DETAIL, "3. Total placed with parents or other person with parental responsibility")]),
    "placement_supported_accommodation": (
        ["placement_supported_accommodation"],
        [(DETAIL, "4. Total other placements in the community"),
         (DETAIL, "5d Semi-independent living accommodation not subject to children's homes "
                  "regulations")]),
    "placement_childrens_home": (
        ["placement_childrens_home"],
        [(DETAIL, "5c Total children's homes subject to children's homes regulations"),
         (DETAIL, "5a Secure unit placement inside the council boundary"),
         (DETAIL, "5b Secure unit placement outside the council boundary")]),
    "placement_other_residential": (
        ["placement_other_residential"],
        [(DETAIL, "6. Total other residential settings"), (DETAIL, "7. Total residential schools")]),
    "placement_other": (["placement_other"], [(DETAIL, "8. Total other placements")]),
}

# Legal statuses at 31 March: the model's measure -> [(DfE release, group, +1 or -1)], summed.
# Section 20 and placement orders come from the 2022 release's detail (cla_31mar_legal_status_detail,
# every year 2018-2022, one vintage); interim and full care orders are separate only in the time
# series (cla_31mar_legal_status), which has no 2018 or 2019 figures. Unaccompanied children are in
# the section 20 group in both. The model counts the children placed for adoption with consent
# under placement orders (the route to adoption; proceedings.stock_shares), taken out of section 20.
CONSENT = [(DETAIL, "2a Placed for adoption with consent with current foster carer"),
           (DETAIL, "2c Placed for adoption with consent not with current foster carer")]
LEGAL_GROUPS = {
    "legal_status_voluntary": [("cla_31mar_legal_status_detail",
                                "Voluntary agreements under S20 CA 1989", 1)]
    + [(release, line, -1) for release, line in CONSENT],
    "legal_status_interim_care_order": [("cla_31mar_legal_status", "Interim care order", 1),
                                        ("cla_31mar_legal_status", "Detained for child protection",
                                         1)],
    "legal_status_care_order": [("cla_31mar_legal_status", "Full care order", 1)],
    "legal_status_placement_order": [("cla_31mar_legal_status_detail", "Placement order granted",
                                      1)] + [(release, line, 1) for release, line in CONSENT],
}


# Children looked after by category of need N1-N8 (cla_31mar_category_of_need).
NEED_MEASURES = [f"children_looked_after_need_{n}" for n in (
    "abuse_or_neglect", "disability", "parental_illness", "acute_stress", "family_dysfunction",
    "behaviour", "low_income", "absent_parenting")]


# Starts, adoptions and SGO exits by ethnicity and sex (the 2022 release's detail, 2018-2022):
# summary measure -> (release, its five ethnic groups' lines in the model's order, its sex lines).
ETHNICITIES = ["white", "mixed", "asian", "black", "other"]  # agents/groups.hpp
SEXES = ["female", "male"]
_ORIGIN = ["Ethnic origin: White", "Ethnic origin: Mixed or Multiple ethnic group",
           "Ethnic origin: Asian or Asian British",
           "Ethnic origin: Black, African, Caribbean or Black British",
           "Ethnic origin: Other ethnic group"]
GROUP_SERIES = {
    "entries_to_care": ("cla_started_detail",
                        ["Ethnicity: 1. Total White",
                         "Ethnicity: 2. Total Mixed or Multiple ethnic groups",
                         "Ethnicity: 3. Total Asian or Asian British",
                         "Ethnicity: 4. Total Black, African, Caribbean or Black British",
                         "Ethnicity: 5. Total other ethnic group"],
                        ["Gender: Female", "Gender: Male"]),
    "adoptions": ("cla_adopted_detail", _ORIGIN, ["Gender: Female", "Gender: Male"]),
    "sgo_exits": ("cla_ceased_sgo_detail", _ORIGIN, ["Gender: Female", "Gender: Male"]),
}


def group_counts(raw, measure, year):
    """{ethnicity: n}, {sex: n} of a GROUP_SERIES measure in `year` (None if not published): the
    ethnic groups scaled up to the sexes' total, so "refused or not yet obtained" is spread pro
    rata, as the model has no such group."""
    release, ethnic, sexes = GROUP_SERIES[measure]
    if not all((year, release, k) in raw for k in ethnic + sexes):
        return None
    total = sum(raw[year, release, k] for k in sexes)
    known = sum(raw[year, release, k] for k in ethnic)
    return ({e: raw[year, release, k] * total / known for e, k in zip(ETHNICITIES, ethnic)},
            {s: raw[year, release, k] for s, k in zip(SEXES, sexes)})


# Children looked after at 31 March by age band (cla_31mar_age; the data has 2017 and 2020-2022):
# the model's band -> DfE's.
AGE_BANDS = {"under_1": "Under 1 year", "1_to_4": "1 to 4 years", "5_to_9": "5 to 9 years",
             "10_to_15": "10 to 15 years", "16_to_17": "16 years and over"}
AGE_MEASURES = [f"children_looked_after_age_{b}" for b in AGE_BANDS]


def official():
    """{(summary measure, period): value}; periods as the summary writes them ("2018-03-31" for
    stocks, "2017-18" for flows). Placement groups are scaled to the revised CLA total."""
    raw = {}
    with open(HISTORY, newline="") as f:
        for r in csv.DictReader(f):
            raw[int(r["year"]), r["measure"], r["breakdown"]] = float(r["value"])
    out = {}
    for measure, (name, kind) in MEASURES.items():
        for (y, m, k), v in raw.items():
            if m == name and k == "total":
                out[measure, period_of(y, kind)] = v
    for y in range(2018, 2023):
        detail_total = raw.get((y, "cla_31mar_placement_detail", "Total children"))
        if detail_total is None:
            continue
        scale = raw[y, "cla_at_31mar", "total"] / detail_total
        for group, (_, lines) in PLACEMENT_GROUPS.items():
            value = 0.0
            for release, line in lines:
                sign = -1 if release.startswith("-") else 1
                value += sign * raw[y, release.lstrip("-"), line]
            out[group, period_of(y, "stock")] = value * scale
    # Re-referrals within 12 months: DfE's share of referrals times the referrals.
    for (y, m, k), v in raw.items():
        if m == "referrals_rereferral_pct" and k == "total" and (y, "referrals", "total") in raw:
            out["rereferrals", period_of(y, "flow")] = v / 100 * raw[y, "referrals", "total"]
    # Repeat protection plans: DfE's share of plans started that are second or later plans.
    for (y, m, k), v in raw.items():
        if m == "cpp_repeat_pct" and k == "total" and (y, "cpp_started", "total") in raw:
            out["child_protection_plans_repeat", period_of(y, "flow")] = (
                v / 100 * raw[y, "cpp_started", "total"])
    # Children looked after by category of need (the 2022 release, 2018-2022).
    for (y, m, k), v in raw.items():
        if m == "cla_31mar_category_of_need" and k[:1] == "N":
            out[NEED_MEASURES[int(k[1]) - 1], period_of(y, "stock")] = v
    for (y, m, k), v in raw.items():
        if m == "cla_31mar_age":
            for band, label in AGE_BANDS.items():
                if k == label:
                    out[f"children_looked_after_age_{band}", period_of(y, "stock")] = v
    for measure in GROUP_SERIES:
        for y in range(2018, 2023):
            counts = group_counts(raw, measure, y)
            if counts is None:
                continue
            for e, v in counts[0].items():
                out[f"{measure}_ethnicity_{e}", period_of(y, "flow")] = v
            for s, v in counts[1].items():
                out[f"{measure}_sex_{s}", period_of(y, "flow")] = v
    for y in range(2017, 2023):
        for group, lines in LEGAL_GROUPS.items():
            if all((y, release, k) in raw for release, k, _ in lines):
                out[group, period_of(y, "stock")] = sum(
                    sign * raw[y, release, k] for release, k, sign in lines)
    return out


def period_of(year, kind):
    return f"{year}-03-31" if kind == "stock" else f"{year - 1}-{year % 100:02d}"


def simulated(run_file, cscsim="build/release/cscsim"):
    """{(summary measure, period): value} of replicate 0 of a run file, with the placement
    groups."""
    text = subprocess.run([cscsim, "--log-level", "warn", "summary", "--csv", str(run_file)],
                          check=True, capture_output=True, text=True).stdout
    out = {}
    for r in csv.DictReader(text.splitlines()):
        if r["replicate"] == "0":
            out[r["measure"], r["period"]] = float(r["value"])
    periods = {p for (_, p) in out}
    for group, (measures, _) in PLACEMENT_GROUPS.items():
        for p in periods:
            if all((m, p) in out for m in measures):
                out[group, p] = sum(out[m, p] for m in measures)
    return out


def la_official(year):
    """Each LA's children looked after at 31 March `year` and its population 0-17 of mid-(year - 1)
    (DfE's denominator), from la_history.csv: two dicts by LA code."""
    cla, pop = {}, {}
    with open(LA_HISTORY, newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == str(year) and r["measure"] == "cla_at_31mar":
                cla[r["la_code"]] = float(r["value"])
            if r["year"] == str(year - 1) and r["measure"] == "population_0_17":
                pop[r["la_code"]] = float(r["value"])
    return cla, pop


# LAs whose figures the data's README calls "heavily suppressed" (shared/data/README.md, "Known
# gaps"): City of London (about 650 children, 10 looked after in 2022, rounded) and the Isles of
# Scilly. Their rates per 10,000 swing by dozens with one child, so the LA correlation is also
# given without them.
SUPPRESSED_LAS = {"E09000001": "City of London", "E06000053": "Isles of Scilly"}


def la_rates(run_file, year=2022, without_suppressed=False):
    """Children looked after per 10,000 children by LA at 31 March `year`: (simulated, official)
    lists over the LAs that publish the figure (and, with `without_suppressed`, are not in
    SUPPRESSED_LAS). Population: ONS mid-(year - 1)."""
    import h5py
    official_cla, population = la_official(year)
    with h5py.File(run_file, "r") as f:
        runs = f["runs"]
        run = runs[list(runs)[0]]["replicate_0"]
        decode = lambda xs: [x.decode() if isinstance(x, bytes) else x for x in xs]
        snapshots = decode(run["axes/snapshot"][()])
        codes = decode(run["axes/la"][()])
        states = decode(run["axes/state"][()])
        s = snapshots.index(f"{year}-03-31")
        stocks = run["stocks_31mar"][s]  # [la][state]
        scale = run["la_scale"][()]
        pop_model = run["la_population"][()]
    cla = [i for i, name in enumerate(states) if name.startswith("looked_after_")]
    sim, obs = [], []
    for l, code in enumerate(codes):
        if without_suppressed and code in SUPPRESSED_LAS:
            continue
        if code in official_cla and code in population:
            sim.append(stocks[l, cla].sum() * scale[l] / pop_model[l] * 1e4)
            obs.append(official_cla[code] / population[code] * 1e4)
    return sim, obs


def correlation(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5


def deprivation_rates(year=2022):
    """Official children looked after per 10,000 at 31 March `year` in each fifth of LAs ranked by
    children in low-income families (FYE 2022), as the model's cla_per_10k_deprivation_q<k>."""
    low_income = {}
    with open("scenarios/data/local_authorities.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["children_low_income_pct_fye2022"]:
                low_income[r["la_code"]] = float(r["children_low_income_pct_fye2022"])
    cla, pop = la_official(year)
    ranked = sorted((c for c in low_income if c in cla and c in pop), key=lambda c: low_income[c])
    per = len(ranked) // 5
    out = {}
    for q in range(5):
        group = ranked[q * per:(q + 1) * per if q < 4 else len(ranked)]
        out[f"cla_per_10k_deprivation_q{q + 1}"] = (sum(cla[c] for c in group)
                                                    / sum(pop[c] for c in group) * 1e4)
    return out

#!/usr/bin/env python3
"""Copies the official figures the model uses from the shared data folder into scenarios/data/.

Run from the repository root:  python3 scenarios/tools/extract_data.py ../shared/data
The project builds and runs from the copies; this script only documents and repeats the copy.
Every row keeps the `source` id of the shared data README (DfE, ONS, Ofsted releases with commits).
"""
import csv
import shutil
import sys
from pathlib import Path

YEAR = "2022"  # stocks at 31 March 2022 and flows in the year ending 31 March 2022
# National figures used by scenarios/tools/derive_parameters.py (measure, breakdown or None for all).
NATIONAL = [
    ("referrals", "total"), ("referrals_nfa", "total"), ("referrals_assessed_not_in_need", "total"),
    ("referrals_rereferral_pct", "total"), ("cin_at_31mar", "total"),
    ("cin_episodes_started", "total"), ("cin_episodes_ended", "total"),
    ("s47_enquiries", "total"), ("icpc", "total"), ("cpp_started", "total"),
    ("cpp_at_31mar", "total"), ("cpp_at_31mar_by_duration", None), ("cpp_repeat_pct", "total"),
    ("cla_at_31mar", "total"), ("cla_started", "total"), ("cla_ceased", "total"),
    ("cla_adopted", "total"), ("cla_ceased_sgo", "total"), ("cla_uasc_at_31mar", "total"),
    ("cla_31mar_age", None), ("cla_started_by_age", None), ("cla_ceased_by_age", None),
    ("cla_ceased_by_reason", None), ("cla_started_by_legal_status", None),
    ("cla_31mar_legal_status", None),
    ("cla_31mar_placement_detail", None), ("cla_31mar_provider_by_placement", None),
    ("cla_adopted_detail", None), ("cla_ceased_sgo_detail", None), ("care_leavers_19_21", "total"),
    ("cla_started_by_need", None), ("cla_31mar_category_of_need", None),
    ("population_0_17", "total"),
]
# LA figures joined onto the LA list (measure -> column name).
LA_MEASURES = ["referrals", "s47_enquiries", "cpp_started", "cpp_at_31mar", "cin_at_31mar",
               "cin_episodes_ended", "cla_at_31mar", "cla_started", "cla_ceased",
               "cla_uasc_at_31mar", "care_leavers_19_21"]


# England totals for the first year of the five-year trend (year ending 31 March 2017; population
# mid-2016, which DfE uses for 2017 rates), for scenarios/parameters/trends.toml.
TREND_START = [("2017", m) for m in ("referrals", "s47_enquiries", "cpp_started", "cpp_at_31mar",
                                      "cin_at_31mar", "cin_episodes_ended", "cla_at_31mar",
                                      "cla_started", "cla_ceased")] + [("2016", "population_0_17")]


# England series for replaying 2013-2022 and fitting trends, every breakdown (england_history.csv).
HISTORY = [
    "referrals", "referrals_nfa", "referrals_assessed_not_in_need", "referrals_rereferral_pct",
    "cin_at_31mar", "cin_episodes_started", "cin_episodes_ended", "s47_enquiries", "icpc",
    "cpp_started", "cpp_at_31mar", "cpp_repeat_pct", "cla_at_31mar", "cla_started", "cla_ceased",
    "cla_adopted", "cla_ceased_sgo", "cla_ceased_sgo_by_carer", "cla_uasc_at_31mar",
    "cla_31mar_age", "cla_started_by_age", "cla_ceased_by_age", "cla_ceased_by_reason",
    "cla_31mar_legal_status", "cla_31mar_legal_status_detail", "cla_started_by_legal_status",
    "cla_31mar_placement", "cla_31mar_placement_detail", "cla_31mar_provider_by_placement",
    "cla_31mar_placements_in_year",
    "cla_3plus_placements_in_year_pct", "cla_started_detail", "cla_ceased_detail",
    "cla_adopted_detail", "cla_ceased_sgo_detail",
    "cla_started_by_need", "cla_31mar_category_of_need",
    "care_leavers_19_21", "care_leavers_19_21_eet_pct", "care_leavers_19_21_neet_pct",
    "care_leavers_19_21_higher_education_pct",
    "care_leavers_19_21_not_in_touch_pct", "care_leavers_19_21_activity",
    "care_leavers_19_21_accommodation", "care_leavers_17_18_activity",
    "care_leavers_17_18_accommodation", "care_leavers_staying_put_aged_18",
    "care_leavers_staying_put_aged_19_20", "care_leavers_18_20_staying_put_pct", "population_0_17",
]
# LA totals for the history scenario, mapped to the 2021-22 LAs (scenarios/data/la_history.csv).
LA_HISTORY = ["cla_at_31mar", "cla_started", "cla_ceased", "cla_adopted", "cla_ceased_sgo",
              "cla_uasc_at_31mar", "cin_at_31mar", "cpp_at_31mar", "cpp_started", "referrals",
              "s47_enquiries", "cin_episodes_ended", "care_leavers_19_21", "population_0_17"]
LA_YEARS = [str(y) for y in range(2016, 2023)]   # years ending 31 March
# Columns of the LA tables that do not depend on the year (deprivation as of 2021-22).
LA_STATIC = ["la_code", "dfe_la_code", "la_name", "region_code", "region_name", "la_type",
             "fsm_rank_2022", "children_low_income_pct_fye2022", "low_income_rank_fye2022"]
POP_YEARS = [str(y) for y in range(2015, 2022)]  # mid-year populations


def main(shared: Path, out: Path) -> None:
    rows = []
    with open(shared / "national_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            year_ok = r["year"] == YEAR or (r["measure"] == "population_0_17" and r["year"] == "2021")
            if not year_ok:
                continue
            for measure, breakdown in NATIONAL:
                if r["measure"] == measure and (breakdown is None or r["breakdown"] == breakdown):
                    rows.append([r["year"], r["measure"], r["breakdown"], r["value"], r["source"]])
    with open(shared / "national_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["breakdown"] == "total" and (r["year"], r["measure"]) in TREND_START:
                rows.append([r["year"], r["measure"], r["breakdown"], r["value"], r["source"]])
    with open(out / "england_2022.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "measure", "breakdown", "value", "source"])
        w.writerows(rows)

    la_values = {}
    with open(shared / "la_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == YEAR and r["breakdown"] == "total" and r["measure"] in LA_MEASURES:
                la_values[(r["la_code"], r["measure"])] = (r["value"], r["source"])
    with open(shared / "local_authorities.csv", newline="") as f:
        las = list(csv.DictReader(f))
    with open(out / "local_authorities.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LA_STATIC + ["pop_0_17"] + LA_MEASURES + ["sources"])
        for la in las:
            values, sources = [], set()
            for m in LA_MEASURES:
                v, s = la_values.get((la["la_code"], m), ("", ""))
                values.append(v)
                if s:
                    sources.add(s)
            w.writerow([la[k] for k in LA_STATIC] + [la["pop_0_17_mid2021"]] + values
                       + [";".join(sorted(sources))])

    england_finance(shared, out, {YEAR}, "2021_22")
    england_finance(shared, out, {str(y) for y in range(2016, 2023)}, "history")
    england_history(shared, out)
    la_history(shared, out)
    la_table_of_year(out, "2017")
    for name in ("fostering_households.csv", "sgo_orders_moj.csv"):  # own columns: copied verbatim
        shutil.copyfile(shared / name, out / f"england_{name}")


def england_finance(shared: Path, out: Path, years: set, suffix: str) -> None:
    """England s251 lines and unit costs for the financial years ending 31 March in `years`."""
    def england(name):
        with open(shared / name, newline="") as f:
            rows = [r for r in csv.DictReader(f)
                    if r["area_code"] == "E92000001" and r["year_ending_31mar"] in years]
        return sorted(rows, key=lambda r: r["year_ending_31mar"])  # stable: source order in a year
    with open(out / f"england_unit_costs_{suffix}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["financial_year", "cost_type", "gbp_per_child_per_week", "source"])
        for r in england("unit_costs.csv"):
            w.writerow([r["financial_year"], r["cost_type"], r["gbp_per_child_per_week"],
                        r["source"]])
    with open(out / f"england_s251_{suffix}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["financial_year", "line_code", "line", "line_type", "gross_expenditure_gbp",
                    "source"])
        for r in england("spend.csv"):
            w.writerow([r["financial_year"], r["line_code"], r["line"], r["line_type"],
                        r["gross_expenditure_gbp"], r["source"]])


# Series kept from 2004 (the national time series starts in 1994; SGOs in 2013 in this data).
LONG_HISTORY = {"cla_adopted", "cla_at_31mar", "cla_started", "cla_ceased", "cla_uasc_at_31mar"}


def england_history(shared: Path, out: Path) -> None:
    """England series 2013-2022 (population mid-2012..mid-2021; LONG_HISTORY from 2004), every
    breakdown, as published."""
    rows = []
    with open(shared / "national_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            first = 2012 if r["measure"] == "population_0_17" else 2013
            if r["measure"] in LONG_HISTORY:
                first = 2004  # adoptions since 2004-05 are still under 18 at 31 March 2022
            if r["measure"] in HISTORY and first <= int(r["year"]) <= 2022:
                rows.append([r["year"], r["measure"], r["breakdown"], r["value"], r["source"]])
    rows.sort(key=lambda r: (HISTORY.index(r[1]), r[0]))  # stable: breakdowns in source order
    with open(out / "england_history.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "measure", "breakdown", "value", "source"])
        w.writerows(rows)


def fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:.1f}"


def christchurch_share(shared: Path, pop: dict) -> float:
    """Share s of Dorset county (E10000009) that was Christchurch and went to BCP in April 2019.

    ONS populations of Bournemouth, Poole and Dorset county are suppressed for every year, so
    their mid-2018 values are estimated: their sum is England minus all other LAs (exact), split
    by the mean shares of the three populations implied by LAIT cla_rate_per10k for 2016-2018
    (cla_at_31mar / rate x 10,000, i.e. ONS mid-2015..mid-2017). s is then the least-squares fit of
    BCP mid-2019 = Bournemouth + Poole + s x county and Dorset mid-2019 = (1 - s) x county.
    """
    old, cla, rate = ["E06000028", "E06000029", "E10000009"], {}, {}
    with open(shared / "la_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["la_code"] not in old or r["breakdown"] != "total":
                continue
            if r["year"] in ("2016", "2017", "2018"):
                if r["measure"] == "cla_at_31mar":
                    cla[r["la_code"], r["year"]] = float(r["value"])
                if r["measure"] == "cla_rate_per10k":
                    rate[r["la_code"], r["year"]] = float(r["value"])
    with open(shared / "national_timeseries.csv", newline="") as f:
        england = next(float(r["value"]) for r in csv.DictReader(f)
                       if r["measure"] == "population_0_17" and r["year"] == "2018")
    assert not any(("2018", "population_0_17", c) in pop for c in old)  # else use them directly
    rest = england - sum(v for (y, m, c), v in pop.items()
                         if y == "2018" and m == "population_0_17" and "/" not in c)
    shares = {c: 0.0 for c in old}
    for y in ("2016", "2017", "2018"):
        implied = {c: cla[c, y] / rate[c, y] for c in old}
        for c in old:
            shares[c] += implied[c] / sum(implied.values()) / 3
    bournemouth, poole, county = (rest * shares[c] for c in old)
    bcp, dorset = (pop["2019", "population_0_17", c] for c in ("E06000058", "E06000059"))
    return round((bcp - bournemouth - poole + county - dorset) / (2 * county), 4)


def la_table_of_year(out: Path, year: str) -> None:
    """local_authorities_<year>.csv: the LA table of a start year, from la_history.csv. Stocks at
    31 March <year> and flows in the year ending then; population 0-17 of mid-<year - 1> (DfE's
    denominator for that year), or the earliest later mid-year where ONS suppressed it (BCP and
    Dorset before mid-2019)."""
    with open(out / "local_authorities.csv", newline="") as f:
        las = list(csv.DictReader(f))
    hist = {}
    with open(out / "la_history.csv", newline="") as f:
        for r in csv.DictReader(f):
            hist[r["la_code"], int(r["year"]), r["measure"]] = r["value"]
    with open(out / f"local_authorities_{year}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LA_STATIC + ["pop_0_17"] + LA_MEASURES + ["sources"])
        for la in las:
            code = la["la_code"]
            pop_year = next(y for y in range(int(year) - 1, 2022)
                            if (code, y, "population_0_17") in hist)
            source = f"scenarios/data/la_history.csv, year {year}; population mid-{pop_year}"
            # Whole children: the Northamptonshire split can leave a fraction.
            pop = str(round(float(hist[code, pop_year, "population_0_17"])))
            w.writerow([la[k] for k in LA_STATIC] + [pop]
                       + [hist.get((code, int(year), m), "") for m in LA_MEASURES] + [source])


def la_history(shared: Path, out: Path) -> None:
    """LA totals 2016-2022 (population mid-2015..mid-2021) mapped to the 2021-22 geography."""
    with open(out / "local_authorities.csv", newline="") as f:
        las = list(csv.DictReader(f))
    pop21 = {la["la_code"]: float(la["pop_0_17"]) for la in las}
    pub = {}  # (year, measure, code as published) -> value
    with open(shared / "la_timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            years = POP_YEARS if r["measure"] == "population_0_17" else LA_YEARS
            if r["measure"] in LA_HISTORY and r["breakdown"] == "total" and r["year"] in years:
                pub[r["year"], r["measure"], r["la_code"]] = float(r["value"])
    north = round(pop21["E06000061"] / (pop21["E06000061"] + pop21["E06000062"]), 4)
    s = christchurch_share(shared, pub)
    rows = {}  # (la_code, year, measure) -> (value, derivation)

    def put(code, y, m, v, how):
        assert (code, y, m) not in rows, (code, y, m)
        rows[code, y, m] = (fmt(v), how)

    split = (f"split of Northamptonshire E10000021 by the successors' population 0-17 mid-2021: "
             f"North {north:.4f} and West {1 - north:.4f}")
    for (y, m, code), v in pub.items():
        if code in pop21:
            put(code, y, m, v, "as published")
        elif code == "E10000002":
            put("E06000060", y, m, v, "renamed code E10000002")
        elif code == "E10000021":
            put("E06000061", y, m, round(v * north, 1), split)
            put("E06000062", y, m, round(v - round(v * north, 1), 1), split)
        elif code == "E10000009":
            put("E06000059", y, m, round(v - round(v * s, 1), 1),
                f"Dorset county E10000009 x {1 - s:.4f} (county less Christchurch; "
                f"share {s:.4f} to BCP)")
            if (y, m, "E06000028") in pub and (y, m, "E06000029") in pub:
                both = pub[y, m, "E06000028"] + pub[y, m, "E06000029"]
                put("E06000058", y, m, both + round(v * s, 1),
                    f"Bournemouth E06000028 + Poole E06000029 + Dorset county E10000009 x {s:.4f} "
                    f"(Christchurch)")
        elif code not in ("E06000028", "E06000029"):
            raise SystemExit(f"no 2021-22 successor rule for {code}")
    order = {la["la_code"]: i for i, la in enumerate(las)}
    with open(out / "la_history.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["la_code", "year", "measure", "value", "derivation"])
        for key in sorted(rows, key=lambda k: (order[k[0]], k[1], k[2])):
            w.writerow(list(key) + list(rows[key]))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"), Path("scenarios/data"))

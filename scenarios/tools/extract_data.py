#!/usr/bin/env python3
"""Copies the official figures the model uses from the shared data folder into scenarios/data/.

Run from the repository root:  python3 scenarios/tools/extract_data.py ../shared/data
The project builds and runs from the copies; this script only documents and repeats the copy.
Every row keeps the `source` id of the shared data README (DfE, ONS, Ofsted releases with commits).
"""
import csv
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
    ("cla_31mar_placement_detail", None), ("cla_31mar_provider_by_placement", None),
    ("cla_adopted_detail", None), ("cla_ceased_sgo_detail", None), ("care_leavers_19_21", "total"),
    ("population_0_17", "total"),
]
# LA figures joined onto the LA list (measure -> column name).
LA_MEASURES = ["referrals", "s47_enquiries", "cpp_started", "cpp_at_31mar", "cin_at_31mar",
               "cin_episodes_ended", "cla_at_31mar", "cla_started", "cla_ceased"]


# England totals for the first year of the five-year trend (year ending 31 March 2017; population
# mid-2016, which DfE uses for 2017 rates), for scenarios/parameters/trends.toml.
TREND_START = [("2017", m) for m in ("referrals", "s47_enquiries", "cpp_started", "cpp_at_31mar",
                                      "cin_at_31mar", "cin_episodes_ended", "cla_at_31mar",
                                      "cla_started", "cla_ceased")] + [("2016", "population_0_17")]


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
    keep = ["la_code", "dfe_la_code", "la_name", "region_code", "region_name", "la_type",
            "pop_0_17_mid2021", "fsm_rank_2022", "children_low_income_pct_fye2022",
            "low_income_rank_fye2022"]
    with open(out / "local_authorities.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(keep + [f"{m}_2022" for m in LA_MEASURES] + ["sources"])
        for la in las:
            values, sources = [], set()
            for m in LA_MEASURES:
                v, s = la_values.get((la["la_code"], m), ("", ""))
                values.append(v)
                if s:
                    sources.add(s)
            w.writerow([la[k] for k in keep] + values + [";".join(sorted(sources))])

    rows = []
    with open(shared / "unit_costs.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["area_code"] == "E92000001" and r["year_ending_31mar"] == YEAR:
                rows.append([r["financial_year"], r["cost_type"], r["gbp_per_child_per_week"],
                             r["source"]])
    with open(shared / "spend.csv", newline="") as f:
        spend = [r for r in csv.DictReader(f)
                 if r["area_code"] == "E92000001" and r["year_ending_31mar"] == YEAR]
    with open(out / "england_unit_costs_2021_22.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["financial_year", "cost_type", "gbp_per_child_per_week", "source"])
        w.writerows(rows)
    with open(out / "england_s251_2021_22.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["financial_year", "line_code", "line", "line_type", "gross_expenditure_gbp",
                    "source"])
        for r in spend:
            w.writerow([r["financial_year"], r["line_code"], r["line"], r["line_type"],
                        r["gross_expenditure_gbp"], r["source"]])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"), Path("scenarios/data"))

#include "agents/care_leavers.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "agents/age_band.hpp"
#include "agents/care_state.hpp"
#include "agents/shares.hpp"

namespace csc::agents {

namespace {
constexpr std::array<const char*, kLeaverAgeGroups> kGroupNames = {"18", "19_21", "22_24"};
/// Network identities of the care leavers at the start (whose families are not simulated) have
/// this bit set, apart from every family number.
constexpr uint32_t kLeaverFamilyBit = 0x80000000U;

}  // namespace

LeavingCareParameters LeavingCareParameters::read(const sim::ParameterSet& p) {
    LeavingCareParameters out;
    for (int g = 0; g < kLeaverAgeGroups; ++g) {
        out.activity[g] =
            shares_of<kActivities>(p, std::string("leaving_care.activity_") + kGroupNames[g]);
        out.accommodation[g] =
            shares_of<3>(p, std::string("leaving_care.accommodation_") + kGroupNames[g]);
    }
    out.p_staying_put = p.scalar("leaving_care.p_staying_put");
    out.p_staying_put_continues = p.scalar("leaving_care.p_staying_put_continues");
    const double end_age = p.scalar("leaving_care.staying_put_end_age");
    if (end_age != std::floor(end_age)) {
        throw p.error("leaving_care.staying_put_end_age", "expected a whole number of years");
    }
    out.staying_put_end_age = static_cast<int>(end_age);
    if (out.staying_put_end_age <= kFirstLeaverAge ||
        out.staying_put_end_age > kFirstLeaverAge + kLeaverAges) {
        throw p.error("leaving_care.staying_put_end_age", "expected an age from 19 to 25");
    }
    const double extended = p.scalar("leaving_care.staying_put_extended_end_age");
    if (extended != std::floor(extended) || extended < out.staying_put_end_age ||
        extended > kFirstLeaverAge + kLeaverAges) {
        throw p.error("leaving_care.staying_put_extended_end_age",
                      "expected a whole number of years from leaving_care.staying_put_end_age "
                      "to 25");
    }
    out.staying_put_extended_end_age = static_cast<int>(extended);
    out.initial_foster_share = p.scalar("leaving_care.initial_foster_share");
    out.initial_cohort_per_leaver_19_21 = p.scalar("leaving_care.initial_cohort_per_leaver_19_21");
    out.initial_cohort_growth = p.scalar("leaving_care.initial_cohort_growth");
    return out;
}

void CareLeavers::initialise(double per_age, double former_uasc, uint32_t& next_serial,
                             int32_t start_month) {
    // Ages uniform within each year of age on the day before the start. Each young person's
    // history since 18 is replayed birthday by birthday with the same rules as in the run.
    const int32_t m0 = start_month - 1;
    for (int a = 0; a < kLeaverAges; ++a) {
        // Stochastic rounding keyed by the LA and age: small samples stay unbiased.
        const uint64_t la_entity = (static_cast<uint64_t>(la_) << 32U) | 0xFFFFFFFFU;
        const int64_t cohort = sim::stochastic_round(
            per_age * std::pow(1.0 + params_.initial_cohort_growth, 20 - (kFirstLeaverAge + a)),
            sim::draw(key_, la_entity, static_cast<sim::Purpose>(Purpose::InitialLeaver), 0,
                      static_cast<uint32_t>(a))[0]);
        for (int64_t k = 0; k < cohort; ++k) {
            const uint32_t serial = next_serial++;
            const uint64_t entity = (static_cast<uint64_t>(la_) << 32U) | serial;
            const sim::Words w =
                sim::draw(key_, entity, static_cast<sim::Purpose>(Purpose::InitialLeaver), 0);
            const int age_months =
                (kFirstLeaverAge + a) * 12 + static_cast<int>(sim::uniform_open(w[0]) * 12.0);
            const size_t i = c_.size();
            c_.serial.push_back(serial);
            c_.birth_month.push_back(static_cast<int16_t>(m0 - age_months));
            c_.uasc.push_back(sim::uniform_open(w[2]) < former_uasc ? 1 : 0);
            c_.from_foster.push_back(sim::uniform_open(w[1]) < params_.initial_foster_share ? 1
                                                                                            : 0);
            c_.activity.push_back(Activity::NotKnown);
            c_.accommodation.push_back(Accommodation::NotKnown);
            // Their family is not simulated: a network of their own, keyed apart from families.
            c_.relationships.push_back(static_cast<uint8_t>(
                std::min(255, lasting_relationships(family_network(networks_, key_, la_,
                                                                   kLeaverFamilyBit | serial)))));
            for (int age = kFirstLeaverAge; age <= kFirstLeaverAge + a; ++age) {
                birthday(i, age, static_cast<sim::Purpose>(Purpose::InitialLeaver),
                         m0 - age_months + age * 12);
            }
        }
    }
}

void CareLeavers::join(uint32_t serial, uint32_t family, int16_t birth_month, bool uasc,
                       bool from_foster, int32_t m) {
    const size_t i = c_.size();
    c_.serial.push_back(serial);
    c_.birth_month.push_back(birth_month);
    c_.uasc.push_back(uasc ? 1 : 0);
    c_.from_foster.push_back(from_foster ? 1 : 0);
    c_.activity.push_back(Activity::NotKnown);
    c_.accommodation.push_back(Accommodation::NotKnown);
    // An unaccompanied young person's family is not in England: no network.
    c_.relationships.push_back(
        uasc ? 0
             : static_cast<uint8_t>(std::min(
                   255, lasting_relationships(family_network(networks_, key_, la_, family)))));
    birthday(i, kFirstLeaverAge, static_cast<sim::Purpose>(Purpose::CareLeaver), m);
}

void CareLeavers::birthday(size_t k, int age_years, sim::Purpose purpose, int32_t m,
                           double staying_put_end) {
    const uint64_t entity = (static_cast<uint64_t>(la_) << 32U) | c_.serial[k];
    // Index separates the birthdays replayed at the start (all drawn in period 0 there).
    const sim::Words w = sim::draw(key_, entity, purpose, static_cast<uint32_t>(m),
                                   static_cast<uint32_t>(age_years));
    const int g = leaver_age_group(age_years);
    c_.activity[k] = static_cast<Activity>(pick(params_.activity[g],
                                                static_cast<int>(params_.activity[g].size()),
                                                sim::uniform_open(w[0])));
    // Staying Put: a young person in foster care at 18 may stay with the foster carer, and stays
    // on at each later birthday with a set probability until its funding ends; at that birthday
    // only as far as a reform extends it (1 - staying_put_end of those who would stay on), and
    // those it keeps stay on as before, to the extension's end.
    const double u = sim::uniform_open(w[1]);
    bool staying_put = false;
    if (age_years == kFirstLeaverAge) {
        staying_put = c_.from_foster[k] != 0 && u < params_.p_staying_put;
    } else if (age_years < params_.staying_put_extended_end_age &&
               c_.accommodation[k] == Accommodation::StayingPut) {
        const double extended =
            age_years == params_.staying_put_end_age ? 1.0 - staying_put_end : 1.0;
        staying_put = u < params_.p_staying_put_continues * extended;
    }
    if (staying_put) {
        c_.accommodation[k] = Accommodation::StayingPut;
    } else {
        const int a =
            pick(params_.accommodation[g], static_cast<int>(params_.accommodation[g].size()),
                 sim::uniform_open(w[2]));
        c_.accommodation[k] = static_cast<Accommodation>(1 + a);
    }
}

int64_t CareLeavers::run_month(int32_t m, double staying_put_end) {
    // Birthdays of the month: a new year of activity and accommodation, or leaving at 25.
    size_t kept = 0;
    int64_t aged_out = 0;
    for (size_t k = 0; k < c_.size(); ++k) {
        const int age_months = m - c_.birth_month[k];
        if (age_months >= (kFirstLeaverAge + kLeaverAges) * 12) {
            ++aged_out;
            continue;
        }
        if (age_months % 12 == 0 && age_months > kFirstLeaverAge * 12) {
            birthday(k, age_months / 12, static_cast<sim::Purpose>(Purpose::CareLeaver), m,
                     staying_put_end);
        }
        if (kept != k) {
            c_.serial[kept] = c_.serial[k];
            c_.birth_month[kept] = c_.birth_month[k];
            c_.uasc[kept] = c_.uasc[k];
            c_.from_foster[kept] = c_.from_foster[k];
            c_.activity[kept] = c_.activity[k];
            c_.accommodation[kept] = c_.accommodation[k];
            c_.relationships[kept] = c_.relationships[k];
        }
        ++kept;
    }
    c_.serial.resize(kept);
    c_.birth_month.resize(kept);
    c_.uasc.resize(kept);
    c_.from_foster.resize(kept);
    c_.activity.resize(kept);
    c_.accommodation.resize(kept);
    c_.relationships.resize(kept);
    return aged_out;
}

LeaverCounts CareLeavers::count(int32_t m) const {
    LeaverCounts out;
    for (size_t k = 0; k < c_.size(); ++k) {
        const int a = (m - c_.birth_month[k]) / 12 - kFirstLeaverAge;
        if (a < 0 || a >= kLeaverAges) continue;
        ++out.by_activity[a][static_cast<int>(c_.activity[k])];
        ++out.by_accommodation[a][static_cast<int>(c_.accommodation[k])];
        out.former_uasc[a] += c_.uasc[k];
        out.two_relationships[a] += c_.relationships[k] >= 2 ? 1 : 0;
    }
    return out;
}

}  // namespace csc::agents

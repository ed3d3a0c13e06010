#include "agents/family_network.hpp"

#include <boost/random/poisson_distribution.hpp>
#include <string>

#include "agents/care_state.hpp"

namespace csc::agents {

NetworkParameters NetworkParameters::read(const sim::ParameterSet& p) {
    NetworkParameters out;
    const auto& mean = p.array("network.mean_members", kRelationships);
    const auto& willing = p.array("network.p_able_willing", kRelationships);
    for (int r = 0; r < kRelationships; ++r) {
        out.mean_members[r] = mean[r];
        out.p_able_willing[r] = willing[r];
    }
    out.p_nearby = p.scalar("network.p_nearby");
    return out;
}

FamilyNetwork family_network(const NetworkParameters& params, const sim::RandomKey& key, size_t la,
                             uint32_t family) {
    // The family's entity: LA in the high word, the family number in the low word; its own
    // purpose keeps it apart from every child's draws.
    const uint64_t entity = (static_cast<uint64_t>(la) << 32U) | family;
    auto rng = sim::stream(key, entity, static_cast<sim::Purpose>(Purpose::Network), 0);
    FamilyNetwork g;
    const auto household = boost::add_vertex(NetworkMember{}, g);
    for (int r = 0; r < kRelationships; ++r) {
        if (params.mean_members[r] <= 0) continue;
        boost::random::poisson_distribution<int, double> members(params.mean_members[r]);
        const int n = members(rng);
        for (int k = 0; k < n; ++k) {
            NetworkMember m;
            m.relationship = static_cast<Relationship>(r);
            const uint32_t willing = rng();
            const uint32_t near = rng();
            m.able_and_willing = sim::uniform_open(willing) < params.p_able_willing[r];
            m.nearby = sim::uniform_open(near) < params.p_nearby;
            const auto v = boost::add_vertex(m, g);
            boost::add_edge(household, v, g);
        }
    }
    return g;
}

int possible_carers(const FamilyNetwork& network) {
    int n = 0;
    for (const auto v : boost::make_iterator_range(boost::adjacent_vertices(0, network)))
        n += network[v].able_and_willing ? 1 : 0;
    return n;
}

int lasting_relationships(const FamilyNetwork& network) {
    return static_cast<int>(boost::out_degree(0, network));
}

}  // namespace csc::agents

// Each family's network of relatives and trusted adults, as a Boost.Graph graph.
#pragma once

#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>

#include "sim/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

/// How an adult in the network is related to the family.
enum class Relationship : uint8_t { Grandparent = 0, AuntOrUncle, AdultSibling, FamilyFriend };
inline constexpr int kRelationships = 4;
inline constexpr std::array<const char*, kRelationships> kRelationshipNames = {
    "grandparent", "aunt_or_uncle", "adult_sibling", "family_friend"};

/// A vertex: the family's household (vertex 0) or an adult of its network.
struct NetworkMember {
    Relationship relationship = Relationship::Grandparent;  ///< meaningless for vertex 0
    bool able_and_willing = false;  ///< could and would care for the children
    bool nearby = false;            ///< lives close enough to keep the child's school and ties
};

/// The network: an undirected graph whose edges join the household to each adult.
using FamilyNetwork =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, NetworkMember>;

/// Sizes and qualities of networks (scenarios/parameters/networks.toml).
struct NetworkParameters {
    std::array<double, kRelationships> mean_members{};    ///< Poisson mean of each kind
    std::array<double, kRelationships> p_able_willing{};  ///< of each kind, able and willing
    double p_nearby = 0;                                  ///< of any member, lives nearby

    /// @throws csc::sim::ScenarioError for a missing or inconsistent parameter.
    static NetworkParameters read(const sim::ParameterSet& p);
};

/**
 * The network of one family, the same whenever it is asked for: every draw is keyed by
 * (seed, replicate) and the family's identity (LA and family number), so a network needs no
 * storage and does not depend on who asks first.
 */
[[nodiscard]] FamilyNetwork family_network(const NetworkParameters& params,
                                           const sim::RandomKey& key, size_t la, uint32_t family);

/// Adults of the network able and willing to care for the children.
[[nodiscard]] int possible_carers(const FamilyNetwork& network);

/// Adults of the network with whom a young person can keep a lasting relationship (every adult
/// of the network: the review's "two loving relationships" mission counts them).
[[nodiscard]] int lasting_relationships(const FamilyNetwork& network);

}  // namespace csc::agents

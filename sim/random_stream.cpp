#include "sim/random_stream.hpp"

namespace csc::sim {

namespace {
// SplitMix64 finaliser (Steele, Lea & Flood 2014): spreads nearby seeds over the whole key space.
uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}
}  // namespace

RandomKey::RandomKey(uint64_t seed, uint32_t replicate) {
    const uint64_t k = mix64(mix64(seed) ^ replicate);
    key_ = {{static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32U)}};
}

}  // namespace csc::sim

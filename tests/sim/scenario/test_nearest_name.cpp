#include <catch2/catch.hpp>

#include "sim/scenario/nearest_name.hpp"

using csc::sim::edit_distance;
using csc::sim::nearest_name;
using csc::sim::unknown_key_message;

TEST_CASE("scenario: edit_distance is the Levenshtein distance", "[scenario]") {
    REQUIRE(edit_distance("", "") == 0);
    REQUIRE(edit_distance("abc", "") == 3);
    REQUIRE(edit_distance("", "abc") == 3);
    REQUIRE(edit_distance("kitten", "sitting") == 3);
    REQUIRE(edit_distance("smaple", "sample") == 2);
    REQUIRE(edit_distance("seed", "seed") == 0);
}

TEST_CASE("scenario: nearest_name picks the closest candidate within max(3, len/3)", "[scenario]") {
    const std::vector<std::string> names = {"name", "sample", "seed", "start"};
    REQUIRE(nearest_name("smaple", names) == std::optional<std::string>("sample"));
    REQUIRE(nearest_name("sead", names) == std::optional<std::string>("seed"));
    REQUIRE_FALSE(nearest_name("replicates", names).has_value());
    // Long names allow len/3 edits: 5 for a 15-character name, but not 6.
    REQUIRE(nearest_name("abcdefghijklmno", {"abcdefghij"}).has_value());
    REQUIRE_FALSE(nearest_name("abcdefghijklmno", {"abcdefghi"}).has_value());
    REQUIRE_FALSE(nearest_name("x", {}).has_value());
}

TEST_CASE("scenario: unknown_key_message omits the suggestion when nothing is near", "[scenario]") {
    REQUIRE(unknown_key_message("extend", {"extends", "run"}) ==
            "unknown key; did you mean 'extends'?");
    REQUIRE(unknown_key_message("zzzzzzzz", {"extends", "run"}) == "unknown key");
}

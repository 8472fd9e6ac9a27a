// Tests of civica/core/ids.hpp: distinct identifier types.
#include "civica/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>

using namespace civica;

// One kind of id cannot be passed where another is expected, nor made from a string implicitly.
static_assert(!std::is_convertible_v<organization_id, council_id>);
static_assert(!std::is_convertible_v<council_id, organization_id>);
static_assert(!std::is_convertible_v<person_id, organization_id>);
static_assert(!std::is_constructible_v<organization_id, person_id>);
static_assert(!std::is_convertible_v<std::string, organization_id>);
static_assert(!std::is_convertible_v<const char*, organization_id>);
static_assert(!std::is_convertible_v<organization_id, std::string>);
// council_id is a documented synonym of body_id.
static_assert(std::is_same_v<council_id, body_id>);

TEST(ids, is_empty_by_default_and_false_when_empty) {
    const organization_id none;
    EXPECT_TRUE(none.empty());
    EXPECT_FALSE(static_cast<bool>(none));
    EXPECT_EQ(none.str(), "");
    const organization_id some("org-1");
    EXPECT_FALSE(some.empty());
    EXPECT_TRUE(static_cast<bool>(some));
}

TEST(ids, can_be_made_from_a_string_a_view_or_a_literal) {
    const std::string s = "8614008550";
    EXPECT_EQ(organization_id(s).str(), s);
    EXPECT_EQ(organization_id(std::string_view(s)).str(), s);
    EXPECT_EQ(organization_id("8614008550").str(), s);
    EXPECT_EQ(organization_id(std::string("8614008550")), organization_id("8614008550"));
}

TEST(ids, compare_by_their_text) {
    EXPECT_EQ(council_id("pc-1"), council_id("pc-1"));
    EXPECT_NE(council_id("pc-1"), council_id("pc-2"));
    EXPECT_LT(council_id("pc-1"), council_id("pc-2"));
    EXPECT_LT(council_id(""), council_id("a"));
    EXPECT_GT(council_id("b"), council_id("a"));
}

TEST(ids, work_as_keys_of_ordered_and_hashed_containers) {
    std::set<application_id> ordered{application_id("b"), application_id("a"), application_id("b")};
    EXPECT_EQ(ordered.size(), 2u);
    EXPECT_EQ(ordered.begin()->str(), "a");
    std::unordered_set<application_id> hashed{application_id("x"), application_id("y"),
                                              application_id("x")};
    EXPECT_EQ(hashed.size(), 2u);
    EXPECT_TRUE(hashed.count(application_id("y")));
    EXPECT_EQ(std::hash<application_id>{}(application_id("x")), std::hash<std::string>{}("x"));
}

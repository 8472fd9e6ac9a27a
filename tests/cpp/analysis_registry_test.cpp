#include "civica/analysis/registry.hpp"

#include "analysis_fixture.hpp"

#include <gtest/gtest.h>

namespace an = civica::analysis;

namespace {
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
}  // namespace

TEST(ngo_registry, counts_the_ngos_of_the_territory_registered_by_the_end_of_the_year) {
    const auto r = an::ngo_registry(ds(), 2020);
    // o1 (2015), o2 (2019), o5 (2020); o6 registered 2021; the resource centre is not an NGO.
    EXPECT_EQ(r.territory, "a");
    EXPECT_EQ(r.organizations, 3);
    EXPECT_EQ(r.socially_oriented, 2);
    EXPECT_DOUBLE_EQ(r.socially_oriented_share, 2.0 / 3);
    EXPECT_EQ(r.public_associations, 2);
    ASSERT_EQ(r.by_legal_form.size(), 2u);
    EXPECT_EQ(r.by_legal_form[0], (an::count_row{"20200", r.by_legal_form[0].label, 2}));
    EXPECT_EQ(r.by_legal_form[1].key, "71400");
    EXPECT_EQ(r.by_sphere[0], (an::count_row{"culture", "culture", 2}));
    EXPECT_EQ(r.by_sphere.size(), 3u);
    EXPECT_EQ(r.registrations_by_year,
              (std::vector<std::pair<int, std::int64_t>>{{2015, 1}, {2019, 1}, {2020, 1}}));
    EXPECT_EQ(an::ngo_registry(ds(), 2021).organizations, 4);
    EXPECT_EQ(an::ngo_registry(ds(), 2014).organizations, 0);
}

TEST(ngo_registry, over_every_territory_counts_by_municipality) {
    const auto r = an::ngo_registry(ds(), 2020, an::any_territory);
    EXPECT_EQ(r.organizations, 5);
    ASSERT_EQ(r.by_municipality.size(), 3u);
    EXPECT_EQ(r.by_municipality[0], (an::count_row{"a", "Alpha", 3}));
    EXPECT_EQ(r.by_municipality[1].count, 1);
}

// Tests of civica/error.hpp: the exception hierarchy and parse_error's located messages.
#include "civica/error.hpp"

#include "civica/core/money.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <type_traits>

using civica::parse_error;

static_assert(std::is_base_of_v<std::runtime_error, civica::error>);
static_assert(std::is_base_of_v<civica::error, civica::validation_error>);
static_assert(std::is_base_of_v<civica::error, civica::parse_error>);
static_assert(std::is_base_of_v<civica::error, civica::not_found_error>);
static_assert(std::is_base_of_v<civica::error, civica::io_error>);

TEST(parse_error, prefixes_file_line_and_field_to_the_reason) {
    const parse_error e("applications.csv", 17, 0, "awarded", "12,5 is not an amount");
    EXPECT_STREQ(e.what(), "applications.csv:17: column \"awarded\": 12,5 is not an amount");
    EXPECT_EQ(e.file(), "applications.csv");
    EXPECT_EQ(e.line(), 17u);
    EXPECT_EQ(e.column(), 0u);
    EXPECT_EQ(e.field(), "awarded");
    EXPECT_EQ(e.reason(), "12,5 is not an amount");
}

TEST(parse_error, adds_the_column_number_after_the_line_when_known) {
    const parse_error e("grants.json", 3, 14, "", "expected a string");
    EXPECT_STREQ(e.what(), "grants.json:3:14: expected a string");
    EXPECT_EQ(e.column(), 14u);
}

TEST(parse_error, leaves_out_the_parts_that_are_unknown) {
    EXPECT_STREQ(parse_error("f.csv", 0, 0, "", "empty file").what(), "f.csv: empty file");
    EXPECT_STREQ(parse_error("", 0, 0, "amount", "bad").what(), "column \"amount\": bad");
    EXPECT_STREQ(parse_error("", 0, 0, "", "bad").what(), "bad");
    EXPECT_STREQ(parse_error("f.csv", 0, 5, "", "bad").what(), "f.csv: bad");
}

TEST(parse_error, without_a_place_is_just_the_reason) {
    const parse_error e("\"x\" is not a date");
    EXPECT_STREQ(e.what(), "\"x\" is not a date");
    EXPECT_EQ(e.reason(), "\"x\" is not a date");
    EXPECT_EQ(e.file(), "");
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.field(), "");
}

TEST(parse_error, located_adds_the_place_a_reader_knows) {
    const parse_error bare("\"12,5\" is not an amount");
    const parse_error e = bare.located("applications.csv", 17, "awarded");
    EXPECT_STREQ(e.what(), "applications.csv:17: column \"awarded\": \"12,5\" is not an amount");
    EXPECT_EQ(e.reason(), bare.reason());
    EXPECT_EQ(e.file(), "applications.csv");
    EXPECT_EQ(e.line(), 17u);
    EXPECT_EQ(e.field(), "awarded");
    // The original is unchanged.
    EXPECT_STREQ(bare.what(), "\"12,5\" is not an amount");
}

TEST(parse_error, located_keeps_the_parts_already_set) {
    const parse_error inner("inner.csv", 4, 2, "amount", "bad");
    const parse_error e = inner.located("outer.csv", 99, "other");
    EXPECT_STREQ(e.what(), "inner.csv:4:2: column \"amount\": bad");
    const parse_error partly("", 0, 0, "amount", "bad");
    EXPECT_STREQ(partly.located("f.csv", 8).what(), "f.csv:8: column \"amount\": bad");
}

TEST(parse_error, located_works_on_a_value_parser_error) {
    try {
        civica::money::parse("12,5");
        FAIL();
    } catch (const parse_error& e) {
        const std::string m = e.located("applications.csv", 17, "awarded").what();
        EXPECT_EQ(m.rfind("applications.csv:17: column \"awarded\": \"12,5\" is not an amount", 0), 0u)
            << m;
    }
}

TEST(error, every_kind_can_be_caught_as_civica_error_and_runtime_error) {
    auto check = [](auto thrower) {
        try {
            thrower();
        } catch (const civica::error& e) {
            EXPECT_STREQ(e.what(), "boom");
            return;
        }
        ADD_FAILURE() << "not caught as civica::error";
    };
    check([] { throw civica::validation_error("boom"); });
    check([] { throw civica::not_found_error("boom"); });
    check([] { throw civica::io_error("boom"); });
    check([] { throw civica::parse_error("boom"); });
    EXPECT_THROW(throw civica::io_error("x"), std::runtime_error);
}

// Tests of civica/core/column.hpp: the dictionary-encoded string column and the id index.
#include "civica/core/column.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

using civica::id_index;
using civica::no_row;
using civica::string_column;
using civica::string_pool;

// ------------------------------------------------------------------ string_column

TEST(string_column, starts_empty_with_the_empty_string_as_code_zero) {
    const string_column c;
    EXPECT_EQ(c.size(), 0u);
    ASSERT_EQ(c.dictionary().size(), 1u);
    EXPECT_EQ(c.dictionary()[0], "");
    EXPECT_EQ(c.find(""), 0);
}

TEST(string_column, gives_the_empty_string_code_zero_without_growing_the_dictionary) {
    string_column c;
    c.push_back("");
    c.push_back("");
    EXPECT_EQ(c.size(), 2u);
    EXPECT_EQ(c.codes(), (std::vector<std::int32_t>{0, 0}));
    EXPECT_EQ(c.dictionary().size(), 1u);
    EXPECT_EQ(c[1], "");
}

TEST(string_column, stores_each_distinct_string_once) {
    string_column c;
    const std::vector<std::string> values{"Социальное проектирование в НКО",
                                          "Отчетность некоммерческой организации",
                                          "Социальное проектирование в НКО", "", "culture",
                                          "Отчетность некоммерческой организации"};
    for (const auto& v : values) c.push_back(v);
    ASSERT_EQ(c.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(c[i], values[i]) << i;
    EXPECT_EQ(c.dictionary().size(), 4u);  // "", two titles, "culture"
    EXPECT_EQ(c.codes()[0], c.codes()[2]);
    EXPECT_EQ(c.codes()[1], c.codes()[5]);
    EXPECT_NE(c.codes()[0], c.codes()[1]);
    EXPECT_EQ(c.codes()[3], 0);
    for (std::size_t i = 0; i < c.size(); ++i)
        EXPECT_EQ(c.dictionary()[static_cast<std::size_t>(c.codes()[i])], values[i]);
}

TEST(string_column, interns_without_appending_a_row) {
    string_column c;
    const auto a = c.intern("a");
    EXPECT_EQ(c.intern("a"), a);
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(c.find("a"), a);
    EXPECT_EQ(c.find("b"), -1);
    c.push_code(a);
    EXPECT_EQ(c[0], "a");
}

TEST(string_column, decodes_a_large_random_column_like_the_plain_strings) {
    std::mt19937 rng(59);
    std::uniform_int_distribution<int> pick(0, 199);
    std::vector<std::string> plain;
    string_column c;
    c.reserve(20000);
    for (int i = 0; i < 20000; ++i) {
        const int v = pick(rng);
        plain.push_back(v == 0 ? std::string() : "topic-" + std::to_string(v));
        c.push_back(plain.back());
    }
    std::set<std::string> distinct(plain.begin(), plain.end());
    distinct.insert("");
    EXPECT_EQ(c.dictionary().size(), distinct.size());
    for (std::size_t i = 0; i < plain.size(); ++i) ASSERT_EQ(c[i], plain[i]);
}

TEST(string_column, compares_equal_by_values_not_by_codes) {
    string_column a, b;
    // Different interning order gives different codes for the same values.
    b.intern("y");
    for (const char* s : {"x", "y", "x"}) {
        a.push_back(s);
        b.push_back(s);
    }
    EXPECT_NE(a.codes(), b.codes());
    EXPECT_TRUE(a == b);
    b.push_back("z");
    EXPECT_FALSE(a == b);
    a.push_back("w");
    EXPECT_FALSE(a == b);
}

TEST(string_column, truncates_to_the_first_rows) {
    string_column c;
    for (const char* s : {"a", "b", "c", "a"}) c.push_back(s);
    string_column first_two;
    for (const char* s : {"a", "b"}) first_two.push_back(s);
    c.truncate(2);
    EXPECT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0], "a");
    EXPECT_EQ(c[1], "b");
    EXPECT_TRUE(c == first_two);
    c.push_back("c");
    EXPECT_EQ(c[2], "c");
}

TEST(string_column, clears_back_to_the_empty_dictionary) {
    string_column c;
    c.push_back("a");
    c.clear();
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(c.dictionary().size(), 1u);
    EXPECT_EQ(c.find("a"), -1);
    EXPECT_EQ(c.find(""), 0);
}

TEST(string_column, stays_consistent_after_copying) {
    string_column a;
    for (const char* s : {"a", "b"}) a.push_back(s);
    string_column b = a;
    b.push_back("a");
    b.push_back("c");
    EXPECT_EQ(b.codes()[2], b.codes()[0]);
    EXPECT_EQ(b[3], "c");
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(a.find("c"), -1);
}

// A column, pool or index moved from is empty and takes new entries, as a new one does: a pool
// moved from said it held 2^64 - 1 strings.
TEST(string_column, is_empty_and_usable_once_moved_from) {
    string_pool p;
    p.push_back("a");
    string_pool q = std::move(p);
    EXPECT_EQ(p.size(), 0u);  // NOLINT(bugprone-use-after-move): what is tested
    EXPECT_TRUE(p == string_pool());
    EXPECT_EQ(p.offsets(), std::vector<std::uint64_t>{0});
    p.push_back("b");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0], "b");
    EXPECT_EQ(q[0], "a");

    string_column a;
    for (const char* s : {"x", "", "y"}) a.push_back(s);
    string_column b;
    b = std::move(a);
    EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(a.find("x"), -1);
    a.push_back("z");
    a.push_back("");
    EXPECT_EQ(a[0], "z");
    EXPECT_EQ(a[1], "");
    EXPECT_EQ(a.codes()[1], 0);  // code 0 is still the empty string
    EXPECT_EQ(b[2], "y");

    id_index ix;
    ix.insert("k1");
    id_index iy = std::move(ix);
    EXPECT_EQ(ix.size(), 0u);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(ix.find("k1"), no_row);
    EXPECT_TRUE(ix.insert("k2"));
    EXPECT_EQ(ix.find("k2"), 0);
    EXPECT_EQ(iy.find("k1"), 0);
}

// ------------------------------------------------------------------ id_index

TEST(id_index, numbers_keys_in_insertion_order) {
    id_index ix;
    EXPECT_TRUE(ix.insert("org-1"));
    EXPECT_TRUE(ix.insert("org-2"));
    EXPECT_TRUE(ix.insert("8614008550"));
    EXPECT_EQ(ix.size(), 3u);
    EXPECT_EQ(ix.find("org-1"), 0);
    EXPECT_EQ(ix.find("org-2"), 1);
    EXPECT_EQ(ix.find("8614008550"), 2);
    EXPECT_EQ(ix[2], "8614008550");
    EXPECT_EQ(std::vector<std::string>(ix.keys().begin(), ix.keys().end()),
              (std::vector<std::string>{"org-1", "org-2", "8614008550"}));
}

TEST(id_index, does_not_find_a_missing_key) {
    id_index ix;
    EXPECT_EQ(ix.find("x"), no_row);
    EXPECT_FALSE(ix.contains("x"));
    ix.insert("x");
    EXPECT_TRUE(ix.contains("x"));
    EXPECT_EQ(ix.find("X"), no_row);
    EXPECT_EQ(ix.find("x "), no_row);
}

TEST(id_index, refuses_a_duplicate_and_changes_nothing) {
    id_index ix;
    ix.insert("a");
    ix.insert("b");
    const id_index before = ix;
    EXPECT_FALSE(ix.insert("a"));
    EXPECT_EQ(ix.size(), 2u);
    EXPECT_EQ(ix.find("a"), 0);
    EXPECT_TRUE(ix == before);
}

TEST(id_index, truncates_and_forgets_the_dropped_keys) {
    id_index ix;
    for (const char* s : {"a", "b", "c", "d"}) ix.insert(s);
    ix.truncate(2);
    EXPECT_EQ(ix.size(), 2u);
    EXPECT_FALSE(ix.contains("c"));
    EXPECT_FALSE(ix.contains("d"));
    EXPECT_EQ(ix.find("b"), 1);
    // A dropped key can be inserted again and gets the next row.
    EXPECT_TRUE(ix.insert("d"));
    EXPECT_EQ(ix.find("d"), 2);
    ix.truncate(10);  // larger than the size: nothing happens
    EXPECT_EQ(ix.size(), 3u);
    ix.truncate(0);
    EXPECT_EQ(ix.size(), 0u);
    EXPECT_FALSE(ix.contains("a"));
}

TEST(id_index, compares_by_keys_in_order) {
    id_index a, b;
    a.insert("x");
    a.insert("y");
    b.insert("y");
    b.insert("x");
    EXPECT_FALSE(a == b);
    id_index c = a;
    EXPECT_TRUE(a == c);
}

TEST(id_index, agrees_with_a_plain_map_over_many_random_keys) {
    std::mt19937 rng(134);
    std::uniform_int_distribution<int> pick(0, 4999);
    id_index ix;
    std::vector<std::string> order;
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const std::string k = "q-" + std::to_string(pick(rng));
        const bool fresh = seen.insert(k).second;
        ASSERT_EQ(ix.insert(k), fresh) << k;
        if (fresh) order.push_back(k);
    }
    ASSERT_EQ(ix.size(), order.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        ASSERT_EQ(ix.find(order[i]), static_cast<civica::row_index>(i));
}

// ------------------------------------------------------------------ against the standard library

// 200 000 random keys, many repeated, of lengths 0 to 40 (every tail length of the hash), with
// truncations in between: the index and the column must agree with std::unordered_map at
// every step, through the table's growth from 16 slots.
TEST(id_index, agrees_with_a_standard_map_over_many_random_keys_and_truncations) {
    std::mt19937_64 rng(2017);
    std::uniform_int_distribution<int> len(0, 40), byte(0, 255), pick(0, 60000);
    std::vector<std::string> pool;
    for (int i = 0; i < 60001; ++i) {
        std::string s(static_cast<std::size_t>(len(rng)), '\0');
        for (auto& ch : s) ch = static_cast<char>(byte(rng));
        pool.push_back(s);
    }
    id_index ix;
    string_column col;
    std::unordered_map<std::string, int> truth;
    std::vector<std::string> order;
    std::unordered_map<std::string, std::int32_t> codes;  // the column's codes as first given
    for (int step = 0; step < 200000; ++step) {
        const std::string& k = pool[static_cast<std::size_t>(pick(rng))];
        const bool fresh = !k.empty() && truth.find(k) == truth.end();
        if (k.empty()) continue;  // ids are never empty (the model refuses them earlier)
        ASSERT_EQ(ix.insert(k), fresh) << step;
        if (fresh) {
            truth.emplace(k, static_cast<int>(order.size()));
            order.push_back(k);
        }
        const auto code = col.intern(k);
        const auto [it, first] = codes.emplace(k, code);
        ASSERT_EQ(it->second, code) << step;
        if (step % 50000 == 49999) {  // drop the newest quarter of the keys
            const std::size_t keep = order.size() * 3 / 4;
            ix.truncate(keep);
            while (order.size() > keep) {
                truth.erase(order.back());
                order.pop_back();
            }
        }
    }
    ASSERT_EQ(ix.size(), order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        ASSERT_EQ(ix[i], order[i]);
        ASSERT_EQ(ix.find(order[i]), static_cast<civica::row_index>(i));
    }
    for (const auto& k : pool) {
        if (!k.empty() && truth.find(k) == truth.end()) {
            ASSERT_EQ(ix.find(k), no_row);
        }
    }
    for (const auto& [k, code] : codes) ASSERT_EQ(col.find(k), code);
    EXPECT_EQ(col.dictionary().size(), codes.size() + 1);  // and ""
}

TEST(string_pool, holds_strings_back_to_back_and_truncates) {
    civica::string_pool p;
    EXPECT_TRUE(p.empty());
    p.push_back("Югра");
    p.push_back("");
    p.push_back("ФПГ");
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p[0], "Югра");
    EXPECT_EQ(p[1], "");
    EXPECT_EQ(p[2], "ФПГ");
    EXPECT_EQ(p.bytes(), std::string("Югра").size() + std::string("ФПГ").size());
    EXPECT_EQ(std::vector<std::string>(p.begin(), p.end()), (std::vector<std::string>{"Югра", "", "ФПГ"}));
    p.truncate(1);
    EXPECT_EQ(p.size(), 1u);
    EXPECT_EQ(p.bytes(), std::string("Югра").size());
    p.push_back("x");
    EXPECT_EQ(p[1], "x");
}

TEST(string_column, takes_a_stored_column_whole_and_finds_its_strings) {
    string_column src;
    for (const char* s : {"b", "", "a", "b", "c", "a"}) src.push_back(s);
    string_column back;
    string_pool dict = src.dictionary();
    ASSERT_EQ(back.assign(src.codes(), std::move(dict)), "");
    EXPECT_TRUE(back == src);
    EXPECT_EQ(back.find("c"), src.find("c"));
    EXPECT_EQ(back.intern("a"), src.find("a"));  // the index was rebuilt: no second "a"
    EXPECT_EQ(back.dictionary().size(), src.dictionary().size());
}

TEST(string_column, refuses_a_stored_column_that_breaks_the_dictionary) {
    string_pool twice;
    for (const char* s : {"", "x", "x"}) twice.push_back(s);
    string_column c;
    EXPECT_NE(c.assign({0, 1}, std::move(twice)).find("twice"), std::string::npos);
    string_pool ok;
    for (const char* s : {"", "x"}) ok.push_back(s);
    EXPECT_NE(c.assign({0, 2}, string_pool(ok)).find("code 2"), std::string::npos);
    string_pool no_empty;
    no_empty.push_back("x");
    EXPECT_NE(c.assign({0}, std::move(no_empty)), "");
    EXPECT_EQ(c.size(), 0u);  // unchanged by every refusal
}

TEST(id_index, takes_stored_keys_whole_and_refuses_a_repeated_one) {
    string_pool keys;
    for (const char* s : {"a", "b", "c"}) keys.push_back(s);
    id_index ids;
    ASSERT_EQ(ids.assign(std::move(keys)), -1);
    EXPECT_EQ(ids.find("c"), 2);
    EXPECT_EQ(ids.find("d"), no_row);
    string_pool dup;
    for (const char* s : {"x", "y", "x"}) dup.push_back(s);
    EXPECT_EQ(ids.assign(std::move(dup)), 2);
    EXPECT_EQ(ids.size(), 3u);  // unchanged
    EXPECT_EQ(ids.find("b"), 1);
}

TEST(string_pool, takes_offsets_and_bytes_only_when_they_fit) {
    string_pool p;
    EXPECT_TRUE(p.assign({0, 2, 2, 5}, {'a', 'b', 'c', 'd', 'e'}));
    EXPECT_EQ(p[0], "ab");
    EXPECT_EQ(p[1], "");
    EXPECT_EQ(p[2], "cde");
    EXPECT_FALSE(p.assign({0, 3, 2}, {'a', 'b', 'c'}));  // decreasing
    EXPECT_FALSE(p.assign({1, 3}, {'a', 'b', 'c'}));     // not from 0
    EXPECT_FALSE(p.assign({0, 4}, {'a', 'b', 'c'}));     // past the bytes
    EXPECT_EQ(p.size(), 3u);
}

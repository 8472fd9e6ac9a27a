// The one CSV tokenizer, against a byte-at-a-time splitter written here from RFC 4180's rules,
// on hand-picked and on random records, and at every place an input can be cut.
#include "civica/text/csv_split.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using civica::text::csv_fault;
using civica::text::csv_split;

namespace {

struct split_out {
    std::vector<std::string> fields;
    std::size_t consumed = 0;  // bytes of the record with its line end
    std::size_t line_breaks = 0;
    csv_fault fault = csv_fault::none;
    std::size_t fault_at = 0;
    bool complete = true;
    friend bool operator==(const split_out&, const split_out&) = default;
};

std::ostream& operator<<(std::ostream& os, const split_out& o) {
    os << "{";
    for (const auto& f : o.fields) os << "[" << f << "]";
    return os << " consumed=" << o.consumed << " breaks=" << o.line_breaks
              << " fault=" << static_cast<int>(o.fault) << "@" << o.fault_at << " complete=" << o.complete << "}";
}

split_out run(std::string_view text, char sep = ',', bool at_end = true, std::size_t max_fields = 4096) {
    split_out o;
    const auto r = csv_split(text.data(), text.data() + text.size(), sep, at_end, max_fields,
                             [&](std::size_t i, std::string_view v, bool doubled) {
                                 o.fields.resize(i);
                                 std::string s;
                                 if (doubled) civica::text::csv_unescape(v, s);
                                 else s = std::string(v);
                                 o.fields.push_back(std::move(s));
                             });
    o.complete = r.complete;
    o.fault = r.fault;
    if (!r.complete) {
        o.fields.clear();
        return o;
    }
    if (r.fault != csv_fault::none) {
        o.fields.clear();
        o.fault_at = static_cast<std::size_t>(r.fault_at - text.data());
        return o;
    }
    EXPECT_EQ(r.fields, o.fields.size());
    o.consumed = static_cast<std::size_t>(r.next - text.data());
    o.line_breaks = r.line_breaks;
    return o;
}

// The reference: one state per byte, the rules as RFC 4180 and civica's reader state them.
split_out reference(std::string_view t, char sep, std::size_t max_fields = 4096) {
    split_out o;
    std::string field;
    std::size_t i = 0;
    auto fail = [&](csv_fault f, std::size_t at) {
        o.fields.clear();
        o.line_breaks = 0;
        o.fault = f;
        o.fault_at = at;
        return o;
    };
    for (;;) {
        if (o.fields.size() == max_fields) return fail(csv_fault::too_many_fields, i);
        field.clear();
        if (i < t.size() && t[i] == '"') {
            const std::size_t open = i++;
            for (;;) {
                if (i >= t.size()) return fail(csv_fault::unclosed_quote, open);
                if (t[i] == '"') {
                    if (i + 1 < t.size() && t[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (t[i] == '\n') ++o.line_breaks;
                field += t[i++];
            }
            o.fields.push_back(field);
            if (i == t.size()) break;
            if (t[i] == sep) {
                ++i;
                continue;
            }
            if (t[i] == '\n') {
                ++i;
                break;
            }
            if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') {
                i += 2;
                break;
            }
            if (t[i] == '\r') return fail(csv_fault::lone_carriage_return, i);
            return fail(csv_fault::text_after_quote, i);
        }
        while (i < t.size() && t[i] != sep && t[i] != '\n' && t[i] != '\r') field += t[i++];
        if (i < t.size() && t[i] == '\r' && !(i + 1 < t.size() && t[i + 1] == '\n'))
            return fail(csv_fault::lone_carriage_return, i);
        o.fields.push_back(field);
        if (i == t.size()) break;
        if (t[i] == sep) {
            ++i;
            continue;
        }
        i += t[i] == '\r' ? 2 : 1;
        break;
    }
    o.consumed = i;
    return o;
}

}  // namespace

TEST(csv_split, splits_plain_and_quoted_fields) {
    EXPECT_EQ(run("a,b,c\nnext").fields, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(run("a,b,c\nnext").consumed, 6u);
    EXPECT_EQ(run("\"x, y\",\"say \"\"hi\"\"\",\nz").fields, (std::vector<std::string>{"x, y", "say \"hi\"", ""}));
    EXPECT_EQ(run("a;\"1;2\"\r\n", ';').fields, (std::vector<std::string>{"a", "1;2"}));
    EXPECT_EQ(run("5\" screen,x\n").fields, (std::vector<std::string>{"5\" screen", "x"}));
    const auto multi = run("\"line one\nline two\",b\n");
    EXPECT_EQ(multi.fields, (std::vector<std::string>{"line one\nline two", "b"}));
    EXPECT_EQ(multi.line_breaks, 1u);
}

TEST(csv_split, reports_a_blank_line_as_one_empty_field) {
    std::size_t calls = 0;
    const std::string t = "\r\nx";
    const auto r = csv_split(t.data(), t.data() + t.size(), ',', true, 10,
                             [&](std::size_t i, std::string_view v, bool) {
                                 EXPECT_EQ(i, 0u);
                                 EXPECT_TRUE(v.empty());
                                 ++calls;
                             });
    EXPECT_TRUE(r.blank);
    EXPECT_EQ(r.next, t.data() + 2);
    EXPECT_EQ(calls, 1u);
}

TEST(csv_split, names_each_fault_and_where_it_is) {
    EXPECT_EQ(run("a,\"open\nmore").fault, csv_fault::unclosed_quote);
    EXPECT_EQ(run("a,\"open\nmore").fault_at, 2u);
    EXPECT_EQ(run("\"x\"y,2\n").fault, csv_fault::text_after_quote);
    EXPECT_EQ(run("\"x\"y,2\n").fault_at, 3u);
    EXPECT_EQ(run("a,b\r1,2\n").fault, csv_fault::lone_carriage_return);
    EXPECT_EQ(run("a,b\r1,2\n").fault_at, 3u);
    // A long record of plain fields takes the sixteen-byte path; the fault is found there too.
    EXPECT_EQ(run("aaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbb\rcccccccccccccccccc\n").fault, csv_fault::lone_carriage_return);
    const auto wide = run(std::string(100, ',') + "\n", ',', true, 10);
    EXPECT_EQ(wide.fault, csv_fault::too_many_fields);
    EXPECT_EQ(wide.fault_at, 10u);
}

TEST(csv_split, asks_for_more_input_when_a_record_is_cut) {
    // Cut at every byte: before the line end the split is incomplete (or, at the very end of
    // the input, the record as far as it goes); a doubled quote cut in two is never read as
    // a closing quote.
    const std::string t = "id,\"a \"\"b\"\" c\",x\r\n";
    for (std::size_t cut = 0; cut < t.size(); ++cut) {
        const auto part = run(std::string_view(t).substr(0, cut), ',', false);
        EXPECT_FALSE(part.complete) << cut;
    }
    EXPECT_EQ(run(t, ',', false).fields, (std::vector<std::string>{"id", "a \"b\" c", "x"}));
}

TEST(csv_split, agrees_with_a_byte_at_a_time_splitter_on_random_records) {
    std::mt19937 gen(20261202);
    const std::vector<std::string> atoms{"a", "Ж", "xyz", "\"", "\"\"", ",", ";", "\n", "\r\n", "\r", " ",
                                         "0123456789abcdef", "Проект", "€"};
    std::size_t with_fault = 0, long_records = 0;
    for (int round = 0; round < 20000; ++round) {
        const char sep = round % 2 ? ',' : ';';
        std::string t;
        const int n = std::uniform_int_distribution<int>(0, 40)(gen);
        for (int k = 0; k < n; ++k) {
            // Mostly well-formed quoted fields, sometimes stray bytes.
            const int what = std::uniform_int_distribution<int>(0, 9)(gen);
            if (what == 0) {
                t += '"';
                const int m = std::uniform_int_distribution<int>(0, 6)(gen);
                for (int j = 0; j < m; ++j) {
                    const auto& a = atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(gen)];
                    t += a == "\"" ? "\"\"" : a;
                }
                t += '"';
            } else {
                t += atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(gen)];
            }
        }
        const std::size_t max_fields = round % 7 == 0 ? 3 : 4096;
        const auto want = reference(t, sep, max_fields);
        const auto got = run(t, sep, true, max_fields);
        ASSERT_EQ(got, want) << "input: [" << t << "] sep " << sep;
        with_fault += want.fault != csv_fault::none;
        long_records += want.consumed >= 32;
    }
    // Both paths and every outcome were exercised.
    EXPECT_GT(with_fault, 1000u);
    EXPECT_GT(long_records, 1000u);
}

// The civica store: every table of a dataset by column in one file (civica/io/store.hpp).
//
// Design notes: each table's columns are listed once, in `tables()` below, and both the writer
// and the reader walk that list, so a column added there is written and read back with no
// other edit. The list is held to the table declaration (civica/model/schema.hpp) by a test
// (io_store_test.cpp, every_declared_column_is_stored) through detail::store_columns(): a
// declared column missing here fails it. (A new column changes the layout: raise
// store_format_version and keep reading the older versions.) A small table (rows of a struct)
// names each column by its struct member; how a
// member type is stored (a string, an id, a date, a period, a list of strings, a map of
// figures by year, an optional number) is decided once per type by a put/get overload pair.
// A columnar table names each column by its public getter and is filled through
// civica::detail::dataset_loader, which hands the finished table to the dataset in one move.
// The body is built in memory, its checksum computed, and the file written through the one
// atomic replacement of civica/text/files.hpp; the reader maps the file, checks the header,
// finds where each table starts by the lengths every part gives, and copies each column's
// bytes into its vector in one go: the applications (the largest table) on a second thread
// while the tables before them are read, the checksum on a third.
#include "civica/io/store.hpp"

#include "civica/core/interruption.hpp"
#include "civica/core/memory.hpp"

#include "civica/error.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/text/files.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <future>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace civica::io {

namespace fs = std::filesystem;

namespace {

constexpr char magic[8] = {'\x89', 'C', 'V', 'S', 'T', 'O', 'R', 'E'};
constexpr std::uint32_t byte_order_mark = 0x01020304;
constexpr std::size_t header_size = 32;

// The type code written before each column's bytes.
enum class kind : std::uint8_t { u8 = 1, i32 = 2, i64 = 3, f64 = 4, strings = 5 };

template <class T>
constexpr kind kind_of() {
    if constexpr (std::is_same_v<T, std::uint8_t>) return kind::u8;
    else if constexpr (std::is_same_v<T, std::int32_t>) return kind::i32;
    else if constexpr (std::is_same_v<T, std::int64_t>) return kind::i64;
    else {
        static_assert(std::is_same_v<T, double>, "a store column holds u8, i32, i64 or f64 numbers");
        return kind::f64;
    }
}

// The checksum of the body: four lanes of 8-byte words, each mixed by multiply and rotate,
// joined and finished with MurmurHash3's fmix64. Part of the format: it must not change within
// a format version.
std::uint64_t checksum(const char* p, std::size_t n) noexcept {
    constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    auto load = [](const char* q) {
        std::uint64_t w;
        std::memcpy(&w, q, 8);
        if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
        return w;
    };
    auto mix = [](std::uint64_t h, std::uint64_t w) {
        h ^= w * k2;
        return std::rotl(h, 31) * k1;
    };
    std::uint64_t a = k1 ^ (n * k2), b = k2, c = k1 + k2, d = k1 - k2;
    for (; n >= 32; n -= 32, p += 32) {
        a = mix(a, load(p));
        b = mix(b, load(p + 8));
        c = mix(c, load(p + 16));
        d = mix(d, load(p + 24));
    }
    std::uint64_t h = mix(mix(mix(a, std::rotl(b, 17)), std::rotl(c, 29)), std::rotl(d, 43));
    for (; n >= 8; n -= 8, p += 8) h = mix(h, load(p));
    if (n > 0) {
        char last[8] = {};
        std::memcpy(last, p, n);
        h = mix(h, load(last) ^ (static_cast<std::uint64_t>(n) << 59));
    }
    return civica::detail::fmix64(h);
}

// Numbers as little-endian bytes whatever the machine.
template <class T>
void to_little_endian(T* p, std::size_t n) noexcept {
    if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
        for (std::size_t i = 0; i < n; ++i) {
            auto bytes = std::bit_cast<std::array<char, sizeof(T)>>(p[i]);
            std::reverse(bytes.begin(), bytes.end());
            p[i] = std::bit_cast<T>(bytes);
        }
    } else {
        (void)p;
        (void)n;
    }
}

// ---------------------------------------------------------------- the writer's buffer

class body_writer {
public:
    body_writer() : out_(header_size, '\0') {}

    std::string& bytes() noexcept { return out_; }

    void u64(std::uint64_t v) {
        to_little_endian(&v, 1);
        raw(&v, 8);
    }
    void table(std::string_view name, std::size_t rows) {
        label(name, 0);
        u64(rows);
    }
    template <class T>
    void array(std::string_view name, const T* data, std::size_t n) {
        label(name, kind_of<T>());
        u64(n);
        const std::size_t at = out_.size();
        raw(data, n * sizeof(T));
        to_little_endian(reinterpret_cast<T*>(out_.data() + at), n);  // aligned: every part starts at 8
        pad();
    }
    template <class T>
    void array(std::string_view name, const std::vector<T>& v) {
        array(name, v.data(), v.size());
    }
    // Strings as a string_pool holds them: offsets, then the bytes.
    void strings(std::string_view name, const string_pool& pool) {
        label(name, kind::strings);
        u64(pool.size());
        const std::size_t at = out_.size();
        raw(pool.offsets().data(), pool.offsets().size() * 8);
        to_little_endian(reinterpret_cast<std::uint64_t*>(out_.data() + at), pool.offsets().size());
        u64(pool.bytes());
        raw(pool.chars().data(), pool.bytes());
        pad();
    }

private:
    void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
    void pad() { out_.append((8 - out_.size() % 8) % 8, '\0'); }
    // A part's name and type code: (type << 32 | name length), the name, padding.
    void label(std::string_view name, kind k) { label(name, static_cast<std::uint8_t>(k)); }
    void label(std::string_view name, std::uint8_t k) {
        interruption_point();  // a part at a time (a column of 10 M rows takes a tenth of a second)
        u64(static_cast<std::uint64_t>(k) << 32 | name.size());
        raw(name.data(), name.size());
        pad();
    }

    std::string out_;
};

// ---------------------------------------------------------------- the reader's cursor

class body_reader {
public:
    body_reader(const fs::path& file, std::string_view body) : file_(file), body_(body) {}

    std::uint64_t u64(std::string_view what) {
        need(8, what);
        std::uint64_t v;
        std::memcpy(&v, body_.data() + at_, 8);
        to_little_endian(&v, 1);
        at_ += 8;
        return v;
    }
    void table(std::string_view table, std::size_t& rows) {
        table_ = table;
        label(table, 0);
        rows = count(u64("the row count"), "rows");
    }
    template <class T>
    std::vector<T> array(std::string_view name, std::size_t rows) {
        label(name, static_cast<std::uint8_t>(kind_of<T>()));
        const std::size_t n = count(u64(name), name);
        if (rows != npos && n != rows) wrong(name, std::to_string(n) + " values for " + std::to_string(rows) + " rows");
        need(n * sizeof(T), name);
        std::vector<T> v;
        civica::detail::reserve_huge(v, n);
        v.resize(n);
        if (n != 0) std::memcpy(v.data(), body_.data() + at_, n * sizeof(T));  // an empty vector may have no data
        to_little_endian(v.data(), n);
        at_ += n * sizeof(T);
        skip_pad();
        return v;
    }
    string_pool strings(std::string_view name, std::size_t rows) {
        label(name, static_cast<std::uint8_t>(kind::strings));
        const std::size_t n = count(u64(name), name);
        if (rows != npos && n != rows) wrong(name, std::to_string(n) + " strings for " + std::to_string(rows) + " rows");
        need((n + 1) * 8, name);
        std::vector<std::uint64_t> offsets;
        civica::detail::reserve_huge(offsets, n + 1);
        offsets.resize(n + 1);
        std::memcpy(offsets.data(), body_.data() + at_, (n + 1) * 8);
        to_little_endian(offsets.data(), n + 1);
        at_ += (n + 1) * 8;
        const std::size_t bytes = count(u64(name), name);
        need(bytes, name);
        std::vector<char> chars;
        civica::detail::reserve_huge(chars, bytes);
        chars.assign(body_.data() + at_, body_.data() + at_ + bytes);
        at_ += bytes;
        skip_pad();
        string_pool pool;
        if (!pool.assign(std::move(offsets), std::move(chars))) wrong(name, "the string offsets are out of order");
        return pool;
    }
    void finish() {
        if (at_ != body_.size())
            throw io_error("\"" + file_.string() + "\": " + std::to_string(body_.size() - at_) +
                           " bytes after the last table (not a store this civica wrote)");
    }

    [[noreturn]] void wrong(std::string_view column, const std::string& why) const {
        throw io_error("\"" + file_.string() + "\": table " + std::string(table_) + ", column " +
                       std::string(column) + ": " + why);
    }
    std::string_view table_name() const noexcept { return table_; }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    void seek(std::size_t at) noexcept { at_ = std::min(at, body_.size()); }
    /// Where each table starts, found by walking every part by the lengths it gives.
    std::vector<std::size_t> table_starts() {
        std::vector<std::size_t> starts;
        table_ = "the list of tables";
        at_ = 0;
        while (at_ < body_.size()) {
            const std::size_t start = at_;
            const std::uint64_t v = u64("a part");
            const auto len = static_cast<std::size_t>(v & 0xFFFFFFFFu);
            const auto k = static_cast<std::uint8_t>(v >> 32);
            need(len, "a part's name");
            at_ += len;
            skip_pad();
            std::size_t width = 0;
            switch (static_cast<kind>(k)) {
                case kind::u8: width = 1; break;
                case kind::i32: width = 4; break;
                case kind::i64:
                case kind::f64: width = 8; break;
                case kind::strings: {
                    const std::size_t n = count(u64("a column"), "a column");
                    need((n + 1) * 8, "a column");
                    at_ += (n + 1) * 8;
                    const std::size_t bytes = count(u64("a column"), "a column");
                    need(bytes, "a column");
                    at_ += bytes;
                    skip_pad();
                    continue;
                }
                default:
                    if (k != 0)
                        throw io_error("\"" + file_.string() + "\": a part of unknown type " + std::to_string(k) +
                                       " (not a store this civica wrote)");
                    starts.push_back(start);
                    (void)u64("the row count");
                    continue;
            }
            const std::size_t n = count(u64("a column"), "a column");
            need(n * width, "a column");
            at_ += n * width;
            skip_pad();
        }
        at_ = 0;
        return starts;
    }

private:
    void need(std::size_t n, std::string_view what) const {
        if (n > body_.size() - at_)
            throw io_error("\"" + file_.string() + "\": the body ends inside " + std::string(table_) + " " +
                           std::string(what) + " (the file is truncated)");
    }
    std::size_t count(std::uint64_t n, std::string_view what) const {
        if (n > body_.size()) wrong(what, "a count of " + std::to_string(n) + " is larger than the file");
        return static_cast<std::size_t>(n);
    }
    void skip_pad() { at_ += std::min((8 - at_ % 8) % 8, body_.size() - at_); }
    void label(std::string_view name, std::uint8_t k) {
        interruption_point();  // a part at a time
        const std::uint64_t v = u64(name);
        const std::size_t len = static_cast<std::size_t>(v & 0xFFFFFFFFu);
        const auto got_kind = static_cast<std::uint8_t>(v >> 32);
        need(len, name);
        const std::string_view got(body_.data() + at_, len);
        at_ += len;
        skip_pad();
        if (got != name || got_kind != k)
            wrong(name, "found \"" + std::string(got) + "\" (type " + std::to_string(got_kind) + ") where \"" +
                            std::string(name) + "\" (type " + std::to_string(k) + ") belongs");
    }

    const fs::path& file_;
    std::string_view body_;
    std::size_t at_ = 0;
    std::string_view table_ = "header";
};

// ---------------------------------------------------------------- member types of row tables

// An optional number (a monitoring score, a meeting's attendance): a presence byte and the value.
template <class T>
struct is_optional_number : std::false_type {};
template <class V>
struct is_optional_number<std::optional<V>> : std::is_arithmetic<V> {};

template <class Get>
string_pool pool_of(std::size_t n, Get get) {
    string_pool pool;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) bytes += std::string_view(get(i)).size();
    pool.reserve(n, bytes);
    for (std::size_t i = 0; i < n; ++i) pool.push_back(get(i));
    return pool;
}

std::string sub(std::string_view name, std::string_view part) { return std::string(name) + "." + std::string(part); }

// put: the columns of member `m` of every row; get: the same columns into the rows' members.
template <class Row, class T>
void put(body_writer& w, std::string_view name, std::span<const Row> rows, T Row::*m) {
    const std::size_t n = rows.size();
    if constexpr (std::is_same_v<T, std::string>) {
        w.strings(name, pool_of(n, [&](std::size_t i) -> std::string_view { return rows[i].*m; }));
    } else if constexpr (is_id_v<T>) {
        w.strings(name, pool_of(n, [&](std::size_t i) -> std::string_view { return (rows[i].*m).str(); }));
    } else if constexpr (std::is_same_v<T, bool> || std::is_enum_v<T>) {
        std::vector<std::uint8_t> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(rows[i].*m);
        w.array(name, v);
    } else if constexpr (std::is_same_v<T, int>) {
        std::vector<std::int32_t> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = rows[i].*m;
        w.array(name, v);
    } else if constexpr (std::is_same_v<T, double>) {
        std::vector<double> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = rows[i].*m;
        w.array(name, v);
    } else if constexpr (std::is_same_v<T, date>) {
        std::vector<day_number> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = to_day_number(rows[i].*m);
        w.array(name, v);
    } else if constexpr (std::is_same_v<T, period>) {
        std::vector<day_number> start(n), end(n);
        for (std::size_t i = 0; i < n; ++i) {
            start[i] = to_day_number((rows[i].*m).start);
            end[i] = to_day_number((rows[i].*m).end);
        }
        w.array(sub(name, "start"), start);
        w.array(sub(name, "end"), end);
    } else if constexpr (is_optional_number<T>::value) {
        using V = typename T::value_type;
        std::vector<std::uint8_t> present(n);
        std::vector<V> value(n);
        for (std::size_t i = 0; i < n; ++i) {
            present[i] = (rows[i].*m).has_value() ? 1 : 0;
            value[i] = (rows[i].*m).value_or(V{});
        }
        w.array(sub(name, "present"), present);
        w.array(name, value);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        std::vector<std::int64_t> offsets(n + 1, 0);
        std::vector<std::string_view> items;
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& s : rows[i].*m) items.push_back(s);
            offsets[i + 1] = static_cast<std::int64_t>(items.size());
        }
        w.array(sub(name, "offsets"), offsets);
        w.strings(name, pool_of(items.size(), [&](std::size_t i) { return items[i]; }));
    } else {
        static_assert(std::is_same_v<T, std::map<int, std::int64_t>>, "no store columns for this member type");
        std::vector<std::int64_t> offsets(n + 1, 0);
        std::vector<std::int32_t> keys;
        std::vector<std::int64_t> values;
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& [k, v] : rows[i].*m) {
                keys.push_back(k);
                values.push_back(v);
            }
            offsets[i + 1] = static_cast<std::int64_t>(keys.size());
        }
        w.array(sub(name, "offsets"), offsets);
        w.array(sub(name, "key"), keys);
        w.array(name, values);
    }
}

// The rows' list offsets: n + 1 entries from 0, not decreasing; the last is the item count.
std::vector<std::int64_t> list_offsets(body_reader& r, std::string_view name, std::size_t n) {
    auto offsets = r.array<std::int64_t>(sub(name, "offsets"), n + 1);
    for (std::size_t i = 0; i < n; ++i)
        if (offsets[i] > offsets[i + 1] || offsets[0] != 0) r.wrong(name, "list offsets out of order");
    return offsets;
}

// Reads the column of field `m` of `n` rows (checking it) and returns what sets that field of
// row i from it: `fill(i, row)`. A table's rows are filled row by row from all of its columns,
// so that each row is walked once (column by column, every field walked the whole vector of
// rows again: a cache miss per row and field, most of reopening 400 000 organisations).
template <class Row, class T>
auto column_of(body_reader& r, std::string_view name, std::size_t n, T Row::*m) {
    if constexpr (std::is_same_v<T, std::string> || is_id_v<T>) {
        return [m, pool = r.strings(name, n)](std::size_t i, Row& row) { row.*m = T(std::string(pool[i])); };
    } else if constexpr (std::is_same_v<T, bool>) {
        return [m, v = r.array<std::uint8_t>(name, n)](std::size_t i, Row& row) { row.*m = v[i] != 0; };
    } else if constexpr (std::is_enum_v<T>) {
        auto v = r.array<std::uint8_t>(name, n);
        for (std::size_t i = 0; i < n; ++i) {
            try {
                (void)to_string(static_cast<T>(v[i]));  // the model's list of names says what is in range
            } catch (const std::out_of_range&) {
                r.wrong(name, "row " + std::to_string(i) + ": code " + std::to_string(v[i]) + " names no value");
            }
        }
        return [m, v = std::move(v)](std::size_t i, Row& row) { row.*m = static_cast<T>(v[i]); };
    } else if constexpr (std::is_same_v<T, int>) {
        return [m, v = r.array<std::int32_t>(name, n)](std::size_t i, Row& row) { row.*m = v[i]; };
    } else if constexpr (std::is_same_v<T, double>) {
        return [m, v = r.array<double>(name, n)](std::size_t i, Row& row) { row.*m = v[i]; };
    } else if constexpr (std::is_same_v<T, date>) {
        return [m, v = r.array<day_number>(name, n)](std::size_t i, Row& row) { row.*m = from_day_number(v[i]); };
    } else if constexpr (std::is_same_v<T, period>) {
        auto start = r.array<day_number>(sub(name, "start"), n);
        auto end = r.array<day_number>(sub(name, "end"), n);
        return [m, start = std::move(start), end = std::move(end)](std::size_t i, Row& row) {
            row.*m = period{from_day_number(start[i]), from_day_number(end[i])};
        };
    } else if constexpr (is_optional_number<T>::value) {
        auto present = r.array<std::uint8_t>(sub(name, "present"), n);
        auto value = r.array<typename T::value_type>(name, n);
        return [m, present = std::move(present), value = std::move(value)](std::size_t i, Row& row) {
            row.*m = present[i] != 0 ? T(value[i]) : std::nullopt;
        };
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        auto offsets = list_offsets(r, name, n);
        auto items = r.strings(name, static_cast<std::size_t>(offsets[n]));
        return [m, offsets = std::move(offsets), items = std::move(items)](std::size_t i, Row& row) {
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k) (row.*m).emplace_back(items[static_cast<std::size_t>(k)]);
        };
    } else {
        auto offsets = list_offsets(r, name, n);
        const auto count = static_cast<std::size_t>(offsets[n]);
        auto keys = r.array<std::int32_t>(sub(name, "key"), count);
        auto values = r.array<std::int64_t>(name, count);
        // Written from a map: each row's keys rise. A key given twice would be read as one, the
        // other value lost without a word.
        for (std::size_t i = 0; i < n; ++i)
            for (auto k = offsets[i] + 1; k < offsets[i + 1]; ++k)
                if (keys[static_cast<std::size_t>(k)] <= keys[static_cast<std::size_t>(k - 1)])
                    r.wrong(name, "row " + std::to_string(i) + ": key " + std::to_string(keys[static_cast<std::size_t>(k)]) +
                                      " comes twice or out of order");
        return [m, offsets = std::move(offsets), keys = std::move(keys), values = std::move(values)](std::size_t i,
                                                                                                    Row& row) {
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k)
                (row.*m)[keys[static_cast<std::size_t>(k)]] = values[static_cast<std::size_t>(k)];
        };
    }
}

// ---------------------------------------------------------------- columns of columnar tables

template <class T>
void put_column(body_writer& w, std::string_view name, const std::vector<T>& v) {
    w.array(name, v);
}
void put_column(body_writer& w, std::string_view name, const string_column& c) {
    w.array(sub(name, "codes"), c.codes());
    w.strings(name, c.dictionary());
}
void put_column(body_writer& w, std::string_view name, const id_index& ids) { w.strings(name, ids.keys()); }

template <class T>
void get_column(body_reader& r, std::string_view name, std::vector<T>& v, std::size_t n) {
    v = r.array<T>(name, n);
}
void get_column(body_reader& r, std::string_view name, string_column& c, std::size_t n) {
    auto codes = r.array<std::int32_t>(sub(name, "codes"), n);
    if (auto why = c.assign(std::move(codes), r.strings(name, body_reader::npos)); !why.empty()) r.wrong(name, why);
}
void get_column(body_reader& r, std::string_view name, id_index& ids, std::size_t n) {
    string_pool keys = r.strings(name, n);
    if (const auto dup = ids.assign(std::move(keys)); dup >= 0)  // a refused pool stays with the caller
        r.wrong(name, "row " + std::to_string(dup) + " repeats the id \"" + std::string(keys[static_cast<std::size_t>(dup)]) + "\"");
}

// ---------------------------------------------------------------- the list of tables

template <class Row, class T>
struct field {
    std::string_view name;
    T Row::*member;
};
template <class Table, class Column>
struct column {
    std::string_view name;
    const Column& (Table::*getter)() const noexcept;
};

// A table of rows: `rows(ds)` gives them to the writer, `add(ds, rows)` gives the read rows to
// the dataset with its checks.
template <class Row, class Rows, class Add, class... Fields>
struct row_table {
    std::string_view name;
    Rows rows;
    Add add;
    std::tuple<Fields...> fields;
};
template <class Row, class Rows, class Add, class... T>
row_table<Row, Rows, Add, field<Row, T>...> rows_of(std::string_view name, Rows rows, Add add,
                                                      field<Row, T>... fields) {
    return {name, rows, add, {fields...}};
}
// A columnar table: `table(ds)` is the dataset's; the reader builds one and hands it over.
template <class Table, class Get, class... Columns>
struct column_table {
    std::string_view name;
    Get table;
    std::tuple<Columns...> columns;
};
template <class Table, class Get, class... C>
column_table<Table, Get, column<Table, C>...> columns_of(std::string_view name, Get get, column<Table, C>... cols) {
    return {name, get, {cols...}};
}

template <class Row>
auto each_row(void (dataset::*add)(const Row&)) {
    return [add](dataset& ds, std::vector<Row>&& rows) {
        for (const auto& row : rows) (ds.*add)(row);
    };
}

// Every table of a dataset, in the order they are written and read: a table comes after the
// tables its references point into.
const auto& tables() {
    using d = dataset;
    static const auto list = std::make_tuple(
        rows_of<dataset_info>(
            "info", [](const d& ds) { return std::span<const dataset_info>(&ds.info(), 1); },
            [](d& ds, std::vector<dataset_info>&& rows) {
                if (rows.size() != 1) throw validation_error("the info table has " + std::to_string(rows.size()) + " rows, not 1");
                check_info(rows.front(), "the info table");
                ds.info() = std::move(rows.front());
            },
            field<dataset_info, std::string>{"name", &dataset_info::name},
            field<dataset_info, std::string>{"title", &dataset_info::title},
            field<dataset_info, std::string>{"territory", &dataset_info::territory},
            field<dataset_info, std::string>{"description", &dataset_info::description},
            field<dataset_info, std::string>{"source", &dataset_info::source},
            field<dataset_info, std::string>{"licence", &dataset_info::licence},
            field<dataset_info, bool>{"synthetic", &dataset_info::synthetic},
            field<dataset_info, std::string>{"currency", &dataset_info::currency}),
        rows_of<municipality>(
            "municipalities", [](const d& ds) { return std::span(ds.municipalities().rows()); },
            each_row<municipality>(&d::add),
            field<municipality, municipality_id>{"id", &municipality::id},
            field<municipality, std::string>{"name", &municipality::name},
            field<municipality, std::string>{"oktmo", &municipality::oktmo},
            field<municipality, std::string>{"region", &municipality::region},
            field<municipality, std::map<int, std::int64_t>>{"population", &municipality::population},
            field<municipality, std::string>{"name_genitive", &municipality::name_genitive},
            field<municipality, std::string>{"name_prepositional", &municipality::name_prepositional},
            field<municipality, std::string>{"name_en", &municipality::name_en}),
        rows_of<organization>(
            "organizations", [](const d& ds) { return std::span(ds.organizations().rows()); },
            [](d& ds, std::vector<organization>&& rows) {
                std::size_t bad = 0;
                try {
                    civica::detail::dataset_loader::add_organizations(ds, std::move(rows), &bad);
                } catch (const validation_error& e) {
                    throw e.prefixed("row " + std::to_string(bad) + ": ");
                }
            },
            field<organization, organization_id>{"id", &organization::id},
            field<organization, std::string>{"full_name", &organization::full_name},
            field<organization, std::string>{"short_name", &organization::short_name},
            field<organization, int>{"okopf", &organization::okopf},
            field<organization, std::string>{"inn", &organization::inn},
            field<organization, std::string>{"ogrn", &organization::ogrn},
            field<organization, std::string>{"kpp", &organization::kpp},
            field<organization, date>{"registered", &organization::registered},
            field<organization, municipality_id>{"municipality", &organization::municipality},
            field<organization, std::vector<std::string>>{"spheres", &organization::spheres},
            field<organization, bool>{"socially_oriented", &organization::socially_oriented},
            field<organization, bool>{"public_association", &organization::public_association},
            field<organization, bool>{"tos", &organization::tos},
            field<organization, bool>{"volunteer_association", &organization::volunteer_association},
            field<organization, bool>{"nonprofit", &organization::nonprofit}),
        rows_of<person>("persons", [](const d& ds) { return std::span(ds.persons().rows()); },
                        each_row<person>(&d::add), field<person, person_id>{"id", &person::id},
                        field<person, municipality_id>{"municipality", &person::municipality},
                        field<person, std::string>{"display_name", &person::display_name}),
        rows_of<grant_operator>("operators", [](const d& ds) { return std::span(ds.operators().rows()); },
                                each_row<grant_operator>(&d::add),
                                field<grant_operator, operator_id>{"id", &grant_operator::id},
                                field<grant_operator, std::string>{"name", &grant_operator::name},
                                field<grant_operator, organization_id>{"organization", &grant_operator::organization}),
        rows_of<programme>("programmes", [](const d& ds) { return std::span(ds.programmes().rows()); },
                           each_row<programme>(&d::add), field<programme, programme_id>{"id", &programme::id},
                           field<programme, operator_id>{"operator", &programme::grant_operator},
                           field<programme, std::string>{"name", &programme::name},
                           field<programme, programme_kind>{"kind", &programme::kind}),
        rows_of<competition>("competitions", [](const d& ds) { return std::span(ds.competitions().rows()); },
                             each_row<competition>(&d::add), field<competition, competition_id>{"id", &competition::id},
                             field<competition, programme_id>{"programme", &competition::programme},
                             field<competition, int>{"year", &competition::year},
                             field<competition, int>{"round", &competition::round},
                             field<competition, period>{"window", &competition::window},
                             field<competition, std::vector<std::string>>{"directions", &competition::directions},
                             field<competition, std::string>{"name", &competition::name}),
        columns_of<application_table>(
            "applications", [](const d& ds) -> const application_table& { return ds.applications(); },
            column<application_table, id_index>{"id", &application_table::ids},
            column<application_table, std::vector<row_index>>{"competition", &application_table::competition},
            column<application_table, std::vector<std::uint8_t>>{"applicant_type", &application_table::applicant_type},
            column<application_table, std::vector<row_index>>{"applicant", &application_table::applicant},
            column<application_table, string_column>{"title", &application_table::title},
            column<application_table, string_column>{"direction", &application_table::direction},
            column<application_table, std::vector<std::int64_t>>{"requested", &application_table::requested},
            column<application_table, std::vector<std::int64_t>>{"cofunding", &application_table::cofunding},
            column<application_table, std::vector<day_number>>{"submitted", &application_table::submitted},
            column<application_table, std::vector<std::uint8_t>>{"status", &application_table::status},
            column<application_table, std::vector<std::int64_t>>{"awarded", &application_table::awarded},
            column<application_table, std::vector<day_number>>{"implementation_start",
                                                               &application_table::implementation_start},
            column<application_table, std::vector<day_number>>{"implementation_end",
                                                               &application_table::implementation_end},
            column<application_table, std::vector<day_number>>{"decided", &application_table::decided},
            column<application_table, std::vector<double>>{"rate", &application_table::rate}),
        rows_of<course>("courses", [](const d& ds) { return std::span(ds.courses().rows()); },
                        each_row<course>(&d::add), field<course, course_id>{"id", &course::id},
                        field<course, std::string>{"title", &course::title},
                        field<course, std::string>{"topic", &course::topic},
                        field<course, course_format>{"format", &course::format},
                        field<course, int>{"hours", &course::hours},
                        field<course, organization_id>{"organiser", &course::organiser},
                        field<course, organization_id>{"partner", &course::partner},
                        field<course, period>{"dates", &course::dates}),
        columns_of<enrolment_table>(
            "enrolments", [](const d& ds) -> const enrolment_table& { return ds.enrolments(); },
            column<enrolment_table, std::vector<row_index>>{"course", &enrolment_table::course},
            column<enrolment_table, std::vector<row_index>>{"organization", &enrolment_table::organization},
            column<enrolment_table, std::vector<row_index>>{"person", &enrolment_table::person},
            column<enrolment_table, std::vector<std::int32_t>>{"participants", &enrolment_table::participants},
            column<enrolment_table, std::vector<std::uint8_t>>{"completed", &enrolment_table::completed}),
        rows_of<collegial_body>("bodies", [](const d& ds) { return std::span(ds.bodies().rows()); },
                                each_row<collegial_body>(&d::add),
                                field<collegial_body, body_id>{"id", &collegial_body::id},
                                field<collegial_body, std::string>{"name", &collegial_body::name},
                                field<collegial_body, body_kind>{"kind", &collegial_body::kind},
                                field<collegial_body, std::string>{"attached_to", &collegial_body::attached_to},
                                field<collegial_body, municipality_id>{"municipality", &collegial_body::municipality}),
        rows_of<membership_term>("terms", [](const d& ds) { return std::span(ds.membership_terms()); },
                                 each_row<membership_term>(&d::add),
                                 field<membership_term, body_id>{"body", &membership_term::body},
                                 field<membership_term, period>{"term", &membership_term::term},
                                 field<membership_term, int>{"members", &membership_term::members},
                                 field<membership_term, std::string>{"note", &membership_term::note}),
        rows_of<meeting>("meetings", [](const d& ds) { return std::span(ds.meetings().rows()); },
                         each_row<meeting>(&d::add), field<meeting, meeting_id>{"id", &meeting::id},
                         field<meeting, body_id>{"body", &meeting::body}, field<meeting, date>{"held", &meeting::held},
                         field<meeting, meeting_format>{"format", &meeting::format},
                         field<meeting, std::optional<int>>{"attendance", &meeting::attendance}),
        columns_of<agenda_table>(
            "agenda", [](const d& ds) -> const agenda_table& { return ds.agenda_questions(); },
            column<agenda_table, id_index>{"id", &agenda_table::ids},
            column<agenda_table, std::vector<row_index>>{"meeting", &agenda_table::meeting},
            column<agenda_table, string_column>{"title", &agenda_table::title},
            column<agenda_table, string_column>{"topic", &agenda_table::topic}),
        columns_of<service_table>(
            "services", [](const d& ds) -> const service_table& { return ds.services(); },
            column<service_table, id_index>{"id", &service_table::ids},
            column<service_table, std::vector<row_index>>{"provider", &service_table::provider},
            column<service_table, std::vector<std::uint8_t>>{"recipient_type", &service_table::recipient_type},
            column<service_table, std::vector<row_index>>{"recipient", &service_table::recipient},
            column<service_table, std::vector<std::uint8_t>>{"kind", &service_table::kind},
            column<service_table, std::vector<day_number>>{"provided", &service_table::provided},
            column<service_table, string_column>{"note", &service_table::note}),
        rows_of<monitoring_record>("monitoring", [](const d& ds) { return std::span(ds.monitoring()); },
                                   each_row<monitoring_record>(&d::add),
                                   field<monitoring_record, application_id>{"application", &monitoring_record::application},
                                   field<monitoring_record, date>{"checked", &monitoring_record::checked},
                                   field<monitoring_record, std::optional<double>>{"score", &monitoring_record::score},
                                   field<monitoring_record, std::string>{"status", &monitoring_record::status},
                                   field<monitoring_record, std::string>{"note", &monitoring_record::note}),
        rows_of<indicator>("indicators", [](const d& ds) { return std::span(ds.indicators()); },
                           [](d& ds, std::vector<indicator>&& rows) {
                               for (auto& row : rows) ds.set_indicator(std::move(row));
                           },
                           field<indicator, std::string>{"key", &indicator::key}, field<indicator, int>{"year", &indicator::year},
                           field<indicator, std::string>{"territory", &indicator::territory},
                           field<indicator, std::string>{"breakdown", &indicator::breakdown},
                           field<indicator, double>{"value", &indicator::value},
                           field<indicator, qualifier>{"qualifier", &indicator::qual},
                           field<indicator, std::string>{"unit", &indicator::unit},
                           field<indicator, std::string>{"source", &indicator::source}));
    return list;
}

// ---------------------------------------------------------------- writing and reading a table

template <class Row, class Rows, class Add, class... F>
void write_table(body_writer& w, const dataset& ds, const row_table<Row, Rows, Add, F...>& t) {
    const std::span<const Row> rows = t.rows(ds);
    w.table(t.name, rows.size());
    std::apply([&](const auto&... f) { (put(w, f.name, rows, f.member), ...); }, t.fields);
}

template <class Table, class Get, class... C>
void write_table(body_writer& w, const dataset& ds, const column_table<Table, Get, C...>& t) {
    const Table& table = t.table(ds);
    w.table(t.name, table.size());
    std::apply([&](const auto&... c) { (put_column(w, c.name, (table.*c.getter)()), ...); }, t.columns);
}

template <class Row, class Rows, class Add, class... F>
void read_table(body_reader& r, dataset& ds, const row_table<Row, Rows, Add, F...>& t) {
    std::size_t n = 0;
    r.table(t.name, n);
    // Every column first, in the file's order (a braced list is evaluated left to right), then
    // each row filled once from all of them (column_of).
    auto fills = std::apply(
        [&](const auto&... f) { return std::tuple<decltype(column_of(r, f.name, n, f.member))...>{column_of(r, f.name, n, f.member)...}; },
        t.fields);
    std::vector<Row> rows;
    civica::detail::reserve_huge(rows, n);
    rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) std::apply([&](const auto&... fill) { (fill(i, rows[i]), ...); }, fills);
    t.add(ds, std::move(rows));
}

// A columnar table's columns, not yet the dataset's (so that it can be built on another thread).
template <class Table, class Get, class... C>
Table build_table(body_reader& r, const column_table<Table, Get, C...>& t) {
    std::size_t n = 0;
    r.table(t.name, n);
    Table table;
    std::apply(
        [&](const auto&... c) {
            (get_column(r, c.name, civica::detail::dataset_loader::column(table, c.getter), n), ...);
        },
        t.columns);
    return table;
}

template <class Table, class Get, class... C>
void read_table(body_reader& r, dataset& ds, const column_table<Table, Get, C...>& t) {
    civica::detail::dataset_loader::adopt(ds, build_table(r, t));
}

template <class T>
struct is_applications : std::false_type {};
template <class Get, class... C>
struct is_applications<column_table<application_table, Get, C...>> : std::true_type {};

// The position of the applications in the list of tables.
template <class List, std::size_t... I>
constexpr std::size_t applications_at(std::index_sequence<I...>) {
    std::size_t at = 0;
    ((at = is_applications<std::tuple_element_t<I, List>>::value ? I : at), ...);
    return at;
}

std::string_view header_magic() noexcept { return {magic, sizeof magic}; }

}  // namespace

std::vector<detail::store_table_columns> detail::store_columns() {
    std::vector<store_table_columns> out;
    auto add = [&](const auto& t, const auto& parts) {
        std::vector<std::string_view> names;
        std::apply([&](const auto&... c) { (names.push_back(c.name), ...); }, parts);
        out.push_back({t.name, std::move(names)});
    };
    std::apply(
        [&](const auto&... t) {
            (
                [&] {
                    if constexpr (requires { t.fields; }) add(t, t.fields);
                    else add(t, t.columns);
                }(),
                ...);
        },
        tables());
    return out;
}

bool is_store_header(std::string_view head) noexcept { return head.substr(0, sizeof magic) == header_magic(); }

std::string store_header(std::string_view body) {
    std::string out(header_size, '\0');
    std::uint32_t version = store_format_version, bom = byte_order_mark;
    std::uint64_t length = body.size(), sum = checksum(body.data(), body.size());
    to_little_endian(&version, 1);
    to_little_endian(&bom, 1);
    to_little_endian(&length, 1);
    to_little_endian(&sum, 1);
    std::memcpy(out.data(), magic, 8);
    std::memcpy(out.data() + 8, &version, 4);
    std::memcpy(out.data() + 12, &bom, 4);
    std::memcpy(out.data() + 16, &length, 8);
    std::memcpy(out.data() + 24, &sum, 8);
    return out;
}

void write_store(const dataset& ds, const fs::path& path) {
    check_info(ds.info(), "cannot save \"" + path.string() + "\"");
    body_writer w;
    std::apply([&](const auto&... t) { (write_table(w, ds, t), ...); }, tables());
    std::string& out = w.bytes();
    const std::string header = store_header(std::string_view(out).substr(header_size));
    std::memcpy(out.data(), header.data(), header_size);
    text::write_file_atomically(path, out);
}

dataset read_store(const fs::path& path) {
    const text::mapped_file file(path);
    const std::string_view bytes = file.view();
    const std::string name = "\"" + path.string() + "\"";
    if (!is_store_header(bytes))
        throw io_error(name + " is not a civica store (it does not start with the store's magic bytes)");
    if (bytes.size() < header_size) throw io_error(name + ": the store header is cut short (the file is truncated)");
    std::uint32_t version, bom;
    std::uint64_t length, sum;
    std::memcpy(&version, bytes.data() + 8, 4);
    std::memcpy(&bom, bytes.data() + 12, 4);
    std::memcpy(&length, bytes.data() + 16, 8);
    std::memcpy(&sum, bytes.data() + 24, 8);
    to_little_endian(&version, 1);
    to_little_endian(&bom, 1);
    to_little_endian(&length, 1);
    to_little_endian(&sum, 1);
    if (bom != byte_order_mark)
        throw io_error(name + ": the byte-order mark reads " + std::to_string(bom) + ", not " +
                       std::to_string(byte_order_mark) + " (the header is damaged)");
    if (version > store_format_version)
        throw io_error(name + " is a store of format version " + std::to_string(version) + "; this civica reads up to " +
                       std::to_string(store_format_version) + " (update civica to read it)");
    if (version == 0) throw io_error(name + ": format version 0 does not exist (the header is damaged)");
    if (length != bytes.size() - header_size)
        throw io_error(name + ": the header promises " + std::to_string(length) + " bytes of tables, the file holds " +
                       std::to_string(bytes.size() - header_size) +
                       (length > bytes.size() - header_size ? " (the file is truncated)" : " (the file is damaged)"));
    const std::string_view body = bytes.substr(header_size);
    // The checksum is computed on a second thread while the tables are read; nothing read is
    // returned unless it matches, and a damaged file is reported as damaged whatever else the
    // reading ran into.
    auto sum_ok = std::async(std::launch::async, [body, sum] { return checksum(body.data(), body.size()) == sum; });
    const auto damaged = [&] { return io_error(name + ": the checksum does not match the content (the file is damaged)"); };
    dataset ds;
    try {
        using list = std::decay_t<decltype(tables())>;
        constexpr std::size_t count = std::tuple_size_v<list>;
        constexpr std::size_t apps = applications_at<list>(std::make_index_sequence<count>{});
        body_reader r(path, body);
        const std::vector<std::size_t> starts = r.table_starts();
        if (starts.size() != count)
            throw io_error(name + " holds " + std::to_string(starts.size()) + " tables; a store of format version " +
                           std::to_string(version) + " holds " + std::to_string(count) + " (the file is damaged)");
        // The applications, the largest table, are built on another thread while the tables
        // before them are read, and handed to the dataset in their turn.
        auto applications = std::async(std::launch::async, [&] {
            body_reader own(path, body);
            own.seek(starts[apps]);
            return build_table(own, std::get<apps>(tables()));
        });
        std::size_t i = 0;
        const auto read_one = [&](const auto& t) {
            r.seek(starts[i]);
            try {
                if (i == apps) {
                    civica::detail::dataset_loader::adopt(ds, applications.get());
                    r.seek(i + 1 < count ? starts[i + 1] : body.size());
                } else {
                    read_table(r, ds, t);
                }
            } catch (const validation_error& e) {
                throw e.prefixed(name + ": table " + std::string(t.name) + ": ");
            }
            ++i;
        };
        std::apply([&](const auto&... t) { (read_one(t), ...); }, tables());
        r.finish();
    } catch (...) {
        if (!sum_ok.get()) throw damaged();
        throw;
    }
    if (!sum_ok.get()) throw damaged();
    return ds;
}

}  // namespace civica::io

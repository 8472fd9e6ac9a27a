// Design notes: read_pgf_csv is built for files of millions of rows. The file is mapped into
// memory and split at record boundaries into one chunk per thread; each thread parses its
// chunk straight into columns (integers, day numbers, kopecks) and keeps strings as views into
// the mapping (only a quoted field with doubled quotes is copied, into a per-chunk arena).
// Repeated strings (contest, direction, region, INN) are interned per chunk through a
// one-entry "same as the previous row" cache before the hash map. Chunks are then merged in
// order and handed to civica::dataset, whose validation is the one place rules live; a
// validation failure is turned into a parse_error that names the line.
#include "civica/io/pgf.hpp"

#include "civica/model/detail/bulk_load.hpp"

#include "civica/core/date.hpp"
#include "civica/core/identifiers.hpp"
#include "civica/core/interruption.hpp"
#include "civica/core/parallel.hpp"
#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/csv_split.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>


namespace civica::io {
namespace {

enum col : std::size_t {
    c_name, c_contest, c_year, c_direction, c_date_req, c_region, c_org, c_inn, c_ogrn,
    c_implem_start, c_implem_end, c_winner, c_rate, c_money, c_cofunding, c_total_money,
    c_description, c_goal, c_tasks, c_soc_signif, c_pj_geo, c_target_groups, c_address,
    c_web_site, c_req_num, c_link, c_okato, c_oktmo, c_level, n_cols
};
static_assert(n_cols == 29);

// ---------------------------------------------------------------- value parsers


constexpr const char* unnamed_org = "is empty (the applicant organisation has no name)";

// A field that breaks a rule; `check` is the rule's problem code (civica/io/check.hpp), as a
// dataset folder's check gives it, for skip mode's list.
struct bad_value {
    std::string why;
    std::string check = "bad_value";
};

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

inline unsigned digits(std::string_view s, std::size_t at, std::size_t n, bool& ok) noexcept {
    unsigned v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (!is_digit(s[i])) ok = false;
        v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return v;
}

// ISO `YYYY-MM-DD` (optionally followed by a time) or Russian `DD.MM.YYYY`: core's one reader
// of both forms (parse_day_number_or_russian).
std::int64_t parse_day(std::string_view s) {
    try {
        return parse_day_number_or_russian(s);
    } catch (const parse_error& e) {
        throw bad_value{e.reason()};
    }
}

bad_value not_an_amount(std::string_view s) {
    return {"\"" + std::string(s) + "\" is not an amount in roubles (write e.g. 1500000 or 1500000.50)"};
}

// Roubles with up to two decimals ('.' or ','), as kopecks. Extra decimals must be zeros
// ("1500000.000" from spreadsheet exports); a plus sign, exponent or grouping is refused, and so
// is a comma or point that may group thousands ("1,000", "1.000"). An amount with a minus sign
// is refused as negative (negative_money), but for a negative zero, which is zero.
std::int64_t parse_kopecks(std::string_view s) {
    if (s.empty()) throw bad_value{"is empty (an amount in roubles is required)", "missing_value"};
    if (s.size() > 1 && s[0] == '-' && is_digit(s[1])) {
        // A fault of the rest is said of the whole field, its sign included.
        std::optional<std::int64_t> magnitude;
        try {
            magnitude = parse_kopecks(s.substr(1));
        } catch (const bad_value&) {
        }
        if (magnitude == 0) return 0;
        if (magnitude)
            throw bad_value{"\"" + std::string(s) + "\" is negative (an amount is 0 or more)", "negative_money"};
        throw not_an_amount(s);
    }
    std::int64_t rub = 0;
    std::size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
        if (rub > (std::numeric_limits<std::int64_t>::max() / 1000)) throw bad_value{"\"" + std::string(s) + "\" is too large"};
        rub = rub * 10 + (s[i] - '0');
    }
    if (i == 0) goto bad;
    {
        std::int64_t kop = 0;
        if (i < s.size()) {
            if (s[i] != '.' && s[i] != ',') goto bad;
            ++i;
            std::size_t nd = 0;
            for (; i < s.size() && is_digit(s[i]); ++i, ++nd) {
                if (nd < 2)
                    kop = kop * 10 + (s[i] - '0');
                else if (s[i] != '0')
                    throw bad_value{"\"" + std::string(s) + "\" has fractions of a kopeck"};
            }
            if (i < s.size()) goto bad;
            // "1,000" groups thousands as often as it writes a decimal comma, and "1.000" as
            // Russian and German writing group them with a point: refused rather than read as
            // one rouble (a grouped amount has 1-3 digits before the mark).
            // (No grouped number starts with 0: "0.000" and "0,500" are decimals.)
            if (const char mark = s[s.size() - nd - 1]; nd == 3 && s.size() - nd - 1 <= 3 && s[0] != '0')
                throw bad_value{"\"" + std::string(s) + "\" could be " + std::string(s.substr(0, s.size() - 4)) +
                                std::string(s.substr(s.size() - 3)) + " roubles with a thousands " +
                                (mark == ',' ? "comma" : "point") + " or " + std::string(s.substr(0, s.size() - 4)) +
                                " with a decimal one; write it without grouping (e.g. 1500000 or 1500000.50)"};
            if (nd == 1) kop *= 10;
        }
        // The roubles fit 64 bits but their kopecks may not: 92233720368547758.08 and up
        // would wrap (to the "no amount" mark, or a negative sum blamed on another column).
        std::int64_t kopecks = 0;
        if (__builtin_mul_overflow(rub, 100, &kopecks) || __builtin_add_overflow(kopecks, kop, &kopecks))
            throw bad_value{"\"" + std::string(s) + "\" is too large an amount for 64-bit kopecks (at most "
                            "92233720368547758.07 roubles)"};
        return kopecks;
    }
bad:
    throw not_an_amount(s);
}

enum class outcome : std::uint8_t { won, lost, none };

// The expert rating: a number with '.' or ',' as decimal separator, 0 or more, given for
// winners only (the Fund's data description, field 13: "Рейтинг заявки: только для
// проектов-победителей"). NaN when empty.
double parse_rate(std::string_view s, outcome w) {
    if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::string tmp(s);
    std::replace(tmp.begin(), tmp.end(), ',', '.');
    const auto v = text::parse_double(tmp);
    if (!v || *v < 0) throw bad_value{"\"" + std::string(s) + "\" is not a rating (a number, 0 or more)"};
    if (w != outcome::won)
        throw bad_value{"\"" + std::string(s) + "\": a rating, but the application did not win (the Fund rates "
                        "winning applications only)",
                        "rule"};
    return *v;
}

outcome parse_winner(std::string_view s) {
    if (s.empty()) return outcome::none;
    switch (s.size()) {
    case 1:
        if (s[0] == '1') return outcome::won;
        if (s[0] == '0') return outcome::lost;
        break;
    case 3:
        // A spreadsheet export of a boolean column with gaps writes 1.0 / 0.0.
        if (s == "1.0") return outcome::won;
        if (s == "0.0") return outcome::lost;
        break;
    case 4:
        if (s == "True" || s == "true" || s == "TRUE") return outcome::won;
        break;
    case 5:
        if (s == "False" || s == "false" || s == "FALSE") return outcome::lost;
        break;
    default:
        break;
    }
    // да/нет, and ИСТИНА/ЛОЖЬ as Excel and LibreOffice in a Russian locale save a boolean cell
    // (the csv format's spreadsheet dialect reads them too), in any letter case.
    if (const auto b = text::russian_spreadsheet_boolean(s)) return *b ? outcome::won : outcome::lost;
    const std::string lower = text::lower_ascii_and_russian(s);
    if (lower == "да") return outcome::won;
    if (lower == "нет") return outcome::lost;
    throw bad_value{"\"" + std::string(s) +
                    "\" is not a winner mark (True/False, 1/0, 1.0/0.0, да/нет, ИСТИНА/ЛОЖЬ, or empty)"};
}

// The years of the Fund's competitions the registry's `year` column may hold (the Fund has
// run them since 2017; a year outside these is a mistyped cell). The reader refuses others,
// and so the writer does.
constexpr int pgf_first_year = 2000, pgf_last_year = 2100;

std::string pgf_years() { return std::to_string(pgf_first_year) + ".." + std::to_string(pgf_last_year); }

int parse_year(std::string_view s) {
    // "2017" or "2017.0" (spreadsheet exports write integers as floats).
    if (s.size() == 6 && s[4] == '.' && s[5] == '0') s = s.substr(0, 4);
    bool ok = s.size() == 4;
    const unsigned y = ok ? digits(s, 0, 4, ok) : 0;
    if (!ok || y < pgf_first_year || y > pgf_last_year)
        throw bad_value{"\"" + std::string(s) + "\" is not a year of the Fund's competitions (" + pgf_years() + ")"};
    return static_cast<int>(y);
}

// The round of a contest from its name: the round civica's writer puts after a name that
// competitions share («Конкурс (конкурс 12, 2021)», pgf_contest_names) → 12; else an ordinal
// first word «Первый конкурс 2021» → 1, «Второй …» → 2; else a digit standing alone (not part
// of the year or of another number: «для 100 НКО», «COVID-19») → that digit; 0 when the name
// says nothing.
int round_of(std::string_view name) {
    static constexpr std::string_view written = "(конкурс ";
    for (std::size_t at = name.find(written); at != std::string_view::npos; at = name.find(written, at + 1)) {
        std::size_t end = at + written.size();
        int n = 0;
        while (end < name.size() && is_digit(name[end]) && end - (at + written.size()) < 3) n = n * 10 + (name[end++] - '0');
        if (end > at + written.size() && name.substr(end).starts_with(", ") && n > 0) return n;
    }
    // An ordinal is the whole first word, in any letter case ("Первый конкурс 2021", "ВТОРОЙ
    // КОНКУРС 2021"), its stem and an ending: not «Авторский», «Первомайский», «Пятигорский».
    struct word { std::string_view stem; int round; };
    static constexpr word words[] = {{"перв", 1}, {"втор", 2}, {"трет", 3}, {"четверт", 4}, {"четвёрт", 4}, {"пят", 5}};
    static constexpr std::string_view endings[] = {"ый", "ий", "ой", "ого", "ая", "ое", "ом", "ую", "ьего", "ья", "ье", "ьем", "ьей", "ью"};
    std::string first = text::lower_ascii_and_russian(name.substr(0, name.find(' ')));
    while (!first.empty() && std::string_view(",.:;\"").find(first.back()) != std::string_view::npos) first.pop_back();
    for (const auto& w : words)
        if (first.starts_with(w.stem) &&
            std::find(std::begin(endings), std::end(endings), std::string_view(first).substr(w.stem.size())) != std::end(endings))
            return w.round;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_digit(name[i])) continue;
        std::size_t j = i;
        while (j < name.size() && is_digit(name[j])) ++j;
        if (j - i == 1) return name[i] - '0';
        i = j;
    }
    return 0;
}

// ---------------------------------------------------------------- a small interner

// Strings copied out of the mapped file, so that the pages already parsed can be given back
// while the parse goes on (a 10-million-row file is 6 GB). Blocks never move, so a view into
// the arena stays valid as long as the arena lives.
class arena {
public:
    std::string_view copy(std::string_view s) {
        if (s.empty()) return {};
        if (s.size() > left_) {
            const std::size_t n = std::max<std::size_t>(block_bytes, s.size());
            blocks_.emplace_back(new char[n]);
            at_ = blocks_.back().get();
            left_ = n;
        }
        std::memcpy(at_, s.data(), s.size());
        const std::string_view v(at_, s.size());
        at_ += s.size();
        left_ -= s.size();
        return v;
    }

private:
    static constexpr std::size_t block_bytes = std::size_t{1} << 20;
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* at_ = nullptr;
    std::size_t left_ = 0;
};

// Maps strings to dense codes, remembering the previous lookup (sorted files repeat values).
// Open addressing over the views themselves (civica's pool index); strings of 10 or 12 digits
// (INNs) can go by their value instead, kept in the table, so that a look-up of one of the
// hundreds of thousands of applicants touches no string.
class interner {
public:
    interner() = default;
    /// New values are copied into `store` (the interner's views then outlive the input).
    explicit interner(arena* store) : store_(store) {}

    std::uint32_t code(std::string_view s) {
        if (!values_.empty() && s == values_[last_]) return last_;
        const std::uint64_t h = civica::detail::hash_bytes(s);
        std::int64_t at = index_.find(values_, s, h);
        if (at < 0) {
            at = static_cast<std::int64_t>(values_.size());
            index_.insert(values_.size(), h);
            values_.push_back(store_ ? store_->copy(s) : s);
        }
        last_ = static_cast<std::uint32_t>(at);
        return last_;
    }
    /// The same code as code(s) would give, faster for strings of 10 or 12 ASCII digits.
    std::uint32_t code_digits(std::string_view s) {
        std::uint64_t key = 0;
        if (!digit_key(s, key)) return code(s);
        if ((digit_used_ + 1) * 10 > digit_slots_.size() * 7) grow_digits();
        const std::size_t mask = digit_slots_.size() - 1;
        for (std::size_t i = digit_slot_of(key, mask);; i = (i + 1) & mask) {
            auto& slot = digit_slots_[i];
            if (slot.key == key) return slot.code;
            if (slot.key == 0) {
                slot = {key, static_cast<std::uint32_t>(values_.size())};
                ++digit_used_;
                values_.push_back(store_ ? store_->copy(s) : s);
                return slot.code;
            }
        }
    }
    /// Room for `n` values: the table of digit keys does not grow before it holds n.
    void reserve(std::size_t n) {
        values_.reserve(n);
        while (digit_slots_.size() * 7 < n * 10) grow_digits();
    }
    /// Asks the processor for the slot code_digits(s) probes first (a hint only: a look-up
    /// that misses the cache costs more than the rest of it).
    void prefetch_digits(std::string_view s) const noexcept {
        std::uint64_t key = 0;
        if (digit_slots_.empty() || !digit_key(s, key)) return;
        __builtin_prefetch(&digit_slots_[digit_slot_of(key, digit_slots_.size() - 1)]);
    }
    /// Whether code(s) or code_digits(s) has been asked for `s`.
    bool known(std::string_view s) const {
        std::uint64_t key = 0;
        if (!digit_key(s, key)) return index_.find(values_, s, civica::detail::hash_bytes(s)) >= 0;
        if (digit_slots_.empty()) return false;
        const std::size_t mask = digit_slots_.size() - 1;
        for (std::size_t i = digit_slot_of(key, mask);; i = (i + 1) & mask) {
            if (digit_slots_[i].key == key) return true;
            if (digit_slots_[i].key == 0) return false;
        }
    }
    const std::vector<std::string_view>& values() const noexcept { return values_; }

private:
    // 10 or 12 ASCII digits as one non-zero integer (the length in the lowest bit).
    static bool digit_key(std::string_view s, std::uint64_t& key) noexcept {
        if (s.size() != 10 && s.size() != 12) return false;
        key = 0;
        for (char ch : s) {
            if (ch < '0' || ch > '9') return false;
            key = key * 10 + static_cast<std::uint64_t>(ch - '0');
        }
        key = (key << 1 | (s.size() == 12 ? 1u : 0u)) + 1;
        return true;
    }
    static std::size_t digit_slot_of(std::uint64_t key, std::size_t mask) noexcept {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    }
    struct digit_slot { std::uint64_t key = 0; std::uint32_t code = 0; };
    void grow_digits() {
        std::vector<digit_slot> old(digit_slots_.empty() ? 1024 : digit_slots_.size() * 2);
        old.swap(digit_slots_);
        const std::size_t mask = digit_slots_.size() - 1;
        for (const auto& slot : old) {
            if (slot.key == 0) continue;
            std::size_t i = digit_slot_of(slot.key, mask);
            while (digit_slots_[i].key != 0) i = (i + 1) & mask;
            digit_slots_[i] = slot;
        }
    }

    arena* store_ = nullptr;
    civica::detail::pool_index index_;
    std::vector<std::string_view> values_;
    std::uint32_t last_ = 0;
    std::vector<digit_slot> digit_slots_;
    std::size_t digit_used_ = 0;
};

// ---------------------------------------------------------------- per-chunk parse

/// A row's problem as the parse threads note it; it becomes a civica::io::problem (with the
/// file name and a severity) when handed to the caller.
struct row_note {
    std::size_t line = 0;   // 1-based physical line
    std::string field;      // column name
    std::string message;
    std::string record_id;  // the application number (`req_num`) when the row has one
    std::string check = "bad_value";
    // An invalid_identifier note's INN: a part notes it at its own first row of the INN, and the
    // merge keeps it only where the file has its first row (see read_pgf_csv).
    std::string inn{};
};

problem to_problem(row_note&& n, const char* severity, const std::string& file) {
    return problem{severity, std::move(n.check), file, n.line, std::move(n.field), text::shown_id(std::move(n.record_id)),
                   std::move(n.message)};
}

constexpr std::uint32_t no_region = std::numeric_limits<std::uint32_t>::max();

/// Whether a later row of an INN gives it another name or region than the ones kept. A row
/// without a name or region leaves them as they were: it gives no other one.
/// Names are compared as people mean them (text::loose_name_key): "НКО «Заря»" with its «й»
/// typed as two code points, in capitals or with a trailing space is the same name.
bool gives_other(std::string_view kept_name, std::uint32_t kept_region, std::string_view name, std::uint32_t region) {
    return (!name.empty() && name != kept_name && text::loose_name_key(name) != text::loose_name_key(kept_name)) ||
           (region != no_region && region != kept_region);
}

/// The first later row of an INN giving it another name or region (gives_other), said once per
/// INN as a shared_inn warning.
struct other_row {
    bool seen = false;
    std::size_t line = 0;
    std::string_view name{};
    std::uint32_t region = no_region;
    void note(std::size_t l, std::string_view n, std::uint32_t r) { seen = true, line = l, name = n, region = r; }
};

struct chunk {
    const char* begin = nullptr;
    const char* end = nullptr;
    std::size_t first_line = 0;  // physical line of the chunk's first record
    bool release_pages = true;   // the bytes are a file mapping whose parsed pages may be given back
    // The caps of the calling thread (a read's own, io::read_options::limits), taken before the
    // parse threads start: they have none of their own.
    std::size_t max_fields = 0;
    std::size_t max_field_bytes = 0;  // the caps of the reading thread (text::current_limits)
    std::size_t next_line = 0;   // physical line after its last record (once parsed)

    chunk() = default;
    chunk(const chunk&) = delete;
    chunk& operator=(const chunk&) = delete;

    // Every string kept from the chunk is a copy in `strings` (see arena).
    arena strings;

    // columns (one entry per record)
    std::vector<std::string_view> req_num;
    std::vector<std::uint64_t> req_hash;  // detail::hash_bytes of req_num, for the dataset's id index
    std::vector<std::uint32_t> title, contest, direction, region, org;
    std::vector<std::uint16_t> year;
    std::vector<std::int64_t> submitted, impl_start, impl_end, money, cofunding;
    std::vector<outcome> winner;
    std::vector<double> rate;  // NaN: none
    std::vector<std::uint32_t> line;

    interner titles{&strings}, contests{&strings}, directions{&strings}, regions{&strings}, inns{&strings};
    std::vector<std::string_view> region_oktmo;  // per region code: first OKTMO seen
    // Per region code: the code of the region's first spelling in this part (the same region
    // written another way, text::loose_name_key), and those spellings' keys.
    std::vector<std::uint32_t> region_as;
    std::map<std::string, std::uint32_t> region_keys;
    struct org_info {
        std::string_view name, ogrn;
        std::uint32_t region;
        std::size_t line;  // of its first row
        other_row other{};
        // The last spelling of the name found to be the same name written otherwise
        // (gives_other): rows repeating it are not compared by key again.
        std::string_view same_name{};
    };
    std::vector<org_info> orgs;                  // per INN code
    // Whether a part after the first has an INN whose first row in it names no organisation or
    // no region: such a part cannot tell that row's name or region from the file's (see
    // needs_one_part). The first part refuses an unnamed first row as it parses.
    bool incomplete = false;
    std::deque<std::string> unquoted;            // unquoted copies of fields with "" inside
    std::vector<row_note> issues;
    std::vector<row_note> skipped;              // records left out (skip_bad_records)
    std::vector<std::uint8_t> drop;              // per record: left out after the parse (empty: none)

    // first error (the chunk stops there)
    bool failed = false;
    std::size_t err_line = 0;
    std::string err_field, err_message;
};

void check_identifiers(chunk& c, std::size_t line, std::string_view inn, std::string_view ogrn,
                       std::string_view req_num, const pgf_options& o, bool& inn_ok, bool& ogrn_ok) {
    inn_ok = ids::is_valid_inn(inn);
    ogrn_ok = ogrn.empty() || ids::is_valid_ogrn(ogrn) || ids::is_valid_ogrnip(ogrn);
    if (inn_ok && ogrn_ok) return;
    const bool bad_inn = !inn_ok;
    const std::string field = bad_inn ? "inn" : "ogrn";
    const std::string why = bad_inn ? ids::inn_problem(inn) : ids::ogrn_problem(ogrn);
    if (!o.lenient_identifiers) throw bad_value{why, bad_inn ? "invalid_inn" : "invalid_ogrn"};
    c.issues.push_back({line, field, why, std::string(req_num), "invalid_identifier", std::string(inn)});
    if (!ogrn_ok && !bad_inn) return;
    if (!ogrn_ok)
        c.issues.push_back({line, "ogrn", ids::ogrn_problem(ogrn), std::string(req_num), "invalid_identifier", std::string(inn)});
}

// Gives the whole pages of [from, to) of the mapped file back to the system (they are read
// again from the page cache if touched) and moves `from` to the end of the last page given.
// Pages holding bytes before `floor` (another chunk's) are left alone.
void give_back(const char*& from, const char* to, const char* floor) noexcept {
#if defined(MADV_DONTNEED)
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto lo = (std::max(reinterpret_cast<std::uintptr_t>(from), reinterpret_cast<std::uintptr_t>(floor)) +
                     page - 1) / page * page;
    const auto hi = reinterpret_cast<std::uintptr_t>(to) / page * page;
    if (hi > lo) {
        ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
        from = reinterpret_cast<const char*>(hi);
    }
#else
    (void)from, (void)to, (void)floor;
#endif
}

void parse_chunk(chunk& c, const pgf_options& o) {
    const std::size_t estimate = static_cast<std::size_t>(c.end - c.begin) / 256 + 16;
    c.req_num.reserve(estimate);
    c.req_hash.reserve(estimate);
    for (auto* v : {&c.title, &c.contest, &c.direction, &c.region, &c.org, &c.line}) v->reserve(estimate);
    for (auto* v : {&c.submitted, &c.impl_start, &c.impl_end, &c.money, &c.cofunding}) v->reserve(estimate);
    c.year.reserve(estimate);
    c.winner.reserve(estimate);
    c.rate.reserve(estimate);

    // Every record is checked to be UTF-8 (the layout's encoding: a file saved in Windows-1251
    // would otherwise load as garbled names) right after it is split, while it is in the cache.
    // Every `window` bytes the pages parsed are given back to the system: every string kept is
    // a copy in c.strings, so the resident part of the mapping stays at about a window per
    // thread instead of the whole file.
    constexpr std::size_t window = std::size_t{16} << 20;
    const char* released = c.begin;  // pages wholly inside [c.begin, released) were given back
    std::array<std::string_view, n_cols> f{};
    const std::size_t max_fields = c.max_fields;
    const std::size_t max_field_bytes = c.max_field_bytes;
    std::size_t line = c.first_line;
    const char* p = c.begin;
    std::size_t field = 0;  // the column being interpreted, for error messages
    std::uint32_t records = 0;
    while (p < c.end) {
        if ((++records & 0xFFF) == 0) interruption_point();  // every 4096 records
        if (c.release_pages && static_cast<std::size_t>(p - released) >= window) give_back(released, p, c.begin);
        if (*p == '\n' || (*p == '\r' && p + 1 < c.end && p[1] == '\n')) {  // blank line
            p += *p == '\n' ? 1 : 2;
            ++line;
            continue;
        }
        {
            // A row of the header's width whose cells are empty or spaces (a spreadsheet's emptied
            // row, ";;;;"): blank as a blank line is, as in the other CSV readers.
            const char* q = p;
            std::size_t separators = 0;
            for (; q < c.end; ++q) {
                if (*q == o.separator) ++separators;
                else if (*q != ' ' && *q != '\t') break;
            }
            if (separators == n_cols - 1 &&
                (q == c.end || *q == '\n' || (*q == '\r' && q + 1 < c.end && q[1] == '\n'))) {
                p = q == c.end ? q : q + (*q == '\n' ? 1 : 2);
                ++line;
                continue;
            }
        }
        std::size_t nfields = 0, lines = 1;
        bool split = false;  // the record's end is known (so a bad record can be skipped)
        const std::size_t issues_before = c.issues.size();
        try {
            field = n_cols;
            const char* record = p;
            std::uint32_t doubled = 0;  // fields holding "" pairs, unquoted below
            std::size_t too_long = n_cols + 1;  // the first field past max_field_bytes
            const auto r = text::csv_split(p, c.end, o.separator, true, max_fields,
                                           [&](std::size_t i, std::string_view v, bool has_pairs) {
                                               if (v.size() > max_field_bytes && too_long > n_cols) too_long = i;
                                               if (i < n_cols) {
                                                   f[i] = v;
                                                   doubled |= static_cast<std::uint32_t>(has_pairs) << i;
                                               }
                                           });
            if (r.fault == text::csv_fault::too_many_fields)
                throw bad_value{"a record with more than " + std::to_string(max_fields) +
                                " fields (civica::text::input_limits::max_fields_per_record)"};
            if (r.fault != text::csv_fault::none) throw bad_value{std::string(text::describe(r.fault))};
            for (; doubled != 0; doubled &= doubled - 1) {
                const auto i = static_cast<std::size_t>(std::countr_zero(doubled));
                std::string s;
                text::csv_unescape(f[i], s);
                c.unquoted.push_back(std::move(s));
                f[i] = c.unquoted.back();
            }
            nfields = r.fields;
            lines = r.line_breaks + 1;
            p = r.next;
            split = true;
            if (too_long <= n_cols) {
                field = too_long;  // a field past the 29 names no column
                throw bad_value{"a field longer than " + std::to_string(max_field_bytes) +
                                " bytes (civica::text::input_limits::max_field_bytes)"};
            }
            if (const auto bad = text::find_invalid_utf8(std::string_view(record, static_cast<std::size_t>(p - record)));
                bad != std::string_view::npos) {
                const auto at = static_cast<std::size_t>(std::count(record, record + bad, '\n'));
                line += at;
                lines -= at;
                throw bad_value{"invalid UTF-8; the ФПГ open data is UTF-8 (save the file as UTF-8: it may be in Windows-1251)"};
            }
            if (const void* nul = std::memchr(record, '\0', static_cast<std::size_t>(p - record))) {
                const auto at = static_cast<std::size_t>(std::count(record, static_cast<const char*>(nul), '\n'));
                line += at;
                lines -= at;
                throw bad_value{"a NUL byte (the file is binary, or not text)"};
            }
            if (nfields != n_cols)
                throw bad_value{"the row has " + std::to_string(nfields) + " fields, the header has 29", "wrong_field_count"};
            // Every field is checked before anything is kept, so that a record skipped for a
            // bad field brings in no contest, region or organisation of its own.
            field = c_name;
            if (f[c_name].empty()) throw bad_value{"is empty (every project has a name)", "missing_value"};
            field = c_contest;
            if (f[c_contest].empty())
                throw bad_value{"is empty (every project was submitted to a contest)", "missing_value"};
            field = c_year;
            const int year = parse_year(f[c_year]);
            field = c_date_req;
            const std::int64_t submitted = parse_day(f[c_date_req]);
            if (!f[c_region].empty()) {
                field = c_oktmo;
                const auto ok = f[c_oktmo];
                if (!ok.empty() && (!(ok.size() == 8 || ok.size() == 11) ||
                                    !std::all_of(ok.begin(), ok.end(), is_digit)))
                    throw bad_value{"\"" + std::string(ok) + "\" is not an OKTMO code (8 or 11 digits)", "invalid_oktmo"};
            }
            field = c_inn;
            const bool new_org = !c.inns.known(f[c_inn]);
            bool ogrn_ok = true;
            const bool unnamed = new_org && f[c_org].empty();
            if (new_org) {
                if (unnamed && c.first_line == 2) {
                    field = c_org;
                    throw bad_value{unnamed_org, "missing_value"};
                }
                bool inn_ok = true;
                field = ids::is_valid_inn(f[c_inn]) ? c_ogrn : c_inn;
                check_identifiers(c, line, f[c_inn], f[c_ogrn], f[c_req_num], o, inn_ok, ogrn_ok);
            }
            field = c_implem_start;
            const std::int64_t start = parse_day(f[c_implem_start]);
            field = c_implem_end;
            const std::int64_t end = parse_day(f[c_implem_end]);
            if (end < start)
                throw bad_value{"the implementation ends (" + std::string(f[c_implem_end]) +
                                ") before it starts (" + std::string(f[c_implem_start]) + ")",
                                "end_before_start"};
            field = c_winner;
            const outcome w = parse_winner(f[c_winner]);
            field = c_rate;
            const double rate = parse_rate(f[c_rate], w);
            field = c_money;
            const std::int64_t money = f[c_money].empty() ? missing_kopecks : parse_kopecks(f[c_money]);
            field = c_cofunding;
            const std::int64_t cofunding = f[c_cofunding].empty() ? 0 : parse_kopecks(f[c_cofunding]);
            // The row's total (the layout's total_money) must be a sum civica's money holds, as
            // the writer, which writes it, requires.
            if (std::int64_t total = 0; money != missing_kopecks && __builtin_add_overflow(money, cofunding, &total))
                throw bad_value{"the amount and the co-funding add up to more than civica's money holds "
                                "(the layout's total_money)",
                                "bad_value"};
            field = c_total_money;
            if (!f[c_total_money].empty()) (void)parse_kopecks(f[c_total_money]);
            field = c_req_num;
            if (f[c_req_num].empty()) throw bad_value{"is empty (every application has a number)", "missing_value"};

            // The record is good: keep it.
            std::uint32_t region = no_region;
            if (!f[c_region].empty()) {
                region = c.regions.code(f[c_region]);
                if (region == c.region_oktmo.size()) {
                    c.region_oktmo.push_back(c.strings.copy(f[c_oktmo]));
                    const auto [it, fresh] = c.region_keys.try_emplace(text::loose_name_key(f[c_region]), region);
                    c.region_as.push_back(it->second);
                }
            }
            // The organisation's region as one region however written (the merge says the
            // other spellings); the row keeps its spelling until then.
            const std::uint32_t org_region = region == no_region ? no_region : c.region_as[region];
            const std::uint32_t org = c.inns.code_digits(f[c_inn]);
            if (new_org && (unnamed || region == no_region) && c.first_line != 2) c.incomplete = true;
            if (new_org) {
                c.orgs.push_back({c.strings.copy(f[c_org]), ogrn_ok ? c.strings.copy(f[c_ogrn]) : std::string_view(),
                                  org_region, line});
            } else if (auto& known = c.orgs[org]; !known.other.seen) {
                const std::string_view name = f[c_org];
                if (!name.empty() && name != known.name && name == known.same_name) {
                    if (org_region != no_region && org_region != known.region)
                        known.other.note(line, c.strings.copy(name), org_region);
                } else if (gives_other(known.name, known.region, name, org_region)) {
                    known.other.note(line, c.strings.copy(name), org_region);
                } else if (!name.empty() && name != known.name) {
                    known.same_name = c.strings.copy(name);  // the same name written otherwise
                }
            }
            c.title.push_back(c.titles.code(f[c_name]));
            c.req_num.push_back(c.strings.copy(f[c_req_num]));
            c.req_hash.push_back(civica::detail::hash_bytes(f[c_req_num]));
            c.contest.push_back(c.contests.code(f[c_contest]));
            c.direction.push_back(c.directions.code(f[c_direction]));
            c.region.push_back(region);
            c.org.push_back(org);
            c.year.push_back(static_cast<std::uint16_t>(year));
            c.submitted.push_back(submitted);
            c.impl_start.push_back(start);
            c.impl_end.push_back(end);
            c.money.push_back(money);
            c.cofunding.push_back(cofunding);
            c.winner.push_back(w);
            c.rate.push_back(rate);
            c.line.push_back(static_cast<std::uint32_t>(line));
        } catch (const bad_value& e) {
            const std::string column = field < n_cols ? std::string(pgf_columns[field]) : std::string();
            if (o.skip_bad_records && split) {
                c.issues.resize(issues_before);  // the organisation's identifier notes go with it
                c.skipped.push_back({line, column, e.why, std::string(nfields > c_req_num ? f[c_req_num] : ""), e.check});
                line += lines;
                continue;
            }
            c.failed = true;
            c.err_line = line;
            c.err_field = column;
            c.err_message = e.why;
            return;
        }
        line += lines;
    }
    c.next_line = line;
    if (c.release_pages) give_back(released, p, c.begin);
}

// Removes the records marked in c.drop from the chunk's columns.
void drop_records(chunk& c) {
    auto keep = [&](auto& v) {
        std::size_t w = 0;
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!c.drop[i]) v[w++] = v[i];
        v.resize(w);
    };
    keep(c.req_num), keep(c.req_hash), keep(c.title), keep(c.contest), keep(c.direction), keep(c.region), keep(c.org);
    keep(c.year), keep(c.submitted), keep(c.impl_start), keep(c.impl_end), keep(c.money), keep(c.cofunding);
    keep(c.winner), keep(c.rate), keep(c.line);
    c.drop.clear();
}

// Counts the line breaks and quotes of [b, e) (chunk boundaries must not fall inside quotes).
std::size_t count_char(const char* b, const char* e, char ch) {
    std::size_t n = 0;
    while (b < e) {
        const void* q = std::memchr(b, ch, static_cast<std::size_t>(e - b));
        if (!q) break;
        ++n;
        b = static_cast<const char*>(q) + 1;
    }
    return n;
}

// Whether the file must be read again in one part, for its warnings and errors to be those of a
// read in one part. A part after the first whose first row of an INN names no organisation or
// region does not know the INN's name or region there: the row may be the file's first of the
// INN (an unnamed one is an error, or in skip mode a row left out, making the next its first),
// and a later row of the part naming it may or may not differ from the file's first row. Such
// rows are rare in the registry (every row names its applicant and region).
bool needs_one_part(const std::vector<chunk>& chunks) {
    return std::any_of(chunks.begin() + (chunks.empty() ? 0 : 1), chunks.end(),
                       [](const chunk& c) { return c.incomplete; });
}

// Adds `base` to every line number a chunk parsed with first_line 0 recorded.
void shift_lines(chunk& c, std::size_t base) {
    for (auto& l : c.line) l = static_cast<std::uint32_t>(l + base);
    for (auto& o : c.orgs) o.line += base, o.other.line += base;
    for (auto& i : c.issues) i.line += base;
    for (auto& i : c.skipped) i.line += base;
    c.err_line += base;
    c.next_line += base;
}

// Splits [body, end) into chunks.size() chunks at line breaks and parses them, one thread
// each. With `exact`, a break counts only when an even number of quotes precede it in its
// chunk (a break inside a quoted field is not a record boundary) and every chunk knows its
// first line up front; without, the breaks are taken as they come and the line numbers are
// fixed afterwards. Returns false when a chunk other than the last one failed: in the fast
// mode its end may have cut a quoted field, so only an exact parse can tell.
bool parse_chunks(std::vector<chunk>& chunks, const char* body, const char* end, bool exact,
                  bool release_pages, const pgf_options& options) {
    const auto threads = chunks.size();
    const std::size_t body_size = static_cast<std::size_t>(end - body);
    const char* b = body;
    std::size_t line = 2;
    for (std::size_t t = 0; t < threads; ++t) {
        const char* e = end;
        if (t + 1 < threads) {
            e = body + body_size * (t + 1) / threads;
            if (e < b) e = b;
            // Inside quotes when an odd number of quotes precede e in this chunk.
            bool in_quotes = exact && count_char(b, e, '"') % 2 == 1;
            while (e < end && (in_quotes || *e != '\n')) {
                if (exact && *e == '"') in_quotes = !in_quotes;
                ++e;
            }
            if (e < end) ++e;
        }
        chunks[t].begin = b;
        chunks[t].end = e;
        chunks[t].first_line = t == 0 || exact ? line : 0;
        chunks[t].release_pages = release_pages;
        chunks[t].max_fields = text::current_limits().max_fields_per_record;
        chunks[t].max_field_bytes = text::current_limits().max_field_bytes;
        if (exact && t + 1 < threads) line += count_char(b, e, '\n');
        b = e;
    }
    civica::detail::run_parts(threads, [&](std::size_t t) { parse_chunk(chunks[t], options); });
    if (exact) return true;
    for (std::size_t t = 0; t + 1 < threads; ++t)
        if (chunks[t].failed) return false;
    for (std::size_t t = 1; t < threads; ++t) shift_lines(chunks[t], chunks[t - 1].next_line);
    return true;
}

std::string competition_key(int year, int round) {
    return "pgf-" + std::to_string(year) + "-" + std::to_string(round);
}

}  // namespace

// ---------------------------------------------------------------- read

dataset read_pgf_csv(const std::filesystem::path& path, const pgf_options& options) {
    // A copy of the caps in force as the read starts: set_limits from another thread does not
    // change them between the parse and the count of rows after it.
    const text::thread_limits caps(text::current_limits());
    const std::string file = text::utf8_or_escaped(path.filename().string());
    text::check_file_size(path);
    text::mapped_file mf(path);
    // An empty file maps to nothing: there is no header to read.
    if (mf.size() == 0) throw parse_error(file, 1, 0, "", "the file is empty (a ФПГ file starts with its header row)");
    const char* data = mf.data();
    const char* end = data + mf.size();
    text::check_text_file(mf.view(), file);
    // Russian Excel saves CSV in Windows-1251: decide from the first megabyte (cut at a line
    // end, so no character is cut in two) and read a converted copy of such a file.
    text::text_encoding encoding = options.encoding;
    if (encoding == text::text_encoding::automatic) {
        std::string_view head(data, std::min<std::size_t>(mf.size(), std::size_t{1} << 20));
        if (head.size() < mf.size()) head = head.substr(0, head.rfind('\n') + 1);
        encoding = text::detect_encoding(head);
    }
    std::string converted;
    if (encoding == text::text_encoding::windows1251) {
        converted = text::windows1251_file_to_utf8(mf.view(), file);
        data = converted.data();
        end = data + converted.size();
    }
    if (end - data >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3;
    // ---- header
    const char* header_end = static_cast<const char*>(std::memchr(data, '\n', static_cast<std::size_t>(end - data)));
    if (!header_end) header_end = end;
    pgf_options o = options;  // with the separator decided
    {
        std::string_view h(data, static_cast<std::size_t>(header_end - data));
        if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
        // Lines ended by a carriage return alone (old Mac text) make the whole file one header
        // line: said as the CSV reader says it, rather than as a header of unknown names.
        if (const auto cr = h.find('\r'); cr != std::string_view::npos)
            throw parse_error(file, 1, 0, {}, std::string(text::describe(text::csv_fault::lone_carriage_return)) +
                                                  " (at byte " + std::to_string(cr + 1) +
                                                  " of the header): save the file with Windows (CRLF) or Unix "
                                                  "(LF) line ends");
        if (o.separator == 0) o.separator = text::detect_separator(h);
        text::check_separator(o.separator);
        std::size_t i = 0, pos = 0;
        for (;;) {
            const std::size_t sep = h.find(o.separator, pos);
            std::string_view name = h.substr(pos, sep == std::string_view::npos ? std::string_view::npos : sep - pos);
            if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
            if (i >= n_cols || name != pgf_columns[i]) {
                std::string expected;
                for (auto c : pgf_columns) expected += (expected.empty() ? "" : std::string(1, o.separator)) + std::string(c);
                throw parse_error(file, 1, i + 1, i < n_cols ? std::string(pgf_columns[i]) : std::string(),
                                  "the header is not the ФПГ layout: found \"" + std::string(name) +
                                      "\" where the passport has " +
                                      (i < n_cols ? "\"" + std::string(pgf_columns[i]) + "\"" : "no more columns") +
                                      " (expected " + expected + ")");
            }
            ++i;
            if (sep == std::string_view::npos) break;
            pos = sep + 1;
        }
        if (i != n_cols)
            throw parse_error(file, 1, i + 1, std::string(pgf_columns[i]),
                              "the header has " + std::to_string(i) + " columns, the ФПГ layout has 29");
    }
    const char* body = header_end < end ? header_end + 1 : end;

    // ---- chunks at record boundaries, parsed on `threads` threads
    unsigned threads = options.threads ? options.threads : civica::detail::hardware_threads();
    threads = std::min(threads, 8u);
    const std::size_t body_size = static_cast<std::size_t>(end - body);
    if (body_size < (1u << 20)) threads = 1;
    std::vector<chunk> chunks(threads);
    // First try: each chunk ends at the first line break past its share of the file, with no
    // pass over the bytes beforehand. That break may lie inside a quoted field; the chunk
    // before it then cannot close the quote within its bytes and fails, and the read starts
    // again with boundaries found by counting quotes (every record before is parsed right, so
    // a chunk that parses cleanly to its end ends on a record boundary). Line numbers of the
    // later chunks are counted from 0 and shifted once the chunks before them are known.
    // Pages of a converted copy are not given back: that memory is not backed by the file.
    const bool release = converted.empty();
    const bool fast = parse_chunks(chunks, body, end, false, release, o);
    if (!fast) {
        std::vector<chunk>(threads).swap(chunks);
        parse_chunks(chunks, body, end, true, release, o);
    }
    if (needs_one_part(chunks)) {
        threads = 1;
        std::vector<chunk>(threads).swap(chunks);
        parse_chunks(chunks, body, end, true, release, o);
    }
    for (const auto& c : chunks)
        if (c.failed) throw parse_error(file, c.err_line, 0, c.err_field, c.err_message);
    // The cap on records of a CSV file, header included, as the other CSV readers apply it.
    {
        std::size_t records = 1;
        for (const auto& c : chunks) records += c.title.size() + c.skipped.size();
        if (const std::size_t cap = text::current_limits().max_rows; records > cap) {
            // Named at the first record past the cap, as the other CSV readers name it: the
            // records of a part are its kept and its left-out rows, each list in file order.
            std::size_t left = cap - 1, line = 0;  // data records before it (the header is one)
            for (const auto& c : chunks) {
                if (left >= c.title.size() + c.skipped.size()) {
                    left -= c.title.size() + c.skipped.size();
                    continue;
                }
                std::size_t k = 0, j = 0;
                for (;;) {
                    const bool kept = j >= c.skipped.size() || (k < c.line.size() && c.line[k] < c.skipped[j].line);
                    line = kept ? c.line[k++] : c.skipped[j++].line;
                    if (left-- == 0) break;
                }
                break;
            }
            throw parse_error(file, line, 0, "", "more than " + std::to_string(cap) +
                                                     " records (civica::text::input_limits::max_rows)");
        }
    }

    // ---- merge the chunks' dictionaries into global ones
    interner contests, regions, inns;
    std::vector<std::string_view> region_oktmo;
    struct org_row {
        std::string_view inn, name, ogrn;
        std::uint32_t region;
        std::size_t line;
        other_row other{};  // in the file's order, across the chunks
    };
    std::vector<org_row> orgs;
    struct contest_info { int year = 0; std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min(); int round = 0; };
    std::vector<contest_info> cinfo;
    std::vector<std::vector<std::uint32_t>> contest_map(threads), region_map(threads), org_map(threads);
    // A region written two ways (another case, spaces or dashes, a letter typed as two code
    // points: text::loose_name_key) is one region, under the spelling of its first kept row;
    // each other spelling a kept row has is a region_spelling warning at its first such row.
    // Per global region code: the code it is taken as, and the line of its first kept row.
    std::map<std::string, std::uint32_t> region_by_key;
    std::vector<std::uint32_t> region_as;
    std::vector<std::size_t> region_first_kept;
    std::vector<std::vector<std::uint32_t>> raw_region_map(threads);
    // Skip mode: the first row with an application number keeps it; a later row with the same
    // number is left out here, before anything it alone named is taken in (the model would
    // refuse it too, but only once its organisation had been added).
    std::unordered_map<std::string_view, std::size_t> first_line_of;
    if (options.skip_bad_records) {
        std::size_t rows = 0;
        for (const auto& c : chunks) rows += c.title.size();
        first_line_of.reserve(rows);
    }
    auto drop = [](chunk& c, std::size_t i, row_note issue) {
        if (c.drop.empty()) c.drop.assign(c.title.size(), 0);
        c.drop[i] = 1;
        c.skipped.push_back(std::move(issue));
    };
    {
        std::size_t at_most = 0;
        for (const auto& c : chunks) at_most += c.inns.values().size();
        inns.reserve(at_most);
        orgs.reserve(at_most);
    }
    for (unsigned t = 0; t < threads; ++t) {
        for (auto s : chunks[t].contests.values()) {
            const auto k = contests.code(s);
            if (k == cinfo.size()) cinfo.emplace_back();
            contest_map[t].push_back(k);
        }
    }
    {
        // A contest's year is the one most of its rows give (on a tie, the earliest line's): a
        // mistyped year is then the row named (or left out), not every other row of its contest.
        std::vector<std::vector<std::pair<int, std::size_t>>> years(cinfo.size());
        for (unsigned t = 0; t < threads; ++t) {
            const auto& c = chunks[t];
            for (std::size_t i = 0; i < c.title.size(); ++i) {
                auto& counts = years[contest_map[t][c.contest[i]]];
                auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& y) { return y.first == c.year[i]; });
                if (it == counts.end()) counts.emplace_back(c.year[i], 1);
                else ++it->second;
            }
        }
        for (std::size_t k = 0; k < cinfo.size(); ++k) {
            std::size_t most = 0;
            for (const auto& [year, n] : years[k])
                if (n > most) most = n, cinfo[k].year = year;
        }
    }
    for (unsigned t = 0; t < threads; ++t) {
        auto& c = chunks[t];
        // An INN an earlier part has is said where the file first has it, not again here.
        std::erase_if(c.issues, [&](const row_note& n) { return !n.inn.empty() && inns.known(n.inn); });
        for (std::size_t r = 0; r < c.regions.values().size(); ++r) {
            const auto k = regions.code(c.regions.values()[r]);
            if (k == region_oktmo.size()) {
                region_oktmo.push_back(c.region_oktmo[r]);
                // One region however it is written: the spelling met first stands for the others.
                const auto [it, fresh] = region_by_key.try_emplace(text::loose_name_key(c.regions.values()[r]), k);
                region_as.push_back(it->second);
                region_first_kept.push_back(0);
            }
            region_map[t].push_back(region_as[k]);
            raw_region_map[t].push_back(k);
        }
        const auto& chunk_inns = c.inns.values();
        const auto global_region = [&](std::uint32_t r) { return r == no_region ? no_region : region_map[t][r]; };
        for (std::size_t r = 0; r < chunk_inns.size(); ++r) {
            if ((r & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            if (r + 16 < chunk_inns.size()) inns.prefetch_digits(chunk_inns[r + 16]);
            const auto k = inns.code_digits(chunk_inns[r]);
            const auto& oi = c.orgs[r];
            if (k == orgs.size()) {
                orgs.push_back({chunk_inns[r], oi.name, oi.ogrn, global_region(oi.region), oi.line});
                if (oi.other.seen && gives_other(oi.name, global_region(oi.region), oi.other.name,
                                                 global_region(oi.other.region)))
                    orgs.back().other.note(oi.other.line, oi.other.name, global_region(oi.other.region));
            } else if (auto& g = orgs[k]; !g.other.seen) {
                // Chunks are in the file's order: the first difference of this chunk is the
                // INN's first after those of the chunks before it.
                if (gives_other(g.name, g.region, oi.name, global_region(oi.region)))
                    g.other.note(oi.line, oi.name, global_region(oi.region));
                else if (oi.other.seen &&
                         gives_other(g.name, g.region, oi.other.name, global_region(oi.other.region)))
                    g.other.note(oi.other.line, oi.other.name, global_region(oi.other.region));
            }
            org_map[t].push_back(k);
        }
        for (std::size_t i = 0; i < c.title.size(); ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            if (options.skip_bad_records) {
                if (const auto first = first_line_of.find(c.req_num[i]); first != first_line_of.end()) {
                    drop(c, i, {c.line[i], "req_num",
                                "application \"" + std::string(c.req_num[i]) + "\": duplicate id (line " +
                                    std::to_string(first->second) + " has it and is kept)",
                                std::string(c.req_num[i]), "duplicate_id"});
                    continue;
                }
            }
            auto& ci = cinfo[contest_map[t][c.contest[i]]];
            if (ci.year != c.year[i]) {
                std::string why = "contest \"" + std::string(c.contests.values()[c.contest[i]]) + "\" is of " +
                                  std::to_string(ci.year) + " on most of its lines, here of " + std::to_string(c.year[i]);
                if (!options.skip_bad_records) throw parse_error(file, c.line[i], 0, "year", why);
                drop(c, i, {c.line[i], "year", std::move(why), std::string(c.req_num[i])});
                continue;
            }
            // Only a kept row keeps its number (a row left out for its year leaves it free).
            if (options.skip_bad_records) first_line_of.emplace(c.req_num[i], c.line[i]);
            if (c.region[i] != no_region) {
                auto& first = region_first_kept[raw_region_map[t][c.region[i]]];
                if (first == 0) first = c.line[i];
            }
            ci.first = std::min(ci.first, c.submitted[i]);
            ci.last = std::max(ci.last, c.submitted[i]);
        }
        if (options.issues)
            for (auto& i : c.issues) options.issues->push_back(to_problem(std::move(i), "warning", file));
    }

    std::unordered_map<std::string_view, std::size_t>().swap(first_line_of);

    // Each region under the spelling of its first kept row (skip mode may have left out the
    // row that brought the spelling met first): the codes taken so far are remapped.
    {
        std::vector<std::uint32_t> as(region_as.size());
        for (std::uint32_t r = 0; r < region_as.size(); ++r) as[r] = r;
        std::map<std::uint32_t, std::uint32_t> best;  // group (the code first taken) -> its spelling
        for (std::uint32_t r = 0; r < region_as.size(); ++r) {
            if (region_first_kept[r] == 0) continue;
            const auto [it, fresh] = best.try_emplace(region_as[r], r);
            if (!fresh && region_first_kept[r] < region_first_kept[it->second]) it->second = r;
        }
        for (std::uint32_t r = 0; r < region_as.size(); ++r)
            if (const auto it = best.find(region_as[r]); it != best.end()) as[r] = it->second;
            else as[r] = region_as[r];
        const auto remap = [&](std::uint32_t& code) {
            if (code != no_region) code = as[code];
        };
        for (auto& m : region_map) std::for_each(m.begin(), m.end(), remap);
        for (auto& o : orgs) remap(o.region), remap(o.other.region);
        region_as = std::move(as);
    }
    if (options.issues) {
        std::vector<std::uint32_t> variants;
        for (std::uint32_t r = 0; r < region_as.size(); ++r)
            if (region_as[r] != r && region_first_kept[r] != 0) variants.push_back(r);
        std::sort(variants.begin(), variants.end(),
                  [&](auto a, auto b) { return region_first_kept[a] < region_first_kept[b]; });
        for (const auto r : variants) {
            const std::string written(regions.values()[r]), as(regions.values()[region_as[r]]);
            // What tells them apart: a character one cannot see in either, else case, spaces…
            const std::string here = text::first_unseen_character(written), there = text::first_unseen_character(as);
            const std::string how = !here.empty()  ? "this holds " + here
                                    : !there.empty() ? "the earlier one holds " + there
                                                     : std::string("in letter case, ё/е, spaces or dashes");
            options.issues->push_back(problem{"warning", "region_spelling", file, region_first_kept[r], "region",
                                              written,
                                              "region \"" + written + "\" is taken as \"" + as +
                                                  "\", written so on an earlier line (they differ: " + how + ")"});
        }
    }

    // One organisation per INN, as the Fund's registry identifies applicants: another name or
    // region on a later row (a renamed organisation, a typing slip) is not kept, and is said
    // once per INN, as the dataset folder's shared_inn check says it.
    if (options.issues) {
        std::vector<const org_row*> several;
        for (const auto& o : orgs)
            if (o.other.seen) several.push_back(&o);
        std::sort(several.begin(), several.end(),
                  [](const org_row* a, const org_row* b) { return a->other.line < b->other.line; });
        const auto described = [&](std::string_view name, std::uint32_t region) {
            return (name.empty() ? std::string("no name") : "\"" + std::string(name) + "\"") + " (" +
                   (region == no_region ? std::string("no region") : "region \"" + std::string(regions.values()[region]) + "\"") +
                   ")";
        };
        for (const org_row* o : several)
            options.issues->push_back(problem{
                "warning", "shared_inn", file, o->other.line,
                gives_other(o->name, no_region, o->other.name, no_region) ? "org" : "region", "inn-" + std::string(o->inn),
                "INN " + std::string(o->inn) + " is " + described(o->other.name, o->other.region) + " here and " +
                    described(o->name, o->region) + " on line " + std::to_string(o->line) +
                    ": the registry's applicant is one organisation per INN, kept with its first row's name and region"});
    }

    // ---- skip mode: a contest, region or organisation that only left-out rows named is left
    // out with them (the rows left out by the parse never took theirs in)
    std::vector<std::uint8_t> contest_used, region_used;
    if (options.skip_bad_records &&
        std::any_of(chunks.begin(), chunks.end(), [](const chunk& c) { return !c.drop.empty(); })) {
        contest_used.assign(cinfo.size(), 0);
        region_used.assign(region_oktmo.size(), 0);
        std::vector<std::uint8_t> org_used(orgs.size(), 0);
        for (unsigned t = 0; t < threads; ++t) {
            const auto& c = chunks[t];
            for (std::size_t i = 0; i < c.title.size(); ++i) {
                if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
                if (!c.drop.empty() && c.drop[i]) continue;
                contest_used[contest_map[t][c.contest[i]]] = 1;
                if (c.region[i] != no_region) region_used[region_map[t][c.region[i]]] = 1;
                org_used[org_map[t][c.org[i]]] = 1;
            }
        }
        std::vector<std::uint32_t> org_to(orgs.size(), no_region);
        std::size_t kept = 0;
        for (std::size_t k = 0; k < orgs.size(); ++k) {
            if (!org_used[k]) continue;
            org_to[k] = static_cast<std::uint32_t>(kept);
            orgs[kept++] = orgs[k];
            if (orgs[k].region != no_region) region_used[orgs[k].region] = 1;
        }
        orgs.resize(kept);
        for (auto& m : org_map)
            for (auto& k : m) k = org_to[k];
    }

    // ---- competitions: rounds from the names, unnamed or clashing ones take the next free round
    std::vector<std::size_t> corder(cinfo.size());
    std::iota(corder.begin(), corder.end(), 0);
    if (!contest_used.empty()) std::erase_if(corder, [&](std::size_t k) { return !contest_used[k]; });
    std::sort(corder.begin(), corder.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(cinfo[a].year, cinfo[a].first, contests.values()[a]) <
               std::tie(cinfo[b].year, cinfo[b].first, contests.values()[b]);
    });
    {
        // The round a contest's name gives, unless an earlier contest of its year took it (two
        // names of one round, «Конкурс 1 2019 года» and «Первый конкурс 2019»); then, and for a
        // name that gives none, the first round of its year still free.
        std::map<std::pair<int, int>, bool> taken;
        for (auto k : corder) {
            const int r = round_of(contests.values()[k]);
            if (r > 0 && !taken[{cinfo[k].year, r}]) {
                cinfo[k].round = r;
                taken[{cinfo[k].year, r}] = true;
            }
        }
        for (auto k : corder) {
            if (cinfo[k].round > 0) continue;
            int r = 1;
            while (taken[{cinfo[k].year, r}]) ++r;
            cinfo[k].round = r;
            taken[{cinfo[k].year, r}] = true;
        }
    }

    // ---- the dataset
    dataset ds;
    ds.info().name = "presidential-grants-fund";
    ds.info().title = "Presidential Grants Fund applications (" + file + ")";
    ds.info().source = file;
    ds.info().description = "Applications to the Presidential Grants Fund's competitions read from the "
                            "Fund's open data layout (29 columns).";
    try {
        for (std::size_t r = 0; r < regions.values().size(); ++r) {
            if (region_as[r] != r || (!region_used.empty() && !region_used[r])) continue;
            municipality m;
            m.id = municipality_id(regions.values()[r]);
            m.name = std::string(regions.values()[r]);
            m.region = m.name;
            m.oktmo = std::string(region_oktmo[r]);
            ds.add(m);
        }
        // The Fund and its programme come with the competitions: a file of no application (its
        // header alone, or every row left out) names neither.
        if (!corder.empty()) {
            ds.add(grant_operator{operator_id("presidential-grants-fund"), "Фонд президентских грантов", {}});
            ds.add(programme{programme_id("presidential-grants"), operator_id("presidential-grants-fund"),
                             "Гранты Президента Российской Федерации на развитие гражданского общества",
                             programme_kind::presidential_grants});
        }
        for (auto k : corder) {
            competition c;
            c.id = competition_id(competition_key(cinfo[k].year, cinfo[k].round));
            c.programme = programme_id("presidential-grants");
            c.year = cinfo[k].year;
            c.round = cinfo[k].round;
            c.window = {from_day_number(cinfo[k].first), from_day_number(cinfo[k].last)};
            c.name = std::string(contests.values()[k]);
            ds.add(c);
        }
        std::vector<organization> rows(orgs.size());
        // Filled on the parse's threads: each row's strings are its own allocations.
        const auto fill = [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                const auto& o = orgs[i];
                organization& g = rows[i];
                std::string id;
                id.reserve(4 + o.inn.size());
                id.append("inn-").append(o.inn);
                g.id = organization_id(std::move(id));
                g.full_name = std::string(o.name);
                if (ids::is_valid_inn(o.inn)) g.inn = std::string(o.inn);
                g.ogrn = std::string(o.ogrn);
                if (o.region != no_region) g.municipality = municipality_id(regions.values()[o.region]);
            }
        };
        const std::size_t fill_threads = std::min<std::size_t>(threads, 1 + orgs.size() / 100'000);
        civica::detail::run_parts(fill_threads, [&](std::size_t t) {
            fill(orgs.size() * t / fill_threads, orgs.size() * (t + 1) / fill_threads);
        });
        civica::detail::dataset_loader::add_organizations(ds, std::move(rows));
    } catch (const validation_error& e) {
        throw parse_error(file, 0, 0, "", e.what());
    }

    // Applications in one bulk call per chunk: the model checks its rules on the integer
    // columns. A failure throws away the whole dataset, so the read stays all or nothing.
    // Each chunk's columns are freed once added, to keep the peak memory down.
    std::vector<row_index> competition_row(cinfo.size());
    for (std::size_t k = 0; k < corder.size(); ++k) competition_row[corder[k]] = static_cast<row_index>(k);
    std::vector<row_note> skipped;
    {
        std::size_t rows = 0;
        for (const auto& c : chunks) rows += c.title.size();
        civica::detail::dataset_loader::reserve_applications(ds, rows);
    }
    for (unsigned t = 0; t < threads; ++t) {
        auto& c = chunks[t];
        if (!c.drop.empty()) drop_records(c);
        const std::size_t n = c.title.size();
        civica::detail::application_columns cols;
        for (auto* v : {&cols.competition, &cols.applicant}) v->reserve(n);
        for (auto* v : {&cols.applicant_type, &cols.status}) v->reserve(n);
        cols.awarded.reserve(n);
        cols.id = std::move(c.req_num);
        cols.id_hash = std::move(c.req_hash);
        cols.title_dictionary = c.titles.values();
        cols.title_code = std::move(c.title);
        cols.direction_dictionary = c.directions.values();
        cols.direction_code = std::move(c.direction);
        for (auto k : c.contest) cols.competition.push_back(competition_row[contest_map[t][k]]);
        for (auto o : c.org) cols.applicant.push_back(static_cast<row_index>(org_map[t][o]));
        cols.applicant_type.assign(n, static_cast<std::uint8_t>(applicant_kind::organization));
        for (std::size_t i = 0; i < n; ++i) {
            const outcome w = c.winner[i];
            cols.status.push_back(static_cast<std::uint8_t>(w == outcome::won    ? application_status::winner
                                                            : w == outcome::lost ? application_status::rejected
                                                                                 : application_status::withdrawn));
            cols.awarded.push_back(w == outcome::won ? c.money[i] : missing_kopecks);
        }
        cols.requested = std::move(c.money);
        cols.cofunding = std::move(c.cofunding);
        cols.submitted = std::move(c.submitted);
        cols.implementation_start = std::move(c.impl_start);
        cols.implementation_end = std::move(c.impl_end);
        cols.rate = std::move(c.rate);
        std::size_t bad = 0;
        civica::detail::refusals refused;
        try {
            civica::detail::dataset_loader::add_applications(ds, cols, &bad, options.skip_bad_records ? &refused : nullptr);
        } catch (const validation_error& e) {
            throw parse_error(file, bad < c.line.size() ? c.line[bad] : 0, 0, "req_num", e.what());
        }
        // The parse has checked every other rule the model applies to these rows, so a row it
        // refuses repeats an application number (duplicate_id).
        for (const auto& [i, e] : refused.rows)
            c.skipped.push_back({c.line[i], "req_num", e.what(), std::string(cols.id[i]), e.check()});
        std::move(c.skipped.begin(), c.skipped.end(), std::back_inserter(skipped));
        for (auto* v : {&c.contest, &c.region, &c.org}) std::vector<std::uint32_t>().swap(*v);
    }
    if (options.skipped) {
        std::stable_sort(skipped.begin(), skipped.end(), [](const row_note& a, const row_note& b) { return a.line < b.line; });
        for (auto& i : skipped) options.skipped->push_back(to_problem(std::move(i), "error", file));
    }
    return ds;
}

// ---------------------------------------------------------------- write

namespace {

/// A day as the layout writes it (YYYY-MM-DD), or empty for a missing day.
std::string day_text(day_number d) {
    char buf[10];
    return format_day_number(d, buf) ? std::string(buf, sizeof buf) : std::string();
}

/// An amount as the layout writes it (roubles with two decimals), or empty when not stated.
std::string kopecks_text(std::int64_t k) {
    if (k == missing_kopecks) return {};
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(k / 100),
                                static_cast<long long>(k % 100));
    return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

namespace {

// The contest column of each competition. The registry knows a contest by its name alone (its
// reader makes one competition of each name, of one year), so competitions that share a name
// (an annual «Конкурс социальных проектов») get their round and year after it, which the
// reader takes the round from, and their id as well where even those are shared. An unnamed
// competition is «Конкурс <round> <year>».
std::vector<std::string> pgf_contest_names(const detail::keyed_rows<competition>& comps) {
    std::vector<std::string> names(comps.size());
    for (std::size_t c = 0; c < comps.size(); ++c)
        names[c] = comps[c].name.empty() ? "Конкурс " + std::to_string(comps[c].round) + " " + std::to_string(comps[c].year)
                                         : comps[c].name;
    const auto shared = [&] {
        std::unordered_map<std::string_view, std::size_t> uses;
        for (const auto& n : names) ++uses[n];
        std::vector<bool> out(names.size());
        for (std::size_t c = 0; c < names.size(); ++c) out[c] = uses[names[c]] > 1;
        return out;
    };
    std::vector<bool> again = shared();
    for (std::size_t c = 0; c < comps.size(); ++c)
        if (again[c])
            names[c] += " (конкурс " + std::to_string(comps[c].round) + ", " + std::to_string(comps[c].year) + ")";
    again = shared();
    for (std::size_t c = 0; c < comps.size(); ++c)
        if (again[c]) names[c] += " " + comps[c].id.str();
    return names;
}

// The registry's one amount (money_req_grant): a winner's grant, or the sum an application
// that did not win requested (the passport, column 14). A winner whose grant is not stated
// has none: its request there would read back as the grant.
std::int64_t row_money(const application_table& t, std::size_t i) {
    const bool won = static_cast<application_status>(t.status()[i]) == application_status::winner;
    return won ? t.awarded()[i] : t.requested()[i];
}

}  // namespace

void write_pgf_csv(const dataset& ds, const std::filesystem::path& path) {
    const auto& t = ds.applications();
    const auto& comps = ds.competitions();
    const auto& orgs = ds.organizations();
    const auto& munis = ds.municipalities();
    // What the registry cannot hold is refused before anything is written, rather than written
    // into a file that cannot be read back: money in another currency (its amounts are
    // roubles), a person's application, a row without what read_pgf_csv requires of every row.
    if (ds.info().currency != "RUB")
        throw validation_error("the ФПГ registry (pgf): the dataset's money is in " + ds.info().currency +
                               "; the Presidential Grants Fund layout holds roubles only");
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.applicant_type()[i] != static_cast<std::uint8_t>(applicant_kind::organization))
            throw validation_error("the ФПГ registry (pgf): application " + std::string(t.ids()[i]) +
                                   " is a person's; the Presidential Grants Fund layout has organisations only");
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto& org = orgs[static_cast<std::size_t>(t.applicant()[i])];
        const char* missing = t.title()[i].empty()                        ? "a title (column name)"
                              : t.submitted()[i] == missing_day            ? "a submission date (column date_req)"
                              : t.implementation_start()[i] == missing_day ? "an implementation start (column implem_start)"
                              : t.implementation_end()[i] == missing_day   ? "an implementation end (column implem_end)"
                              : org.inn.empty()                            ? "an applicant's INN (column inn)"
                              : org.full_name.empty() && org.short_name.empty() ? "an applicant's name (column org)"
                                                                               : nullptr;
        if (missing)
            throw validation_error("the ФПГ registry (pgf): application " + std::string(t.ids()[i]) + " lacks " + missing +
                                   ", which every row of the Presidential Grants Fund layout has");
        const int year = comps[static_cast<std::size_t>(t.competition()[i])].year;
        if (year < pgf_first_year || year > pgf_last_year)
            throw validation_error("the ФПГ registry (pgf): application " + std::string(t.ids()[i]) + " is of a " +
                                   std::to_string(year) + " competition; the layout's year column holds the years " +
                                   pgf_years() + " of the Fund's competitions");
        const std::int64_t money = row_money(t, i);
        std::int64_t total = 0;
        if (money != missing_kopecks && __builtin_add_overflow(money, t.cofunding()[i], &total))
            throw validation_error("the ФПГ registry (pgf): application " + std::string(t.ids()[i]) +
                                   ": its amount and co-funding add up to more than civica's money holds "
                                   "(the layout's total_money column)");
    }

    text::replace_atomically(path, [&](const std::filesystem::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw io_error(path.string() + ": cannot be written");
        // The one CSV writer (civica/text/csv.hpp): quotes what needs it and refuses a field a
        // reader could not take back (over input_limits::max_field_bytes, a NUL, bytes that are
        // not UTF-8), so the file written is one read_pgf_csv reads whole.
        text::csv_writer w(out, ';');
        w.write_record(pgf_columns);
        const std::vector<std::string> contest_names = pgf_contest_names(comps);
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto& comp = comps[static_cast<std::size_t>(t.competition()[i])];
            const auto& org = orgs[static_cast<std::size_t>(t.applicant()[i])];
            const municipality* m = nullptr;
            if (!org.municipality.empty()) {
                const row_index r = munis.find(org.municipality.str());
                if (r != no_row) m = &munis[static_cast<std::size_t>(r)];
            }
            const auto status = static_cast<application_status>(t.status()[i]);
            const std::int64_t money = row_money(t, i);
            // Whether the region column names the municipality itself (okato/oktmo are then its codes).
            const bool own_region = m && (m->region.empty() || m->region == m->name);
            std::size_t column = 0;
            try {
                const auto put = [&](std::string_view v) {
                    w.field(v);
                    ++column;
                };
                put(t.title()[i]);
                put(contest_names[static_cast<std::size_t>(t.competition()[i])]);
                put(std::to_string(comp.year));
                put(t.direction()[i]);
                put(day_text(t.submitted()[i]));
                put(m ? std::string_view(m->region.empty() ? m->name : m->region) : std::string_view());
                put(org.full_name.empty() ? org.short_name : org.full_name);
                put(org.inn.empty() ? org.id.str() : std::string_view(org.inn));
                put(org.ogrn);
                put(day_text(t.implementation_start()[i]));
                put(day_text(t.implementation_end()[i]));
                put(status == application_status::winner    ? "True"
                    : status == application_status::rejected ? "False"
                                                             : "");
                put(std::isnan(t.rate()[i]) ? std::string() : text::format_double(t.rate()[i]));
                // An amount the dataset does not state (a request a 360Giving file left out) is
                // an empty cell, read back as not stated.
                put(kopecks_text(money));
                put(kopecks_text(t.cofunding()[i]));
                put(money == missing_kopecks ? std::string() : kopecks_text(money + t.cofunding()[i]));
                // description … web_site: not in the model.
                while (pgf_columns[column] != "req_num") put({});
                put(t.ids()[i]);
                // link (the application's page on the Fund's site): the reader does not keep it, so
                // it is left empty rather than made up from the application number.
                put({});
                put({});  // okato
                put(own_region ? std::string_view(m->oktmo) : std::string_view());
                put(m ? "region" : "");
                w.end_record();
            } catch (const validation_error& e) {
                throw validation_error("the ФПГ registry (pgf): application " + std::string(t.ids()[i]) + ", column " +
                                       std::string(pgf_columns[std::min(column, pgf_columns.size() - 1)]) + ": " +
                                       e.what());
            }
        }
        text::close_written(out, path);
    });
}

}  // namespace civica::io

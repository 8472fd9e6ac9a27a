#pragma once
/// \file
/// Published figures ("indicators"): a key, a year, a territory, a value and its qualifier.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

/// How exact a published figure is. Russian reports say "более 300": a bound, not a value.
enum class qualifier : std::uint8_t { exact, more_than, at_least, about };
std::string_view to_string(qualifier q);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
qualifier parse_qualifier(std::string_view s);

/// One published figure. `value` is in `unit`: a count, RUB (roubles, may have kopecks), a rank.
struct indicator {
    std::string key;         ///< e.g. "councils.meetings" (DOMAIN.md section 1 vocabulary)
    int year = 0;
    std::string territory;   ///< municipality id or name; empty = the dataset's own territory
    std::string breakdown;   ///< optional label (e.g. a course title); empty = the total
    double value = 0;
    qualifier qual = qualifier::exact;
    std::string unit;        ///< "count", "RUB", "rank", or another unit
    std::string source;      ///< where the figure was published
    friend bool operator==(const indicator&, const indicator&) = default;
};

/// The indicator keys civica knows, with their units (DOMAIN.md section 1).
struct indicator_key_info {
    std::string_view key;
    std::string_view unit;
    std::string_view description;
};
const std::vector<indicator_key_info>& known_indicator_keys();
/// The unit of a known key ("count", "RUB", "rank"), or empty for an unknown key.
std::string_view default_unit(std::string_view key);

/// How messages name a published figure: "key year[ territory][ [breakdown]]", e.g.
/// "councils.meetings 2020 khm [итого]". `year` as it is written.
std::string figure_label(std::string_view key, std::string_view year, std::string_view territory,
                         std::string_view breakdown);

/// The four parts that name a published figure as one string, each part preceded by its length
/// so that no text in one can pass for another. With the territory as written it keys a file's
/// rows of figures, which give each figure once (SQLite's UNIQUE constraint on the four; a
/// second row is a duplicate_id error). With the territory resolved (resolve_territory) it is
/// the dataset's identity of a figure, by which set_indicator replaces: so two rows whose
/// territories differ as written but mean one territory (an id and its municipality's name)
/// are read as one figure, the later one.
std::string figure_key(std::string_view key, int year, std::string_view territory, std::string_view breakdown);

}  // namespace civica

#pragma once
/// \file
/// The civica store (`.civica`): a whole dataset in one binary file, by column, that reopens
/// about as fast as the disk gives its bytes. It is what a large dataset is saved in; the
/// dataset folder (CSV) stays the form for people and spreadsheets.
///
///     civica::io::write(ds, "national.civica");            // the format follows the suffix
///     auto back = civica::io::read("national.civica").data; // == ds
///
/// Layout (docs/formats.md has the full description): a 32-byte header — the magic bytes
/// `\x89CVSTORE`, the format version (u32), the byte-order mark 0x01020304 (u32), the length
/// of the body (u64) and its checksum (u64) — then the body: every table of the dataset in a
/// fixed order (the dataset's info as a table of one row first), each as its row count and its
/// columns. A column is its name, a type code and its bytes, each part padded to 8 bytes:
/// fixed-width numbers as little-endian arrays, strings as offsets plus bytes, enumerations as
/// their codes, dates as day numbers, dictionary-encoded strings as codes plus their
/// dictionary. Everything is little-endian.
///
/// Trust: the checksum (a 64-bit hash of the body, defined in src/io/store.cpp and fixed for
/// the format version) shows that the file is whole, not who wrote it; a truncated file,
/// a changed byte, another file's magic or a newer version is refused with a civica::io_error
/// naming the file and what is wrong. The small tables (municipalities … indicators) are added
/// row by row with every check of dataset::add; the columnar tables (applications, enrolments,
/// agenda questions, services) are taken whole, and checked whole by
/// civica::detail::dataset_loader::adopt: ids unique, enumeration codes in range, every
/// reference a row of the table it points into, and each row's own rules of dataset::add
/// (text, days, money, periods, rates).

#include "civica/model/dataset.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The version of the store format this civica writes; it reads this one and older ones.
inline constexpr std::uint32_t store_format_version = 1;

/// Writes `ds` to the store file `path`, replacing it atomically
/// (civica::text::replace_atomically). Throws civica::io_error when it cannot be written.
void write_store(const dataset& ds, const std::filesystem::path& path);

/// Reads the store file `path`. Throws civica::io_error naming the file when it cannot be
/// read, is not a store, is damaged or truncated, or is of a newer format version, and
/// civica::validation_error naming the table and row when a row breaks a rule of the dataset.
dataset read_store(const std::filesystem::path& path);

namespace detail {
/// One table of the store as it is written: its name and its column names, in order.
struct store_table_columns {
    std::string_view table;
    std::vector<std::string_view> columns;
};
/// The store's tables and columns, in the order they are written (the info table first). The
/// store names a column by its model member ("window" for a period, "qualifier"); a test holds
/// these lists to the table declaration (civica/model/schema.hpp), so that a column declared
/// there and forgotten here fails it.
std::vector<store_table_columns> store_columns();
}  // namespace detail

/// True when `head` (the first bytes of a file) starts with the store's magic bytes.
bool is_store_header(std::string_view head) noexcept;

/// The header of a store file whose body (everything after the 32-byte header) is `body`:
/// magic, this format version, byte-order mark, length and checksum. For tools that make or
/// repair store files (and the fuzz target, which makes bodies of its own).
std::string store_header(std::string_view body);

}  // namespace civica::io

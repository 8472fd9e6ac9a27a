#pragma once
/// \file
/// The report's vocabulary: the sections, the statements build() makes and the slots each one
/// carries, the labels a template may define, and the slots every text may use. It is declared
/// once, here: build() refuses to make a statement that it does not declare, check_template
/// refuses a template that words anything else (a misspelt slot would otherwise drop its
/// sentence as if the data were missing), and docs/report.md's list of slots is tested
/// against it.
///
///     for (const auto& v : civica::report::statement_vocabularies())
///         std::cout << v.id << ": " << v.slots.size() << " slots\n";

#include <string>
#include <string_view>
#include <vector>

namespace civica::report {

/// A list a statement may carry (`{topics}`), and the slots of its items (`{title}` in
/// `@list topics …`).
struct list_vocabulary {
    std::string_view name;
    std::vector<std::string_view> item_slots;
};

/// What a statement of `id` may carry: the section it belongs to, the names of its figures
/// and texts (a flag is a text, "yes" when set), and its lists.
struct statement_vocabulary {
    std::string_view id;
    std::string_view section;
    std::vector<std::string_view> slots;
    std::vector<list_vocabulary> lists;

    bool has_slot(std::string_view name) const;
    const list_vocabulary* find_list(std::string_view name) const;
};

/// Every statement build() makes, section by section in the report's order.
const std::vector<statement_vocabulary>& statement_vocabularies();
/// The statement of `id`, or nullptr.
const statement_vocabulary* find_statement_vocabulary(std::string_view id);
/// The report's sections in the order of the source document: councils, resource_centre,
/// training, ngo, grants, municipal_grants, individuals.
const std::vector<std::string_view>& section_ids();

/// A fixed phrase a template may define (`@label KEY TEXT`). `filled`: its text is filled like
/// a statement's (slots in braces), with `slots` and the global slots; otherwise it is printed
/// as written.
struct label_vocabulary {
    std::string_view key;
    bool filled = false;
    std::vector<std::string_view> slots;
};
const std::vector<label_vocabulary>& label_vocabularies();
const label_vocabulary* find_label_vocabulary(std::string_view key);

/// The slots every text may use: year, next_year, previous_year, dataset, territory, region,
/// and the flags presidential_grants and governor_grants (report_content: the grant
/// programmes the report covers).
const std::vector<std::string_view>& global_slots();
/// Whether `name` is a global slot: one of global_slots(), or a form of the territory's or the
/// region's name (`territory.gen`, `region.short`: any form the data or an @name gives).
bool is_global_slot(std::string_view name);

}  // namespace civica::report

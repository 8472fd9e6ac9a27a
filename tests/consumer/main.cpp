// Built against the installed package by ctest (consumer.* tests): proves that
// find_package(civica) gives headers, the library and the bundled data.
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <filesystem>
#include <iostream>

int main() {
    try {
        const civica::dataset ds = civica::io::load_dataset("khanty-mansiysk-2020");
        const auto& meetings = ds.get_indicator("councils.meetings", 2020);
        std::cout << ds.info().title << ": " << meetings.value << " meetings in 2020\n";
        if (meetings.value != 59) {
            std::cerr << "expected 59 meetings, got " << meetings.value << "\n";
            return 1;
        }
        if (!civica::ids::is_valid_inn("7707083893")) return 1;
        // Every reader of bundled data (templates, calendar rules, the production calendar)
        // takes the installed package's folder, not the source tree the library was built from.
        const std::filesystem::path installed = CIVICA_DATA_DIR;
        if (civica::text::default_data_dir() != installed ||
            civica::report::template_path(civica::report::language::ru) != installed / "templates" / "report.ru.txt") {
            std::cerr << "bundled data is read from " << civica::text::default_data_dir() << " and "
                      << civica::report::template_path(civica::report::language::ru) << ", not from " << installed
                      << "\n";
            return 1;
        }
        const auto calendar = civica::calendar::reporting_calendar(civica::calendar::ngo_profile::default_profile(), 2023);
        if (calendar.deadlines.empty()) return 1;
        std::cout << "civica " << civica::version << " works\n";
        return 0;
    } catch (const civica::error& e) {
        std::cerr << "civica error: " << e.what() << "\n";
        return 1;
    }
}

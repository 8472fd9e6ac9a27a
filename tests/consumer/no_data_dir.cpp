// A program built against the installed package the way a build without CMake builds it: no
// CIVICA_DATA_DIR definition. The library then knows no data folder until the environment
// names one, and never reads the source tree it was built from (consumer.* tests).
#undef CIVICA_DATA_DIR
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

// Each read of bundled data (the calendar rules, the production calendar, a report template)
// without a data folder: a civica::io_error that says what to set, and no file of the working
// folder read in its place. `decoys` are files of the same relative names in the working folder.
static bool refuses_without_a_data_folder() {
    const fs::path work = fs::temp_directory_path() / ("civica-no-data-dir-" + std::to_string(::getpid()));
    fs::create_directories(work / "calendar");
    fs::create_directories(work / "templates");
    for (const char* decoy : {"calendar/obligations.json", "calendar/ru-production-calendar.csv", "templates/report.ru.txt"})
        std::ofstream(work / decoy) << "a file of the working folder, not civica's\n";
    const fs::path before = fs::current_path();
    fs::current_path(work);
    const std::pair<const char*, std::function<void()>> reads[] = {
        {"calendar rules", [] { (void)civica::calendar::obligation_catalogue::bundled(); }},
        {"production calendar", [] { (void)civica::calendar::production_calendar::bundled(); }},
        {"report template", [] { (void)civica::report::load_template(civica::report::language::ru); }},
        {"reporting calendar", [] {
             (void)civica::calendar::reporting_calendar(civica::calendar::ngo_profile::default_profile(), 2024);
         }},
    };
    bool ok = true;
    for (const auto& [what, read] : reads) {
        try {
            read();
            std::cerr << "the " << what << " was read without a data folder\n";
            ok = false;
        } catch (const civica::io_error& e) {
            if (std::string(e.what()).find("no data folder is known: set CIVICA_DATA_DIR") == std::string::npos) {
                std::cerr << "the " << what << "'s error does not say what to do: " << e.what() << "\n";
                ok = false;
            }
        } catch (const std::exception& e) {  // e.g. a parse_error of the decoy: it was read
            std::cerr << "the " << what << " was looked for in the working folder: " << e.what() << "\n";
            ok = false;
        }
    }
    fs::current_path(before);
    fs::remove_all(work);
    return ok;
}

int main() {
    const char* env = std::getenv("CIVICA_DATA_DIR");
    const std::filesystem::path dir = civica::text::default_data_dir();
    if (env == nullptr || *env == '\0') {
        if (!dir.empty()) {
            std::cerr << "no data folder was given, yet civica reads " << dir << "\n";
            return 1;
        }
        try {
            (void)civica::io::load_dataset("khanty-mansiysk-2020");
            std::cerr << "a bundled dataset was found without a data folder\n";
            return 1;
        } catch (const civica::error& e) {
            if (std::string(e.what()).find("set CIVICA_DATA_DIR") == std::string::npos) {
                std::cerr << "the error does not say what to do: " << e.what() << "\n";
                return 1;
            }
        }
        if (!refuses_without_a_data_folder()) return 1;
        std::cout << "no data folder known, as none was given\n";
        return 0;
    }
    if (dir != std::filesystem::path(env)) return 1;
    std::cout << civica::io::load_dataset("khanty-mansiysk-2020").info().title << "\n";
    // The bundled rules, production calendar and template come from the folder the environment names.
    const auto deadlines =
        civica::calendar::reporting_calendar(civica::calendar::ngo_profile::default_profile(), 2024).deadlines.size();
    (void)civica::report::load_template(civica::report::language::ru);
    std::cout << deadlines << " deadlines in 2024\n";
    return deadlines > 0 ? 0 : 1;
}

// Loads a dataset (a bundled name or a dataset folder) and prints a summary of it.
//
//   civica_dataset_summary                       # the bundled khanty-mansiysk-2020
//   civica_dataset_summary khanty-mansiysk-2020-synthetic
//   civica_dataset_summary path/to/my-dataset
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <iostream>

int main(int argc, char** argv) {
    const char* name = argc > 1 ? argv[1] : "khanty-mansiysk-2020";
    try {
        const civica::dataset ds = civica::io::load_dataset(name);
        const auto& info = ds.info();
        std::cout << info.title << (info.synthetic ? "  [synthetic]" : "") << "\n\n";
        std::cout << "organisations     " << ds.organizations().size() << "\n"
                  << "applications      " << ds.applications().size() << "\n"
                  << "collegial bodies  " << ds.bodies().size() << "\n"
                  << "meetings          " << ds.meetings().size() << "\n"
                  << "agenda questions  " << ds.agenda_questions().size() << "\n"
                  << "courses           " << ds.courses().size() << "\n"
                  << "indicators        " << ds.indicators().size() << "\n\n";
        for (const auto& ind : ds.indicators()) {
            std::cout << "  " << ind.key << " " << ind.year;
            if (!ind.breakdown.empty()) std::cout << " [" << ind.breakdown << "]";
            // format_double writes a value as the data holds it (30000000, 3700000.5), where a
            // plain `<< ind.value` would print 3e+07.
            std::cout << ": " << (ind.qual == civica::qualifier::exact ? "" : std::string(civica::to_string(ind.qual)) + " ")
                      << civica::text::format_double(ind.value) << " " << ind.unit << "\n";
        }
        return 0;
    } catch (const civica::error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}

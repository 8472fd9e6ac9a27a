// Built with -fno-rtti against the installed package (consumer.* tests): civica's headers need
// no run-time type information, as some applications are built without it.
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <iostream>

int main() {
    try {
        const civica::dataset ds = civica::io::load_dataset("khanty-mansiysk-2020-synthetic");
        const auto by_year = civica::analysis::grant_outcomes(ds, {civica::analysis::dimension::year});
        std::cout << by_year.rows.size() << " years, " << by_year.total.totals.applications << " applications\n";
        return by_year.rows.empty() ? 1 : 0;
    } catch (const civica::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}

// Built against the installed package by ctest (consumer.* tests): proves that
// find_package(civica) gives headers, the library and the bundled data.
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

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
        std::cout << "civica " << civica::version << " works\n";
        return 0;
    } catch (const civica::error& e) {
        std::cerr << "civica error: " << e.what() << "\n";
        return 1;
    }
}

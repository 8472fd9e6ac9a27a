// A program built against the installed package the way a build without CMake builds it: no
// CIVICA_DATA_DIR definition. The library then knows no data folder until the environment
// names one, and never reads the source tree it was built from (consumer.* tests).
#undef CIVICA_DATA_DIR
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

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
        std::cout << "no data folder known, as none was given\n";
        return 0;
    }
    if (dir != std::filesystem::path(env)) return 1;
    std::cout << civica::io::load_dataset("khanty-mansiysk-2020").info().title << "\n";
    return 0;
}

// Regenerates the synthetic dataset folders bundled in data/datasets/ from civica::synth.
//
//     cmake -S . -B build -DCIVICA_BUILD_TOOLS=ON && cmake --build build --target make_bundled_datasets
//     build/tools/make_bundled_datasets            # writes into the source tree's data/
//     build/tools/make_bundled_datasets /tmp/data  # or into another data folder
//
// The test `bundled_datasets.the_synthetic_folder_is_what_the_generator_makes_now` fails when
// the committed folder and the generator disagree; run this program and commit the result.
#include "civica/error.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/synth.hpp"

#include <filesystem>
#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
    if (argc > 2 || (argc == 2 && (std::string_view(argv[1]) == "-h" || std::string_view(argv[1]) == "--help"))) {
        std::cerr << "usage: make_bundled_datasets [DATA_DIR]  (default: " << CIVICA_DATA_DIR << ")\n";
        return 2;
    }
    const std::filesystem::path data_dir = argc == 2 ? std::filesystem::path(argv[1])
                                                     : std::filesystem::path(CIVICA_DATA_DIR);
    try {
        const auto folder = data_dir / "datasets" / "khanty-mansiysk-2020-synthetic";
        const civica::dataset ds = civica::synth::khanty_mansiysk_2020();
        civica::io::write_dataset_folder(ds, folder);
        std::cout << "wrote " << folder.string() << " (" << ds.total_rows() << " rows)\n";
    } catch (const civica::error& e) {
        std::cerr << "make_bundled_datasets: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

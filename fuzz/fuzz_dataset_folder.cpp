// The dataset folder reader: the first byte of the input picks a table file, the rest becomes
// its contents in a folder that otherwise holds only a manifest.
#include "civica/io/dataset_folder.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    namespace fs = std::filesystem;
    const auto& tables = civica::io::dataset_table_files();
    const fs::path folder = civica_fuzz::scratch_dir() / "dataset";
    std::error_code ec;
    fs::remove_all(folder, ec);
    fs::create_directories(folder);
    civica_fuzz::write_file(folder / "manifest.json",
                            R"({"format": "civica-dataset", "version": 1, "name": "fuzz"})");
    const std::string_view table = tables[data[0] % tables.size()];
    civica_fuzz::write_file(folder / std::string(table),
                            std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    civica_fuzz::expect_only_civica_errors([&] { (void)civica::io::read_dataset_folder(folder); });
    return 0;
}

// The ФПГ open-data CSV reader, on the input written to a file.
#include "civica/io/pgf.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = civica_fuzz::scratch_dir() / "pgf.csv";
    civica_fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    civica_fuzz::expect_only_civica_errors([&] { (void)civica::io::read_pgf_csv(file); });
    return 0;
}

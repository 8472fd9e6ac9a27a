// The ФПГ open-data CSV reader, on the input written to a file: strict, and in skip mode. When
// the strict read succeeds, skip mode must give the same dataset and list nothing.
#include "civica/io/pgf.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = civica_fuzz::scratch_dir() / "pgf.csv";
    civica_fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    civica_fuzz::expect_skip_mode_agrees([&] { return civica::io::read_pgf_csv(file); },
                                         [&](std::size_t& listed) {
                                             std::vector<civica::io::problem> skipped;
                                             civica::io::pgf_options o;
                                             o.skip_bad_records = true;
                                             o.skipped = &skipped;
                                             auto ds = civica::io::read_pgf_csv(file, o);
                                             listed = skipped.size();
                                             return ds;
                                         });
    return 0;
}

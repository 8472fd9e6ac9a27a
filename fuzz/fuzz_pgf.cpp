// The ФПГ open-data CSV reader, on the input written to a file: strict, and in skip mode. When
// the strict read succeeds, skip mode must give the same dataset and list nothing.
#include "civica/io/pgf.hpp"
#include "civica/model/dataset.hpp"
#include "fuzz_common.hpp"

#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = civica_fuzz::scratch_dir() / "pgf.csv";
    civica_fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    std::optional<civica::dataset> strict;
    civica_fuzz::expect_only_civica_errors([&] { strict = civica::io::read_pgf_csv(file); });
    std::vector<civica::io::pgf_issue> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::dataset lenient = civica::io::read_pgf_csv(file, o);
        if (strict && (!(lenient == *strict) || !skipped.empty())) {
            std::fprintf(stderr, "skip mode differs from a strict read that succeeded\n");
            std::abort();
        }
    });
    return 0;
}

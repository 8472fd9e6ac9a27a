// The 360Giving flat CSV reader and writer and check_360giving, on the input written to a file.
// The checks read leniently: they may only fail when the file cannot be read, so any exception
// from them is a bug. A file the strict reader accepts must also survive export and re-import.
#include "civica/io/threesixtygiving.hpp"
#include "fuzz_common.hpp"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = civica_fuzz::scratch_dir() / "grants.csv";
    civica_fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    civica_fuzz::expect_only_civica_errors([&] {
        const auto pkg = civica::io::read_360giving(file);
        const auto out = civica_fuzz::scratch_dir() / "export.csv";
        civica::io::write_360giving_csv(pkg.data, out, {.extras = &pkg.extras});
        (void)civica::io::read_360giving(out);
    });
    try {
        (void)civica::io::check_360giving(file);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "check_360giving threw: %s\n", e.what());
        std::abort();
    }
    return 0;
}

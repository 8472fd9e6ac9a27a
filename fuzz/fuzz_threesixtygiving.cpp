// The 360Giving reader (a JSON package, or flat CSV), on the input written to a file.
#include "civica/io/threesixtygiving.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = civica_fuzz::scratch_dir() / "package.json";
    civica_fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
    civica_fuzz::expect_only_civica_errors([&] { (void)civica::io::read_360giving(file); });
    return 0;
}

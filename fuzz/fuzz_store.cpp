// The civica store: the input is a store's body, given the header (and so the checksum) it
// needs, so that the fuzzer reaches the table reader rather than the checksum. Whatever reads
// must also write and read back to an equal dataset. The raw input as a whole file is read too
// (the header checks).
#include "civica/io/store.hpp"
#include "fuzz_common.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto dir = civica_fuzz::scratch_dir();
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto raw = dir / "raw.civica";
    civica_fuzz::write_file(raw, body);
    civica_fuzz::expect_only_civica_errors([&] { (void)civica::io::read_store(raw); });
    const auto in = dir / "in.civica";
    civica_fuzz::write_file(in, civica::io::store_header(body) + std::string(body));
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::dataset ds = civica::io::read_store(in);
        civica::io::write_store(ds, dir / "out.civica");
        if (!(civica::io::read_store(dir / "out.civica") == ds)) {
            std::fprintf(stderr, "a dataset read from a store did not survive a write and a read\n");
            std::abort();
        }
    });
    return 0;
}

// The JSON form of a dataset: the input is the file. Whatever reads must also write and read
// back to an equal dataset (the reader and the writer share the folder's cell formats).
#include "civica/io/dataset_json.hpp"
#include "fuzz_common.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto dir = civica_fuzz::scratch_dir();
    const auto in = dir / "in.json";
    civica_fuzz::write_file(in, std::string_view(reinterpret_cast<const char*>(data), size));
    // The strict reader, then the forgiving one (skip mode, lenient amounts, decimal comma).
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::dataset ds = civica::io::read_dataset_json(in);
        civica::io::write_dataset_json(ds, dir / "out.json");
        if (!(civica::io::read_dataset_json(dir / "out.json") == ds)) {
            std::fprintf(stderr, "a dataset read from JSON did not survive a write and a read\n");
            std::abort();
        }
    });
    civica_fuzz::expect_only_civica_errors([&] {
        std::vector<civica::io::problem> skipped;
        civica::io::table_read_options opt;
        opt.skip_bad_records = true;
        opt.skipped = &skipped;
        opt.lenient_money = true;
        opt.decimal_comma = (size % 2) == 1;
        (void)civica::io::read_dataset_json(in, opt);
    });
    return 0;
}

// The forgiving text helpers of civica/text/text.hpp, with the properties they promise:
// an amount read leniently reads back from its plain form; Windows-1251 decoding is total and
// encoding gives the bytes back; a separator is always one of ',', ';', '\t'.
#include "civica/text/csv.hpp"
#include "civica/text/text.hpp"
#include "fuzz_common.hpp"

#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "%s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::money m = civica::text::parse_money_lenient(s);
        if (civica::text::parse_money_lenient(m.to_string()) != m) broken("a lenient amount did not read back");
    });
    civica_fuzz::expect_only_civica_errors([&] {
        (void)civica::text::parse_number_lenient(s, true);
        (void)civica::text::parse_number_lenient(s, false);
    });
    civica_fuzz::expect_only_civica_errors([&] {
        const auto enc = civica::text::detect_encoding(s);
        const bool utf8 = civica::text::find_invalid_utf8(s) == std::string_view::npos;
        // Valid UTF-8 is always UTF-8; invalid text may still be UTF-8 with a few damaged
        // characters (detect_encoding), never "automatic".
        if (utf8 && enc != civica::text::text_encoding::utf8) broken("detect_encoding calls valid UTF-8 something else");
        if (enc == civica::text::text_encoding::automatic) broken("detect_encoding returned automatic");
        const std::string decoded = civica::text::windows1251_to_utf8(s);
        if (civica::text::find_invalid_utf8(decoded) != std::string_view::npos)
            broken("windows1251_to_utf8 produced invalid UTF-8");
        if (civica::text::utf8_to_windows1251(decoded) != s) broken("Windows-1251 bytes did not round-trip");
    });
    civica_fuzz::expect_only_civica_errors([&] {
        const std::string encoded = civica::text::utf8_to_windows1251(s);  // may refuse
        if (civica::text::windows1251_to_utf8(encoded) != s) broken("UTF-8 text did not round-trip");
    });
    const char sep = civica::text::detect_separator(s);
    if (sep != ',' && sep != ';' && sep != '\t') broken("detect_separator returned another character");
    return 0;
}

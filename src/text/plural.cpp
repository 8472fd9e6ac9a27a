#include "civica/text/plural.hpp"

namespace civica::text {

plural_category russian_plural(std::int64_t n) noexcept {
    const std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1 : static_cast<std::uint64_t>(n);
    const auto m10 = a % 10, m100 = a % 100;
    if (m10 == 1 && m100 != 11) return plural_category::one;
    if (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14)) return plural_category::few;
    return plural_category::many;
}

plural_category english_plural(std::int64_t n) noexcept {
    return (n == 1 || n == -1) ? plural_category::one : plural_category::many;
}

}  // namespace civica::text

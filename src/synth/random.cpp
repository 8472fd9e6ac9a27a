#include "random.hpp"

#include "civica/error.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace civica::synth::detail {

std::vector<std::int64_t> split_total(rng& r, std::int64_t total, std::size_t n, std::int64_t lo,
                                      std::int64_t hi, std::int64_t step) {
    const auto count = static_cast<std::int64_t>(n);
    if (n == 0 || step <= 0 || lo > hi || total < count * lo || total > count * hi ||
        total % step != 0 || lo % step != 0 || hi % step != 0)
        throw validation_error("synth: cannot split " + std::to_string(total) + " into " +
                               std::to_string(n) + " amounts of " + std::to_string(lo) + ".." +
                               std::to_string(hi) + " in steps of " + std::to_string(step));
    std::vector<std::int64_t> parts(n);
    std::int64_t sum = 0;
    for (auto& p : parts) {
        p = lo + step * r.between(0, (hi - lo) / step);
        sum += p;
    }
    // Move the difference onto random parts in random step multiples, within the bounds.
    std::int64_t diff = total - sum;
    while (diff != 0) {
        auto& p = parts[r.below(n)];
        const std::int64_t room = diff > 0 ? hi - p : p - lo;
        const std::int64_t limit = std::min(diff > 0 ? diff : -diff, room) / step;
        if (limit == 0) continue;
        const std::int64_t delta = step * r.between(1, limit);
        p += diff > 0 ? delta : -delta;
        diff += diff > 0 ? -delta : delta;
    }
    return parts;
}

void append_number(std::string& out, std::uint64_t n, int width) {
    char buf[24];
    int len = 0;
    do {
        buf[len++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0);
    for (int i = len; i < width; ++i) out.push_back('0');
    while (len > 0) out.push_back(buf[--len]);
}

std::string make_id(std::string_view prefix, std::uint64_t n, int width) {
    std::string s(prefix);
    append_number(s, n, width);
    return s;
}

namespace {
int digit(const std::string& s, std::size_t i) { return s[i] - '0'; }
}  // namespace

namespace {
// The tax-office code of the organisation of `serial`: 00 for the first 100 000 of a region, then
// 01, …; the INN, the OGRN and the KPP name the same office.
std::uint64_t tax_office(std::uint32_t serial) { return serial / 100000 % 100; }
}  // namespace

// Check digits per DOMAIN.md section 3 (Federal Tax Service rules).
std::string synthetic_inn10(int region, std::uint32_t serial) {
    std::string s;
    append_number(s, static_cast<std::uint64_t>(region % 100), 2);
    append_number(s, tax_office(serial), 2);
    append_number(s, serial % 100000, 5);
    static constexpr std::array<int, 9> w{2, 4, 10, 3, 5, 9, 4, 6, 8};
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) sum += digit(s, i) * w[i];
    s.push_back(static_cast<char>('0' + sum % 11 % 10));
    return s;
}

std::string synthetic_ogrn(int year, int region, std::uint32_t serial) {
    std::string s = "1";
    append_number(s, static_cast<std::uint64_t>(year % 100), 2);
    append_number(s, static_cast<std::uint64_t>(region % 100), 2);
    append_number(s, tax_office(serial), 2);
    append_number(s, serial % 100000, 5);
    std::int64_t rem = 0;
    for (std::size_t i = 0; i < 12; ++i) rem = (rem * 10 + digit(s, i)) % 11;
    s.push_back(static_cast<char>('0' + rem % 10));
    return s;
}

std::string synthetic_kpp(int region, std::uint32_t serial) {
    std::string s;
    append_number(s, static_cast<std::uint64_t>(region % 100), 2);
    append_number(s, tax_office(serial), 2);
    s += "01001";
    return s;
}

namespace {

// Adjective stems with their masculine and neuter endings; feminine -ая. After a hushing
// consonant the unstressed neuter ending is -ее (общее), the stressed one -ое (большое).
struct stem { std::string_view base, masc, neut = "ое"; };
constexpr std::array<stem, 18> adjectives{{
    {"Добр", "ый"}, {"Открыт", "ый"}, {"Светл", "ый"}, {"Северн", "ый"}, {"Жив", "ой"},
    {"Нов", "ый"}, {"Родн", "ой"}, {"Зелён", "ый"}, {"Молод", "ой"}, {"Ясн", "ый"},
    {"Тёпл", "ый"}, {"Больш", "ой"}, {"Сибирск", "ий"}, {"Югорск", "ий"}, {"Общ", "ий", "ее"},
    {"Верн", "ый"}, {"Лесн", "ой"}, {"Активн", "ый"},
}};
constexpr std::array<std::string_view, 14> masculine{
    "центр", "дом", "мир", "клуб", "союз", "путь", "край", "берег", "исток", "рассвет",
    "парус", "маяк", "круг", "компас"};
constexpr std::array<std::string_view, 12> feminine{
    "волна", "звезда", "книга", "нить", "дорога", "планета", "семья", "гавань", "пристань",
    "память", "линия", "сила"};
constexpr std::array<std::string_view, 10> neuter{
    "сердце", "небо", "сияние", "слово", "поколение", "будущее", "движение", "время", "поле",
    "содружество"};

}  // namespace

std::string invented_name(rng& r, std::string_view legal_form_phrase) {
    const auto& a = adjectives[r.below(adjectives.size())];
    std::string name(legal_form_phrase);
    name += " «";
    name += a.base;
    const auto gender = r.below(masculine.size() + feminine.size() + neuter.size());
    if (gender < masculine.size()) {
        name += a.masc;
        name += ' ';
        name += masculine[gender];
    } else if (gender < masculine.size() + feminine.size()) {
        name += "ая ";
        name += feminine[gender - masculine.size()];
    } else {
        name += a.neut;
        name += ' ';
        name += neuter[gender - masculine.size() - feminine.size()];
    }
    name += "»";
    return name;
}

std::string_view legal_form_phrase(int okopf, bool local) {
    switch (okopf) {
        case 20200: return local ? "Местная общественная организация" : "Региональная общественная организация";
        case 20210: return local ? "Местное общественное движение" : "Региональное общественное движение";
        case 20217: return "Территориальное общественное самоуправление";
        case 20600: return "Ассоциация";
        case 20614: return "Некоммерческое партнерство";
        case 20716: return "Товарищество собственников жилья";
        case 21100: return "Хуторское казачье общество";
        case 21200: return "Община коренных малочисленных народов";
        case 70400: return "Фонд";
        case 70401: return "Благотворительный фонд";
        case 71400: return "Автономная некоммерческая организация";
        case 71500: return "Местная религиозная организация";
        case 75500: return "Частное учреждение";
        default: return "Некоммерческая организация";
    }
}

}  // namespace civica::synth::detail

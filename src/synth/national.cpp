// Design notes: national() must make millions of applications in seconds. The per-row work is
// kept to integer draws and the dataset's own validation: one `application` object is reused
// (its strings keep their capacity), ids are built with append_number instead of formatted
// streams, titles come from a small pool (the title column is dictionary-encoded anyway), and
// every table is reserved up front.
#include "common.hpp"

#include "civica/core/interruption.hpp"
#include "civica/core/memory.hpp"
#include "civica/error.hpp"
#include "civica/synth.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

namespace civica::synth {
namespace {

using detail::rng;

// The 85 subjects of the Russian Federation (2014–2022) with their codes (the first two digits
// of an INN registered there).
struct region_info { int code; std::string_view name; };
constexpr std::array<region_info, 85> subjects{{
    {1, "Республика Адыгея"}, {2, "Республика Башкортостан"}, {3, "Республика Бурятия"},
    {4, "Республика Алтай"}, {5, "Республика Дагестан"}, {6, "Республика Ингушетия"},
    {7, "Кабардино-Балкарская Республика"}, {8, "Республика Калмыкия"},
    {9, "Карачаево-Черкесская Республика"}, {10, "Республика Карелия"}, {11, "Республика Коми"},
    {12, "Республика Марий Эл"}, {13, "Республика Мордовия"}, {14, "Республика Саха (Якутия)"},
    {15, "Республика Северная Осетия – Алания"}, {16, "Республика Татарстан"},
    {17, "Республика Тыва"}, {18, "Удмуртская Республика"}, {19, "Республика Хакасия"},
    {20, "Чеченская Республика"}, {21, "Чувашская Республика"}, {22, "Алтайский край"},
    {23, "Краснодарский край"}, {24, "Красноярский край"}, {25, "Приморский край"},
    {26, "Ставропольский край"}, {27, "Хабаровский край"}, {28, "Амурская область"},
    {29, "Архангельская область"}, {30, "Астраханская область"}, {31, "Белгородская область"},
    {32, "Брянская область"}, {33, "Владимирская область"}, {34, "Волгоградская область"},
    {35, "Вологодская область"}, {36, "Воронежская область"}, {37, "Ивановская область"},
    {38, "Иркутская область"}, {39, "Калининградская область"}, {40, "Калужская область"},
    {41, "Камчатский край"}, {42, "Кемеровская область"}, {43, "Кировская область"},
    {44, "Костромская область"}, {45, "Курганская область"}, {46, "Курская область"},
    {47, "Ленинградская область"}, {48, "Липецкая область"}, {49, "Магаданская область"},
    {50, "Московская область"}, {51, "Мурманская область"}, {52, "Нижегородская область"},
    {53, "Новгородская область"}, {54, "Новосибирская область"}, {55, "Омская область"},
    {56, "Оренбургская область"}, {57, "Орловская область"}, {58, "Пензенская область"},
    {59, "Пермский край"}, {60, "Псковская область"}, {61, "Ростовская область"},
    {62, "Рязанская область"}, {63, "Самарская область"}, {64, "Саратовская область"},
    {65, "Сахалинская область"}, {66, "Свердловская область"}, {67, "Смоленская область"},
    {68, "Тамбовская область"}, {69, "Тверская область"}, {70, "Томская область"},
    {71, "Тульская область"}, {72, "Тюменская область"}, {73, "Ульяновская область"},
    {74, "Челябинская область"}, {75, "Забайкальский край"}, {76, "Ярославская область"},
    {77, "Москва"}, {78, "Санкт-Петербург"}, {79, "Еврейская автономная область"},
    {83, "Ненецкий автономный округ"}, {86, "Ханты-Мансийский автономный округ – Югра"},
    {87, "Чукотский автономный округ"}, {89, "Ямало-Ненецкий автономный округ"},
    {91, "Республика Крым"}, {92, "Севастополь"},
}};

// Municipal populations (residents), as a quantile function: many small towns, a few cities.
constexpr std::array<std::int64_t, 11> population_quantiles{
    5'000, 9'000, 14'000, 20'000, 28'000, 40'000, 60'000, 95'000, 170'000, 420'000, 1'600'000};

// Requested amounts in roubles (ФПГ: from small grants of a few hundred thousand to projects
// of several million; 2017's winners averaged about 2 million, DOMAIN.md section 7).
constexpr std::array<std::int64_t, 13> requested_quantiles{
    100'000, 250'000, 350'000, 500'000, 700'000, 950'000, 1'250'000,
    1'600'000, 2'000'000, 2'600'000, 3'600'000, 5'500'000, 12'000'000};

// Legal forms of applicant NGOs with relative weights (ОКОПФ, DOMAIN.md section 4).
struct form_weight { int okopf; std::uint64_t weight; };
constexpr std::array<form_weight, 9> applicant_forms{{
    {71400, 38}, {20200, 30}, {70401, 8}, {70400, 5}, {20210, 3},
    {20614, 2}, {21100, 3}, {75500, 3}, {20600, 8},
}};

constexpr std::array<std::string_view, 10> sphere_names{
    "social", "health", "family", "youth", "education", "culture", "history", "human_rights",
    "ecology", "civil_society"};

// How many organisations apply: applications / applications_per_organization, at least one
// when there is an application, none when there is none.
std::size_t organisations_for(const national_options& o) {
    if (o.applications == 0) return 0;
    return std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(o.applications) /
                                                             o.applications_per_organization));
}

// About what a dataset of these options takes in memory: a generated application with its
// share of organisations came to about 300 bytes (1 M applications, 2.5 to an organisation:
// 347 MB peak for the whole Python process), and each municipality keeps a population a year.
double bytes_needed(const national_options& o) {
    return 250.0 * static_cast<double>(o.applications) + 150.0 * static_cast<double>(organisations_for(o)) +
           64.0 * o.regions * o.municipalities_per_region * static_cast<double>(o.years);
}

void check_options(const national_options& o) {
    auto bad = [](const std::string& what) {
        throw validation_error("synth::national: " + what);
    };
    if (o.regions < 1 || o.regions > static_cast<int>(subjects.size()))
        bad("regions is " + std::to_string(o.regions) + ", must be 1..85");
    if (o.municipalities_per_region < 1 || o.municipalities_per_region > 10'000)
        bad("municipalities_per_region is " + std::to_string(o.municipalities_per_region) +
            ", must be 1..10000");
    if (o.first_year < 1990 || o.first_year > 2100)
        bad("first_year is " + std::to_string(o.first_year) + ", must be 1990..2100");
    if (o.years < 1) bad("years is " + std::to_string(o.years) + ", must be 1 or more");
    // In 64 bits: first_year + years of two large ints would overflow an int.
    if (const std::int64_t last = std::int64_t{o.first_year} + o.years - 1; last > 2100)
        bad("first_year " + std::to_string(o.first_year) + " and years " + std::to_string(o.years) +
            " run to " + std::to_string(last) + ", past 2100 (the last year civica generates)");
    if (o.competitions_per_year < 1 || o.competitions_per_year > 12)
        bad("competitions_per_year is " + std::to_string(o.competitions_per_year) + ", must be 1..12");
    const int nd = static_cast<int>(presidential_grant_directions().size());
    if (o.directions < 1 || o.directions > nd)
        bad("directions is " + std::to_string(o.directions) + ", must be 1.." + std::to_string(nd));
    if (!(o.win_rate >= 0 && o.win_rate <= 1))
        bad("win_rate is " + text::number_in_message(o.win_rate) + ", must be within 0..1");
    if (!(o.withdrawn_rate >= 0))
        bad("withdrawn_rate is " + text::number_in_message(o.withdrawn_rate) + ", must be 0 or more");
    // Winners and withdrawn applications are shares of one whole: a win_rate of 1 leaves no
    // room for the default withdrawn_rate, which the message names as the caller may not have.
    if (!(o.withdrawn_rate + o.win_rate <= 1))
        bad("win_rate " + text::number_in_message(o.win_rate) + " and withdrawn_rate " +
            text::number_in_message(o.withdrawn_rate) + " (default " +
            text::number_in_message(national_options{}.withdrawn_rate) + ") add up to more than 1: lower one of them");
    // Infinity too: every application went to one organisation.
    if (!(o.applications_per_organization >= 1) || std::isinf(o.applications_per_organization))
        bad("applications_per_organization is " + text::number_in_message(o.applications_per_organization) +
            ", must be a finite number, 1 or more");
    if (o.yearly_growth_percent < 0 || o.yearly_growth_percent > 100)
        bad("yearly_growth_percent is " + std::to_string(o.yearly_growth_percent) + ", must be 0..100");
    if (o.applications >= (std::size_t{1} << 32))
        bad("applications is " + std::to_string(o.applications) + ", must be below 2^32");
    // Each region numbers its organisations' INNs with at most max_synthetic_serial serials:
    // more organisations than the regions hold between them cannot all be told apart.
    if (const std::size_t orgs = organisations_for(o);
        orgs > static_cast<std::size_t>(o.regions) * detail::max_synthetic_serial)
        bad(std::to_string(orgs) + " organisations (applications / applications_per_organization) in " +
            std::to_string(o.regions) + " regions: a region holds at most " +
            std::to_string(detail::max_synthetic_serial) +
            " (past that synthetic INNs repeat); give more regions or more applications per organisation");
    // Refused at once, not after minutes of work and the system's out-of-memory killer.
    const double need = bytes_needed(o);
    if (const std::size_t have = civica::detail::physical_memory_bytes(); have != 0 && need > static_cast<double>(have)) {
        const auto gb = [](double b) { return text::number_in_message(std::ceil(b / 1e8) / 10); };
        bad("applications " + std::to_string(o.applications) + ", regions " + std::to_string(o.regions) +
            ", municipalities_per_region " + std::to_string(o.municipalities_per_region) + " and years " +
            std::to_string(o.years) + " would take about " + gb(need) + " GB, more than the " +
            gb(static_cast<double>(have)) + " GB of this machine's memory");
    }
}

std::string competition_id_of(int year, int round) {
    std::string s = "pg-";
    detail::append_number(s, static_cast<std::uint64_t>(year), 4);
    s += '-';
    detail::append_number(s, static_cast<std::uint64_t>(round));
    return s;
}

// The applicants of one competition after another: an organisation applies to a competition at
// most once (the Fund's competition rules take one application of an organisation per
// competition). One that has is drawn again from a stream of its own (so the generator's other
// draws stay as they were); when 32 draws find none that has not, the competition's remaining
// organisations are listed once and drawn from (a nearly full competition would otherwise cost
// a walk past those that have, for every application). A competition with more applications
// than there are organisations (applications_per_organization above the number of
// competitions) takes some twice once every one has applied.
class applicants_of_competition {
public:
    applicants_of_competition(std::uint64_t seed, std::uint64_t organizations)
        : again_(seed, 5), n_(organizations), applied_to_(organizations, 0) {}

    void next_competition() {
        ++competition_;
        taken_ = 0;
        listed_ = false;
    }

    /// The organisation that makes the next application, given the one drawn for it.
    std::uint64_t take(std::uint64_t org) {
        if (taken_ == n_) return org;  // every one has applied
        for (int tries = 0; !listed_ && applied(org) && tries < 32; ++tries)
            org = std::min(again_.below(n_), again_.below(n_));
        if (!listed_ && applied(org)) list_remaining();
        if (listed_) {
            if (applied(org)) org = remaining_[again_.below(remaining_.size())];
            unlist(org);
        }
        applied_to_[org] = competition_;
        ++taken_;
        return org;
    }

private:
    bool applied(std::uint64_t org) const { return applied_to_[org] == competition_; }

    void list_remaining() {
        listed_ = true;
        remaining_.clear();
        place_.resize(n_);
        for (std::uint64_t i = 0; i < n_; ++i)
            if (!applied(i)) {
                place_[i] = remaining_.size();
                remaining_.push_back(i);
            }
    }

    void unlist(std::uint64_t org) {
        const std::uint64_t at = place_[org];
        remaining_[at] = remaining_.back();
        place_[remaining_[at]] = at;
        remaining_.pop_back();
    }

    detail::rng again_;
    std::uint64_t n_;
    std::vector<std::uint32_t> applied_to_;  // the last competition (1-based) each applied to
    std::uint32_t competition_ = 0;
    std::uint64_t taken_ = 0;                // applicants of this competition so far
    bool listed_ = false;
    std::vector<std::uint64_t> remaining_;   // when listed: those yet to apply
    std::vector<std::uint64_t> place_;       // an organisation's place in remaining_
};

}  // namespace

dataset national(const national_options& o) {
    check_options(o);
    dataset ds;
    auto& info = ds.info();
    info.name = "national-synthetic";
    info.title = "SYNTHETIC: national grant competitions (generated, not real data)";
    info.territory = "";
    info.description =
        "Generated by civica::synth::national: " + std::to_string(o.applications) +
        " applications to " + std::to_string(o.years * o.competitions_per_year) +
        " Presidential Grants Fund competitions " + std::to_string(o.first_year) + "–" +
        std::to_string(o.first_year + o.years - 1) + " from organisations in " +
        std::to_string(o.regions) +
        " regions. Region names and the Fund's directions are real; municipalities, "
        "organisations, applications, amounts and identifiers are invented.";
    info.source = "civica::synth::national, seed " + std::to_string(o.seed);
    info.licence = "Generated data; free to use without restriction";
    info.synthetic = true;

    const int last_year = o.first_year + o.years - 1;

    // ---- municipalities, with populations for every year
    rng geo(o.seed, 1);
    std::vector<std::uint64_t> cum_population;   // running totals, first year
    std::vector<int> municipality_region;        // index into subjects
    std::vector<std::string> municipality_ids;
    for (int r = 0; r < o.regions; ++r) {
        const auto& subject = subjects[static_cast<std::size_t>(r)];
        for (int k = 1; k <= o.municipalities_per_region; ++k) {
            municipality m;
            std::string id = "m";
            detail::append_number(id, static_cast<std::uint64_t>(subject.code), 2);
            id += '-';
            detail::append_number(id, static_cast<std::uint64_t>(k), 4);
            m.id = municipality_id(id);
            m.name = "Муниципальное образование № " + std::to_string(k) + " (" + std::string(subject.name) + ")";
            m.region = std::string(subject.name);
            std::int64_t pop = geo.from_quantiles(population_quantiles);
            if (k == 1) pop *= 3;  // the regional centre
            for (int y = o.first_year; y <= last_year; ++y) {
                m.population[y] = pop;
                // -1.5 % .. +2 % a year, in basis points.
                pop += pop * geo.between(-150, 200) / 10'000;
            }
            const std::uint64_t prev = cum_population.empty() ? 0 : cum_population.back();
            cum_population.push_back(prev + static_cast<std::uint64_t>(m.population.begin()->second));
            municipality_region.push_back(r);
            municipality_ids.push_back(std::move(id));
            ds.add(m);
        }
    }

    // ---- the operator, programme and competitions
    organization fund;
    fund.id = organization_id("presidential-grants-fund");
    fund.full_name = "Фонд-оператор президентских грантов по развитию гражданского общества";
    fund.short_name = "Фонд президентских грантов";
    fund.okopf = 70400;
    ds.add(fund);
    ds.add(grant_operator{operator_id("presidential-grants-fund"), "Фонд президентских грантов",
                          organization_id("presidential-grants-fund")});
    ds.add(programme{programme_id("presidential-grants"), operator_id("presidential-grants-fund"),
                     "Гранты Президента Российской Федерации на развитие гражданского общества",
                     programme_kind::presidential_grants});

    const auto& all_directions = presidential_grant_directions();
    std::vector<std::string> directions(all_directions.begin(), all_directions.begin() + o.directions);

    struct comp_plan { std::string id; int year; int round; date start, end, impl_start; std::uint64_t count; };
    std::vector<comp_plan> plan;
    {
        // Weights grow by yearly_growth_percent a year; rounds of a year weigh the same.
        std::vector<std::uint64_t> weights;
        std::uint64_t w = 1'000'000;
        for (int y = 0; y < o.years; ++y) {
            for (int r = 0; r < o.competitions_per_year; ++r) weights.push_back(w);
            w = w * static_cast<std::uint64_t>(100 + o.yearly_growth_percent) / 100;
            // Keep weights below 2^31 so that applications (< 2^32) times a weight fits.
            if (w >= (std::uint64_t{1} << 31)) {
                for (auto& x : weights) x /= 2;
                w /= 2;
            }
        }
        std::uint64_t total_w = 0;
        for (auto x : weights) total_w += x;
        std::uint64_t assigned = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            const int year = o.first_year + static_cast<int>(i) / o.competitions_per_year;
            const int round = static_cast<int>(i) % o.competitions_per_year + 1;
            // Windows of 45 days spread over the year, closing by 31 December (a December
            // window of twelve competitions a year would run into the next); projects start
            // four months after the window closes, on the first of a month.
            const int month = 1 + 12 * (round - 1) / o.competitions_per_year;
            const date start(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 15);
            const date end = std::min(start + boost::gregorian::days(45),
                                      date(static_cast<unsigned short>(year), 12, 31));
            const date later = end + boost::gregorian::months(4);
            const date impl(later.year(), later.month(), 1);
            const std::uint64_t count = o.applications * weights[i] / total_w;
            plan.push_back({competition_id_of(year, round), year, round, start, end, impl, count});
            assigned += count;
        }
        // Rounding leftovers go to the latest competitions (keeps the yearly growth).
        for (std::size_t i = plan.size(); assigned < o.applications; ++assigned) {
            if (i == 0) i = plan.size();
            ++plan[--i].count;
        }
        for (const auto& p : plan) {
            competition c;
            c.id = competition_id(p.id);
            c.programme = programme_id("presidential-grants");
            c.year = p.year;
            c.round = p.round;
            c.window = {p.start, p.end};
            c.directions = directions;
            c.name = "Конкурс " + std::to_string(p.round) + " " + std::to_string(p.year) +
                     " года на предоставление грантов Президента Российской Федерации";
            ds.add(c);
        }
    }

    // ---- organisations
    const std::size_t n_orgs = organisations_for(o);
    {
        rng orgs(o.seed, 2);
        std::vector<std::uint64_t> cum_forms;
        for (const auto& f : applicant_forms)
            cum_forms.push_back((cum_forms.empty() ? 0 : cum_forms.back()) + f.weight);
        std::vector<std::uint32_t> serial_by_region(subjects.size(), 0);
        std::string id;
        for (std::size_t i = 0; i < n_orgs; ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 organisations
            const std::size_t mi = orgs.weighted(cum_population);
            const int region_index = municipality_region[mi];
            const int code = subjects[static_cast<std::size_t>(region_index)].code;
            organization g;
            id = "o";
            detail::append_number(id, i + 1, 7);
            g.id = organization_id(id);
            g.okopf = applicant_forms[orgs.weighted(cum_forms)].okopf;
            g.full_name = detail::invented_name(orgs, detail::legal_form_phrase(g.okopf, orgs.chance(300'000)));
            const auto year = static_cast<int>(orgs.between(std::min(1995, o.first_year - 1), o.first_year - 1));
            // One draw per statement (argument evaluation order is unspecified), day first as
            // GCC drew it, so the generated data do not depend on the compiler.
            const auto day = static_cast<unsigned short>(orgs.between(1, 28));
            const auto month = static_cast<unsigned short>(orgs.between(1, 12));
            g.registered = date(static_cast<unsigned short>(year), month, day);
            const std::uint32_t serial = serial_by_region[static_cast<std::size_t>(region_index)]++;
            // Past ten million organisations in one region the synthetic numbers would repeat
            // (an office code of two digits and a serial of five): two organisations, one INN.
            if (serial >= detail::max_synthetic_serial)
                throw validation_error("synth::national: region " + std::to_string(code) + " would need more than " +
                                       std::to_string(detail::max_synthetic_serial) +
                                       " organisations, past which synthetic INNs repeat; give more regions or "
                                       "more applications per organisation");
            g.inn = detail::synthetic_inn10(code, serial);
            g.ogrn = detail::synthetic_ogrn(std::max(year, 2002), code, serial);
            g.kpp = detail::synthetic_kpp(code, serial);
            g.municipality = municipality_id(municipality_ids[mi]);
            g.spheres.emplace_back(sphere_names[orgs.below(sphere_names.size())]);
            g.socially_oriented = orgs.chance(850'000);
            g.public_association = g.okopf == 20200 || g.okopf == 20210;
            g.volunteer_association = orgs.chance(100'000);
            ds.add(g);
        }
    }

    // ---- applications
    {
        rng apps(o.seed, 3);
        // Winners' expert ratings come from a stream of their own, so adding them changed no
        // other draw: 60.00 to 100.00 points, synthetic.
        rng rates(o.seed, 4);
        const std::uint64_t win = detail::threshold_of(o.win_rate);
        const std::uint64_t withdrawn = detail::threshold_of(o.withdrawn_rate);
        const auto& titles = detail::project_titles();
        applicants_of_competition applicants(o.seed, n_orgs);
        application a;
        std::string id;
        std::uint64_t seq = 0;
        for (const auto& p : plan) {
            a.competition = competition_id(p.id);
            applicants.next_competition();
            for (std::uint64_t k = 0; k < p.count; ++k) {
                if ((seq & 0xFFF) == 0xFFF) interruption_point();  // every 4096 applications
                id = "a";
                detail::append_number(id, ++seq, 8);
                a.id = application_id(id);
                // Active organisations apply again and again: the smaller of two uniform
                // draws favours low indices (a triangular distribution).
                const std::uint64_t org = applicants.take(std::min(apps.below(n_orgs), apps.below(n_orgs)));
                a.applicant.assign("o");
                detail::append_number(a.applicant, org + 1, 7);
                const std::size_t dir = static_cast<std::size_t>(apps.below(static_cast<std::uint64_t>(o.directions)));
                a.direction = directions[dir];
                const auto& pool = titles[dir];
                a.title = pool[apps.below(pool.size())];
                const std::int64_t requested = apps.from_quantiles(requested_quantiles) / 100 * 100;
                a.requested = money::from_kopecks(requested * 100);
                a.cofunding = money::from_kopecks(requested * apps.between(0, 120) / 100 * 100);
                a.submitted = apps.day_between(p.start, p.end);
                const std::uint64_t u = apps.next() >> 32;
                if (u < win) {
                    a.status = application_status::winner;
                    a.awarded = money::from_kopecks(requested * apps.between(80, 100) / 100 * 100);
                    a.rate = static_cast<double>(rates.between(6000, 10000)) / 100.0;
                } else if (u < win + withdrawn) {
                    a.status = application_status::withdrawn;
                    a.awarded.reset();
                    a.rate.reset();
                } else {
                    a.status = application_status::rejected;
                    a.awarded.reset();
                    a.rate.reset();
                }
                a.implementation = {p.impl_start, p.impl_start + boost::gregorian::months(
                                                                 static_cast<int>(apps.between(6, 24))) -
                                                      boost::gregorian::days(1)};
                ds.add(a);
            }
        }
    }
    return ds;
}

}  // namespace civica::synth

#pragma once
/// \file
/// Synthetic datasets: reproducible, generated records for tests, benchmarks, notebooks and
/// demonstrations, never to be mistaken for observed data (every generated dataset has
/// `info().synthetic == true` and says so in its title and description).
///
///     // A national picture: ФПГ competitions over 85 regions, about 167 thousand applications
///     // by default; two million here.
///     civica::dataset big = civica::synth::national({.applications = 2'000'000});
///
///     // Khanty-Mansiysk 2020: records from which every published figure can be counted.
///     civica::dataset km = civica::synth::khanty_mansiysk_2020();
///
/// Same seed, same options, same dataset: on every platform and compiler (the generators use
/// std::mt19937_64, whose sequence the C++ standard fixes, and their own integer-only
/// distributions instead of the implementation-defined std::uniform_*_distribution).

#include "civica/model/dataset.hpp"

#include <cstdint>
#include <cstddef>
#include <string_view>
#include <vector>

namespace civica::synth {

/// The 13 directions (направления) of the Presidential Grants Fund competitions,
/// in the Fund's order (DOMAIN.md section 2).
const std::vector<std::string_view>& presidential_grant_directions();

/// Parameters of `national()`. The defaults give a picture of the scale of the Presidential
/// Grants Fund: two competitions a year 2017–2024, about 167 thousand applications in all,
/// about one in five winning (2017: about 16 thousand applications, 3,213 winners).
struct national_options {
    std::uint64_t seed = 2017;
    /// Applications over all competitions, split between them so that each year has
    /// `yearly_growth_percent` more than the year before.
    std::size_t applications = 167'000;
    /// Regions (subjects of the Russian Federation) the applicants come from: 1..85. The
    /// first 85 carry the real names of the subjects (as of 2014–2022).
    int regions = 85;
    /// Municipalities per region (each with a population for every year of the data).
    int municipalities_per_region = 6;
    int first_year = 2017;
    int years = 8;
    /// Competitions each year (the Fund has held two a year since 2017).
    int competitions_per_year = 2;
    /// How many of the Fund's directions are used (the first `directions` of the 13).
    int directions = 13;
    /// Share of applications that win, 0..1.
    double win_rate = 0.2;
    /// Share of applications withdrawn by the applicant, 0..1.
    double withdrawn_rate = 0.01;
    /// Applications per organisation on average (organisations = applications / this).
    double applications_per_organization = 2.5;
    /// How much each year's applications exceed the previous year's, in percent (0..100).
    int yearly_growth_percent = 6;
};

/// A national-scale synthetic dataset: one programme (the Presidential Grants Fund), its
/// competitions, applicant organisations spread over regions and municipalities by population,
/// and applications with realistic amounts (a few hundred thousand to a few million roubles
/// requested; winners awarded 80–100 % of it). Throws civica::validation_error for options out
/// of range. Fast: millions of applications take seconds.
dataset national(const national_options& options = {});

/// The seed the bundled `khanty-mansiysk-2020-synthetic` dataset was generated with.
inline constexpr std::uint64_t khanty_mansiysk_default_seed = 2020;

/// A synthetic record-level dataset for Khanty-Mansiysk 2017–2020 from which every figure of
/// the city's 2020 report (DOMAIN.md section 1) can be counted, for any seed:
///
/// - more than 300 non-profit organisations in the city, exactly 50 of them public
///   associations;
/// - 13 public councils and the Public Chamber (whose membership is renewed in 2020);
///   59 meetings in 2020 considering 134 agenda questions;
/// - the Resource Centre's two distance courses with the Foundation «Центр гражданских и
///   социальных инициатив Югры»: 26 and 5 participants from 31 distinct NGOs;
/// - winners of the Presidential and Yugra Governor's (NGO) competitions: 7 in 2017, more each
///   year, 52 in 2020, awarded more than 30 million roubles in 2020; rejected applications
///   every year, and more applications every year;
/// - the Governor's first competition for individuals (2020): more than 70 applicants from the
///   city, 16 winners with 3 700 000.00 roubles in all, and fewer winners in each of the other
///   Yugra cities, so the city ranks first;
/// - Resource Centre services of every kind in 2020 and monitoring of supported projects.
///
/// The dataset holds records only (no published indicators), so analyses must compute the
/// figures. Names of organisations, councils and people are invented; identifiers (INN, OGRN,
/// KPP) have valid checksums but use tax-office code 00 so that they are unlikely to be real.
/// Entities the report names (the city, the Public Chamber, the Resource Centre, the
/// Foundation, the courses, the grant programmes) have the same ids as in the bundled
/// `khanty-mansiysk-2020` dataset.
dataset khanty_mansiysk_2020(std::uint64_t seed = khanty_mansiysk_default_seed);

}  // namespace civica::synth

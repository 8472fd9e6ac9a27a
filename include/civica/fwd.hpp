#pragma once
/// \file
/// Forward declarations of civica's main types.

namespace civica {
class money;
class dataset;
struct dataset_info;
struct municipality;
struct organization;
struct person;
struct grant_operator;
struct programme;
struct competition;
struct application;
struct course;
struct enrolment;
struct collegial_body;
struct membership_term;
struct meeting;
struct agenda_question;
struct support_service;
struct monitoring_record;
struct indicator;
class error;
class validation_error;
class parse_error;
class not_found_error;
class io_error;
}  // namespace civica

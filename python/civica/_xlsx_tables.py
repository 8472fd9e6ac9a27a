"""How the tables of the dataset folder format look in a civica workbook (civica.xlsx).

This module holds what the folder format has no place for: the sheet names and column
headings people read in Russian and English, a few words of help per column, the kind of cell
each column wants (a date, an amount, a choice from a list, a reference to another sheet) and
the words shown for the values of an enumeration. What a value may be is decided by the folder
reader alone: cells are turned into the text of the folder's CSV files and read by it. The
column names and their order are those of the folder writer; tests/python/test_xlsx.py checks
them, the enumerations and the references against the compiled reader.

Kinds of column:

``id``        the row's id (text, unique in its sheet)
``text``      free text
``code``      digits kept as text (INN, OGRN, KPP, OKTMO: Excel would drop leading zeros)
``ref``       the id of a row of the sheet ``ref`` (a drop-down of that sheet's ids)
``party``     the id of an organisation or a person, as the row's ``*_type`` column says
``enum``      one of the values of the model's enumeration (a drop-down)
``bool``      yes or no (a drop-down)
``date``      a day (a date cell)
``money``     roubles and kopecks (a number cell)
``int``       a whole number
``number``    a number
``list``      items separated by ``|``
``population`` ``year:count`` items separated by ``|``
``okopf``     an ОКОПФ code (a drop-down of the codes civica knows; others are allowed)
``key``       an indicator key (a drop-down of the keys civica knows; others are allowed)
``unit``      a unit of an indicator (a drop-down; others are allowed)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    ru: str
    en: str
    help_ru: str = ""
    help_en: str = ""
    ref: str = ""
    #: The column's name in ``Table.to_pandas()`` when it differs (for the enumeration's values).
    field: str = ""
    width: int = 18

    def label(self, lang: str, currency: str = "RUB") -> str:
        """The column's words; a money column names the dataset's currency (ISO 4217)."""
        words = self.ru if lang == "ru" else self.en
        if self.kind == "money" and currency != "RUB":
            words = words.replace(", руб.", f", {currency}").replace(", RUB", f", {currency}")
        return words

    def help(self, lang: str, currency: str = "RUB") -> str:
        if self.kind == "money" and currency != "RUB":
            return self.help_ru.replace(_MONEY_RU, _money_help("ru", currency)) if lang == "ru" else \
                self.help_en.replace(_MONEY_EN, _money_help("en", currency))
        return self.help_ru if lang == "ru" else self.help_en

    def heading(self, lang: str, currency: str = "RUB") -> str:
        """The heading written in a workbook: the words, then the machine name in brackets."""
        return f"{self.label(lang, currency)} ({self.name})"


@dataclass(frozen=True)
class Table:
    name: str
    ru: str
    en: str
    columns: Tuple[Column, ...]
    help_ru: str = ""
    help_en: str = ""
    #: The Dataset attribute whose to_pandas() gives the enumerations (default: the name).
    attribute: str = ""

    def sheet(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en

    def help(self, lang: str) -> str:
        return self.help_ru if lang == "ru" else self.help_en

    def column(self, name: str) -> Optional[Column]:
        for c in self.columns:
            if c.name == name:
                return c
        return None


def _c(name: str, kind: str, ru: str, en: str, help_ru: str = "", help_en: str = "", **kw: object) -> Column:
    return Column(name, kind, ru, en, help_ru, help_en, **kw)  # type: ignore[arg-type]


_ID_RU = "короткий код строки, которым на неё ссылаются другие листы (например «ngo-1»); не повторяется"
_ID_EN = "a short code of the row that other sheets use to refer to it (e.g. \"ngo-1\"); unique"
_DATE_RU = "дата (ДД.ММ.ГГГГ)"
_DATE_EN = "a date (YYYY-MM-DD)"
_MONEY_RU = "рубли числом, копейки после запятой: 450000 или 450000,50"
_MONEY_EN = "roubles as a number, kopecks as decimals: 450000 or 450000.50"


def _money_help(lang: str, currency: str) -> str:
    """The help of a money column of a dataset in another currency than roubles."""
    if lang == "ru":
        return f"сумма в {currency} числом, сотые доли после запятой: 450000 или 450000,50"
    return f"the amount in {currency} as a number, hundredths as decimals: 450000 or 450000.50"

#: The words of the tables and their columns (sheet names, headings, help), in the order they
#: are filled (references point at earlier sheets), as the dataset folder format loads them.
#: Which columns a sheet has, and in what order, is the declaration's (see _follow_declaration).
_WORDED: Tuple[Table, ...] = (
    Table("municipalities", "Территории", "Territories", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("name", "text", "Название", "Name", "название города или района", "name of the city or district",
           width=24),
        _c("name_genitive", "text", "Название: «города …»", "Name after «города»",
           "как в «НКО города Сургута»: Сургута; пусто — отчёт обойдётся без склонения",
           "as in «НКО города Сургута»: Сургута; empty: the report words it without the form", width=20),
        _c("name_prepositional", "text", "Название: «в городе …»", "Name after «в городе»",
           "как в «в городе Сургуте»: Сургуте", "as in «в городе Сургуте»: Сургуте", width=20),
        _c("name_en", "text", "Название по-английски", "English name", "Surgut", "Surgut", width=20),
        _c("oktmo", "code", "ОКТМО", "OKTMO", "код ОКТМО, 8 или 11 цифр", "OKTMO code, 8 or 11 digits"),
        _c("region", "text", "Регион", "Region", "субъект РФ", "the region (federal subject)", width=30),
        _c("population", "population", "Население", "Population",
           "год:число жителей, несколько через |: 2010:306703|2024:400000",
           "year:residents, several separated by |: 2010:306703|2024:400000", width=24),
    ), "город и другие муниципалитеты, которые упоминаются в данных; первая строка — ваш город",
        "the city and other municipalities the data mentions; the first row is your city"),
    Table("organizations", "Организации", "Organisations", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=14),
        _c("full_name", "text", "Полное наименование", "Full name",
           "полное или краткое наименование обязательно", "a full or a short name is needed", width=40),
        _c("short_name", "text", "Краткое наименование", "Short name", width=24),
        _c("okopf", "okopf", "ОКОПФ", "OKOPF", "организационно-правовая форма (выберите из списка)",
           "legal form (choose from the list)", width=28),
        _c("inn", "code", "ИНН", "INN", "10 цифр (проверяется контрольная цифра)",
           "10 digits (the check digit is checked)", width=14),
        _c("ogrn", "code", "ОГРН", "OGRN", "13 цифр", "13 digits", width=16),
        _c("kpp", "code", "КПП", "KPP", "9 знаков", "9 characters", width=12),
        _c("registered", "date", "Дата регистрации", "Registered", _DATE_RU, _DATE_EN, width=14),
        _c("municipality", "ref", "Территория", "Municipality", "код с листа «Территории»",
           "a code from the Territories sheet", ref="municipalities", width=16),
        _c("spheres", "list", "Сферы деятельности", "Spheres",
           "коды сфер через |: culture|sport (список кодов — docs/dataset-format.md, «Sphere codes»)",
           "sphere codes separated by |: culture|sport (the codes: docs/dataset-format.md, \"Sphere codes\")",
           width=24),
        _c("socially_oriented", "bool", "СО НКО", "Socially oriented",
           "социально ориентированная НКО: да или нет", "a socially oriented NGO: yes or no", width=12),
        _c("public_association", "bool", "Общественное объединение", "Public association", width=12),
        _c("tos", "bool", "ТОС", "TOS", "территориальное общественное самоуправление",
           "territorial public self-government", width=10),
        _c("volunteer_association", "bool", "Добровольческое объединение", "Volunteer association",
           width=12),
        _c("nonprofit", "bool", "Некоммерческая", "Non-profit", "пусто = да", "empty = yes", width=12),
    ), "НКО, ресурсный центр, партнёры, организаторы курсов",
        "NGOs, the resource centre, partners, course organisers"),
    Table("persons", "Граждане", "Persons", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=14),
        _c("municipality", "ref", "Территория", "Municipality", "код с листа «Территории»",
           "a code from the Territories sheet", ref="municipalities", width=16),
        _c("display_name", "text", "Имя", "Name", "можно оставить пустым", "may be left empty", width=28),
    ), "жители — заявители на гранты для физических лиц и слушатели курсов",
        "residents: applicants for grants to individuals, course participants"),
    Table("operators", "Грантодатели", "Grant operators", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("name", "text", "Название", "Name", width=40),
        _c("organization", "ref", "Организация", "Organisation", "код с листа «Организации», если есть",
           "a code from the Organisations sheet, if any", ref="organizations", width=16),
    ), "кто проводит конкурсы: Фонд президентских грантов, губернатор, администрация города",
        "who runs competitions: the Presidential Grants Fund, the governor, the city"),
    Table("programmes", "Программы", "Programmes", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=20),
        _c("operator", "ref", "Грантодатель", "Operator", "код с листа «Грантодатели»",
           "a code from the Grant operators sheet", ref="operators", field="grant_operator", width=16),
        _c("name", "text", "Название", "Name", width=40),
        _c("kind", "enum", "Вид", "Kind", "выберите из списка", "choose from the list", width=30),
    ), "грантовые программы и субсидии", "grant programmes and subsidies"),
    Table("competitions", "Конкурсы", "Competitions", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("programme", "ref", "Программа", "Programme", "код с листа «Программы»",
           "a code from the Programmes sheet", ref="programmes", width=20),
        _c("year", "int", "Год", "Year", width=8),
        _c("round", "int", "Номер конкурса в году", "Round", "пусто = 1", "empty = 1", width=10),
        _c("window_start", "date", "Приём заявок с", "Window start", _DATE_RU, _DATE_EN, width=14),
        _c("window_end", "date", "Приём заявок по", "Window end", _DATE_RU, _DATE_EN, width=14),
        _c("directions", "list", "Направления", "Directions", "через |", "separated by |", width=30),
        _c("name", "text", "Название", "Name", width=36),
    ), "каждый конкурс программы (год и номер)", "each competition of a programme (year and round)"),
    Table("applications", "Заявки", "Applications", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=14),
        _c("competition", "ref", "Конкурс", "Competition", "код с листа «Конкурсы»",
           "a code from the Competitions sheet", ref="competitions", width=16),
        _c("applicant_type", "enum", "Заявитель — кто", "Applicant type", "организация или гражданин",
           "an organisation or a person", width=18),
        _c("applicant", "party", "Заявитель", "Applicant",
           "код с листа «Организации» (или «Граждане» для граждан)",
           "a code from the Organisations sheet (Persons for a person)", ref="organizations", width=16),
        _c("title", "text", "Название проекта", "Project title", width=36),
        _c("direction", "text", "Направление", "Direction", width=30),
        _c("requested", "money", "Запрошено, руб.", "Requested, RUB", _MONEY_RU, _MONEY_EN, width=16),
        _c("cofunding", "money", "Софинансирование, руб.", "Co-funding, RUB", _MONEY_RU, _MONEY_EN,
           width=16),
        _c("submitted", "date", "Дата подачи", "Submitted", _DATE_RU, _DATE_EN, width=14),
        _c("status", "enum", "Статус", "Status", "выберите из списка", "choose from the list", width=20),
        _c("awarded", "money", "Сумма гранта, руб.", "Awarded, RUB", "только у победителей; " + _MONEY_RU,
           "winners only; " + _MONEY_EN, width=16),
        _c("implementation_start", "date", "Реализация с", "Implementation start", _DATE_RU, _DATE_EN,
           width=14),
        _c("implementation_end", "date", "Реализация по", "Implementation end", _DATE_RU, _DATE_EN,
           width=14),
        _c("decided", "date", "Дата решения", "Decided", "когда объявлен итог; " + _DATE_RU,
           "when the outcome was decided; " + _DATE_EN, width=14),
        _c("rate", "number", "Рейтинг заявки", "Rating", "оценка экспертов, только у победителей",
           "the experts' rating, winners only", width=10),
    ), "заявки организаций и граждан города на конкурсы",
        "the applications of the city's organisations and residents"),
    Table("courses", "Курсы", "Courses", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("title", "text", "Название курса", "Title", width=36),
        _c("topic", "text", "Тема", "Topic", "например «отчётность НКО»", "e.g. \"NGO reporting\"", width=20),
        _c("format", "enum", "Формат", "Format", width=18),
        _c("hours", "int", "Часов", "Hours", width=8),
        _c("organiser", "ref", "Организатор", "Organiser", "код с листа «Организации»",
           "a code from the Organisations sheet", ref="organizations", width=16),
        _c("partner", "ref", "Партнёр", "Partner", "код с листа «Организации»",
           "a code from the Organisations sheet", ref="organizations", width=16),
        _c("start", "date", "Начало", "Start", _DATE_RU, _DATE_EN, width=14),
        _c("end", "date", "Окончание", "End", _DATE_RU, _DATE_EN, width=14),
    ), "обучающие курсы для НКО", "training courses for NGOs"),
    Table("enrolments", "Слушатели", "Enrolments", (
        _c("course", "ref", "Курс", "Course", "код с листа «Курсы»", "a code from the Courses sheet",
           ref="courses", width=16),
        _c("organization", "ref", "Организация", "Organisation", "код с листа «Организации»",
           "a code from the Organisations sheet", ref="organizations", width=16),
        _c("person", "ref", "Гражданин", "Person", "код с листа «Граждане» (организация или гражданин)",
           "a code from the Persons sheet (an organisation or a person)", ref="persons", width=16),
        _c("participants", "int", "Представителей", "Participants", "пусто = 1", "empty = 1", width=10),
        _c("completed", "bool", "Завершил обучение", "Completed", "пусто = да", "empty = yes", width=12),
    ), "кто учился на курсах: одна строка на организацию (или гражданина) и курс",
        "who took the courses: one row per organisation (or person) and course"),
    Table("bodies", "Общественные органы", "Public bodies", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("name", "text", "Название", "Name", width=40),
        _c("kind", "enum", "Вид", "Kind", width=22),
        _c("attached_to", "text", "При каком органе", "Attached to",
           "например «Администрация города»", "e.g. \"City administration\"", width=28),
        _c("municipality", "ref", "Территория", "Municipality", "код с листа «Территории»",
           "a code from the Territories sheet", ref="municipalities", width=16),
    ), "общественные советы и Общественная палата", "public councils and the Public Chamber"),
    Table("membership_terms", "Составы органов", "Membership terms", (
        _c("body", "ref", "Орган", "Body", "код с листа «Общественные органы»",
           "a code from the Public bodies sheet", ref="bodies", width=16),
        _c("start", "date", "Начало полномочий", "Start", _DATE_RU, _DATE_EN, width=14),
        _c("end", "date", "Окончание полномочий", "End", _DATE_RU, _DATE_EN, width=14),
        _c("members", "int", "Членов", "Members", width=8),
        _c("note", "text", "Примечание", "Note", "например «обновлён состав»", "e.g. \"renewed\"", width=30),
    ), "составы органов (в том числе обновление Общественной палаты)",
        "membership terms (e.g. the renewal of the Public Chamber)"),
    Table("meetings", "Заседания", "Meetings", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("body", "ref", "Орган", "Body", "код с листа «Общественные органы»",
           "a code from the Public bodies sheet", ref="bodies", width=16),
        _c("date", "date", "Дата", "Date", _DATE_RU, _DATE_EN, field="held", width=14),
        _c("format", "enum", "Формат", "Format", width=18),
        _c("attendance", "int", "Присутствовало членов", "Members present", "пусто = неизвестно",
           "empty = unknown", width=12),
    ), "заседания общественных органов", "the meetings of the public bodies"),
    Table("agenda_questions", "Вопросы заседаний", "Agenda questions", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("meeting", "ref", "Заседание", "Meeting", "код с листа «Заседания»",
           "a code from the Meetings sheet", ref="meetings", width=16),
        _c("title", "text", "Вопрос", "Question", width=40),
        _c("topic", "text", "Тема", "Topic", width=18),
    ), "вопросы, рассмотренные на заседаниях", "the questions considered at the meetings"),
    Table("services", "Поддержка", "Support services", (
        _c("id", "id", "Код", "Code", _ID_RU, _ID_EN, width=16),
        _c("provider", "ref", "Кто оказал", "Provider", "код с листа «Организации» (ресурсный центр)",
           "a code from the Organisations sheet (the resource centre)", ref="organizations", width=16),
        _c("recipient_type", "enum", "Получатель — кто", "Recipient type", width=18),
        _c("recipient", "party", "Получатель", "Recipient",
           "код с листа «Организации» (или «Граждане» для граждан)",
           "a code from the Organisations sheet (Persons for a person)", ref="organizations", width=16),
        _c("kind", "enum", "Вид поддержки", "Kind", width=26),
        _c("date", "date", "Дата", "Date", _DATE_RU, _DATE_EN, field="provided", width=14),
        _c("note", "text", "Примечание", "Note", width=30),
    ), "поддержка, оказанная ресурсным центром", "support given by the resource centre"),
    Table("monitoring", "Мониторинг", "Monitoring", (
        _c("application", "ref", "Заявка", "Application", "код с листа «Заявки»",
           "a code from the Applications sheet", ref="applications", width=16),
        _c("date", "date", "Дата", "Date", _DATE_RU, _DATE_EN, field="checked", width=14),
        _c("score", "number", "Оценка", "Score", width=8),
        _c("status", "text", "Состояние", "Status", "например «в работе», «завершён»",
           "e.g. in_progress, completed", width=16),
        _c("note", "text", "Примечание", "Note", width=30),
    ), "мониторинг поддержанных проектов", "monitoring of supported projects"),
    Table("indicators", "Опубликованные показатели", "Published figures", (
        _c("key", "key", "Показатель", "Indicator", "выберите из списка", "choose from the list", width=48),
        _c("year", "int", "Год", "Year", width=8),
        _c("territory", "ref", "Территория", "Territory", "пусто = ваш город",
           "empty = your city", ref="municipalities", width=16),
        _c("breakdown", "text", "Уточнение", "Breakdown", "например название курса для числа слушателей",
           "e.g. the course title for its participants", width=28),
        _c("value", "number", "Значение", "Value", "число; для денег — рубли", "a number; money in roubles",
           width=14),
        _c("qualifier", "enum", "Точность", "Qualifier", "«более 300» — это «более» и 300",
           "\"more than 300\" is more_than and 300", width=16),
        _c("unit", "unit", "Единица", "Unit", "пусто = единица показателя", "empty = the key's unit", width=10),
        _c("source", "text", "Источник", "Source", "где опубликовано", "where it was published", width=36),
    ), "цифры, которые город уже опубликовал (они важнее подсчёта по записям)",
        "figures the city has published (they take precedence over counts of records)"),
)

# The kind of cell of each declared column type (civica/model/schema.hpp).
_KIND_OF_TYPE = {"id": "id", "text": "text", "integer": "int", "real": "number", "money": "money", "date": "date",
                 "boolean": "bool", "enum": "enum", "reference": "ref", "party": "party", "list": "list",
                 "year_counts": "population"}


def _follow_declaration(worded: Tuple[Table, ...]) -> Tuple[Table, ...]:
    """The sheets with the declared columns of their tables, in the declared order: a column
    with words above keeps them; a declared column without any (newly added) gets its name as
    heading and the cell kind of its declared type. Words for a column the declaration does not
    have are an error."""
    from . import _core

    by_name = {t.name: t for t in worded}
    out = []
    for declared in _core.table_schema():
        t = by_name[declared["name"]]
        names = [c["name"] for c in declared["columns"]]
        stale = [c.name for c in t.columns if c.name not in names]
        if stale:
            raise RuntimeError(f"workbook words for {t.name} columns the schema does not declare: {stale}")
        columns = []
        for c in declared["columns"]:
            known = t.column(c["name"])
            if known is None:
                known = Column(c["name"], _KIND_OF_TYPE[c["type"]], c["name"], c["name"],
                               ref=c.get("references") or "")
            columns.append(known)
        out.append(Table(t.name, t.ru, t.en, tuple(columns), t.help_ru, t.help_en, t.attribute))
    return tuple(out)


#: The tables of a workbook, in the order they are filled.
TABLES: Tuple[Table, ...] = _follow_declaration(_WORDED)

TABLE_BY_NAME: Dict[str, Table] = {t.name: t for t in TABLES}

#: Words for the values of the enumerations, by column (table.column): value -> (ru, en).
ENUM_WORDS: Dict[str, Dict[str, Tuple[str, str]]] = {
    "programmes.kind": {
        "presidential_grants": ("гранты Президента (ФПГ)", "Presidential grants"),
        "governor_ngo": ("гранты губернатора для НКО", "Governor's grants to NGOs"),
        "governor_individual": ("гранты губернатора для граждан", "Governor's grants to individuals"),
        "municipal_subsidy": ("субсидия муниципалитета", "municipal subsidy"),
        "other": ("другое", "other"),
    },
    "applications.applicant_type": {"organization": ("организация", "organisation"),
                                     "person": ("гражданин", "person")},
    "applications.status": {
        "submitted": ("подана", "submitted"), "admitted": ("допущена", "admitted"),
        "rejected": ("отклонена", "rejected"), "winner": ("победитель", "winner"),
        "withdrawn": ("отозвана", "withdrawn"),
    },
    "courses.format": {"distance": ("дистанционно", "distance"), "in_person": ("очно", "in person"),
                       "mixed": ("смешанно", "mixed")},
    "bodies.kind": {"public_council": ("общественный совет", "public council"),
                    "public_chamber": ("общественная палата", "public chamber"),
                    "other": ("другой орган", "other")},
    "meetings.format": {"in_person": ("очно", "in person"), "remote": ("дистанционно", "remote"),
                        "mixed": ("смешанно", "mixed"), "absentee": ("заочно", "absentee")},
    "services.recipient_type": {"organization": ("организация", "organisation"),
                                "person": ("гражданин", "person")},
    "services.kind": {
        "information": ("информационная", "information"), "consulting": ("консультационная", "consulting"),
        "education": ("образовательная", "education"), "organization": ("организационная", "organisation"),
        "grants_help": ("помощь с грантами и субсидиями", "help with grants"), "other": ("другая", "other"),
    },
    "indicators.qualifier": {"exact": ("точно", "exact"), "more_than": ("более", "more than"),
                             "at_least": ("не менее", "at least"), "about": ("около", "about")},
    "indicators.unit": {"count": ("число", "count"), "RUB": ("рубли", "roubles"), "rank": ("место", "rank"),
                        "percent": ("проценты", "percent"), "year": ("год", "year")},
}

#: Units of indicators (civica's docs/report.md); a drop-down that allows other words.
UNITS: Tuple[str, ...] = ("count", "RUB", "rank", "percent", "year")

#: Words for the indicator keys of DOMAIN.md (ru, en); a key civica knows but this table does
#: not gets the description civica gives it.
KEY_WORDS: Dict[str, Tuple[str, str]] = {
    "councils.public_councils": ("общественные советы при органах местного самоуправления",
                                 "public councils attached to local government bodies"),
    "councils.chamber_renewals": ("обновления состава Общественной палаты (составы, начавшие работу в году)",
                                  "renewals of the Public Chamber's membership (terms starting in the year)"),
    "councils.collegial_bodies": ("коллегиальные общественные органы (советы и Общественная палата)",
                                  "collegial public bodies (councils and the Public Chamber)"),
    "councils.meetings": ("заседания коллегиальных органов за год", "meetings of those bodies in the year"),
    "councils.agenda_questions": ("вопросы, рассмотренные на заседаниях", "agenda questions considered"),
    "resource_centre.openings": ("начало работы ресурсного центра (1 — начал работу в году, 0 — работал раньше)",
                                 "the resource centre started work (1: in the year, 0: it worked before)"),
    "training.courses": ("курсы повышения квалификации для НКО", "courses for NGOs"),
    "training.ngos_trained": ("НКО, прошедшие обучение", "NGOs trained"),
    "training.participants": ("слушатели курса", "participants of a course"),
    "ngo.registered": ("некоммерческие организации города (по данным Минюста)",
                       "non-profit organisations of the city (Ministry of Justice)"),
    "ngo.public_associations": ("общественные объединения, ведущие социально значимую работу",
                                "public associations doing socially significant work"),
    "grants.winners": ("победители конкурсов грантов Президента и губернатора",
                       "winners of the Presidential and Governor's grant competitions"),
    "grants.funds_attracted": ("средства, привлечённые НКО через конкурсы, руб.",
                               "money attracted by NGOs through competitions, RUB"),
    "grants.individual.applicants": ("жители — участники конкурса грантов губернатора для граждан",
                                     "residents who took part in the Governor's competition for individuals"),
    "grants.individual.winners": ("победители конкурса грантов губернатора для граждан",
                                  "winners of the Governor's competition for individuals"),
    "grants.individual.amount": ("сумма поддержки победителей-граждан, руб.",
                                 "total support of the individual winners, RUB"),
    "grants.individual.rank_among_municipalities": ("место города среди муниципалитетов региона",
                                                    "the city's rank among the region's municipalities"),
}

#: What the workbook adds to a key's words where a figure needs more than a value (ru, en).
KEY_HINTS: Dict[str, Tuple[str, str]] = {
    "training.participants": ("в «Уточнении» — название курса", "breakdown: the course title"),
}

#: Words for yes and no (ru, en); a cell may also be a TRUE/FALSE cell or true/false.
YES: Tuple[str, str] = ("да", "yes")
NO: Tuple[str, str] = ("нет", "no")

#: The sheet that explains the workbook, the one with the dataset's description, and the
#: hidden one holding the drop-down lists.
GUIDE_SHEET: Tuple[str, str] = ("Как заполнять", "How to fill in")
ABOUT_SHEET: Tuple[str, str] = ("О наборе данных", "About")
LISTS_SHEET: Tuple[str, str] = ("Списки", "Lists")

#: Rows of the "About" sheet: manifest.json keys, then the workbook's own settings.
ABOUT_ROWS: Tuple[Tuple[str, str, str, str, str], ...] = (
    # key, ru, en, help ru, help en
    ("name", "Имя набора", "Name", "латиницей, без пробелов: surgut-2024", "no spaces: surgut-2024"),
    ("title", "Заголовок", "Title", "", ""),
    ("territory", "Территория", "Territory", "код вашего города с листа «Территории»",
     "your city's code on the Territories sheet"),
    ("description", "Описание", "Description", "", ""),
    ("source", "Источник", "Source", "откуда данные", "where the data comes from"),
    ("licence", "Лицензия", "Licence", "", ""),
    ("synthetic", "Синтетические данные", "Synthetic", "да, если записи придуманы", "yes when records are made up"),
    ("currency", "Валюта", "Currency", "код ISO 4217 валюты сумм: RUB — рубли", "ISO 4217 code of the amounts: RUB for roubles"),
    ("year", "Год отчёта", "Report year", "год, за который пишется отчёт", "the year the report is about"),
    ("language", "Язык", "Language", "ru или en: язык сообщений о проверке", "ru or en: language of checks"),
)
#: The keys of the About sheet that are the workbook's, not the dataset's.
SETTINGS: Tuple[str, ...] = ("year", "language")


@dataclass
class Placement:
    """Where a value of the folder form came from in a workbook."""

    sheet: str
    row: int
    heading: str = ""
    column: str = ""  # the column letter
    value: object = None
    extra: Dict[str, object] = field(default_factory=dict)

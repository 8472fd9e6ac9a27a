"""A city's workbook filled in by a script, as its staff would fill it in by hand.

``fill(path)`` opens a workbook made by ``civica new`` (Нягань, 2023) with openpyxl and types
records into its sheets: organisations, grant competitions and applications of three years,
two courses with their participants, public councils with meetings and agenda questions, the
resource centre's support and a few published figures. It returns the records it typed, so
that tests count the report's figures from them, independently of civica.

Also run by tests/data/xlsx/make_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Dict, List

CITY = "Нягань"
CITY_ID = "niagan"
REGION = "Ханты-Мансийский автономный округ – Югра"
YEAR = 2023


@dataclass
class Typed:
    """What the script typed, sheet by sheet (the values as Python objects)."""

    organizations: List[Dict[str, Any]] = field(default_factory=list)
    persons: List[Dict[str, Any]] = field(default_factory=list)
    competitions: List[Dict[str, Any]] = field(default_factory=list)
    applications: List[Dict[str, Any]] = field(default_factory=list)
    courses: List[Dict[str, Any]] = field(default_factory=list)
    enrolments: List[Dict[str, Any]] = field(default_factory=list)
    bodies: List[Dict[str, Any]] = field(default_factory=list)
    meetings: List[Dict[str, Any]] = field(default_factory=list)
    questions: List[Dict[str, Any]] = field(default_factory=list)
    services: List[Dict[str, Any]] = field(default_factory=list)
    indicators: List[Dict[str, Any]] = field(default_factory=list)


def _row(ws: Any, values: Dict[str, Any]) -> None:
    """Types ``values`` under the headings whose bracketed name matches, in the next free row."""
    names = {}
    for cell in ws[1]:
        if cell.value:
            names[str(cell.value).rsplit("(", 1)[-1].rstrip(")")] = cell.column
    r = ws.max_row + 1
    while r > 2 and all(ws.cell(r - 1, c).value is None for c in names.values()):
        r -= 1
    for key, value in values.items():
        ws.cell(r, names[key], value)


def fill(path: str, *, seed: int = 7) -> Typed:
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    sheets = {name: wb[name] for name in wb.sheetnames}
    t = Typed()

    # The city's name after «города» and «в городе», and in English, as docs/your-city.md asks:
    # the report declines it with them.
    territories = sheets["Территории"]
    columns = {str(c.value).rsplit("(", 1)[-1].rstrip(")"): c.column for c in territories[1] if c.value}
    for key, value in (("name_genitive", "Нягани"), ("name_prepositional", "Нягани"), ("name_en", "Nyagan")):
        territories.cell(2, columns[key], value)
    # Two more municipalities, for the ranking of the individuals' competition.
    for mid, name in (("urai", "Урай"), ("iugorsk", "Югорск")):
        _row(sheets["Территории"], {"id": mid, "name": name, "region": REGION})

    rc = {"id": "rc", "full_name": "Ресурсный центр поддержки НКО города Нягани", "short_name": "Ресурсный центр",
          "municipality": CITY_ID, "nonprofit": "нет"}
    _row(sheets["Организации"], rc)
    spheres = ["culture", "sport", "education", "ecology", "health"]  # sphere codes (docs/dataset-format.md)
    for i in range(1, 25):
        org = {"id": f"ngo-{i}", "full_name": f"Некоммерческая организация № {i} города Нягани",
               "okopf": "общественная организация (20200)" if i % 3 == 0 else "автономная некоммерческая организация (71400)",
               "registered": dt.date(2005 + i % 18, 1 + i % 12, 1 + i % 27), "municipality": CITY_ID,
               "spheres": spheres[i % 5] + ("|" + spheres[(i + 2) % 5] if i % 4 == 0 else ""),
               "socially_oriented": "да", "public_association": "да" if i % 3 == 0 else "нет"}
        # Two organisations registered after the report's year end are not counted in it.
        if i in (23, 24):
            org["registered"] = dt.date(YEAR + 1, 2, 1)
        t.organizations.append(org)
        _row(sheets["Организации"], org)
    for i in range(1, 4):
        org = {"id": f"urai-ngo-{i}", "full_name": f"НКО № {i} города Урая", "municipality": "urai",
               "registered": dt.date(2010, 1, i)}
        t.organizations.append(org)
        _row(sheets["Организации"], org)
    for i in range(1, 21):
        town = CITY_ID if i <= 12 else ("urai" if i <= 17 else "iugorsk")
        person = {"id": f"p-{i}", "municipality": town}
        t.persons.append(person)
        _row(sheets["Граждане"], person)

    for year in (2021, 2022, 2023):
        for programme, code in (("presidential-grants", "pg"), ("governor-ngo", "gov")):
            c = {"id": f"{code}-{year}", "programme": programme, "year": year, "round": 1,
                 "window_start": dt.date(year, 2, 1), "window_end": dt.date(year, 3, 15),
                 "name": f"Конкурс {code} {year}"}
            t.competitions.append(c)
            _row(sheets["Конкурсы"], c)
    ind = {"id": f"gi-{YEAR}", "programme": "governor-individual", "year": YEAR, "round": 1,
           "window_start": dt.date(YEAR, 9, 10), "window_end": dt.date(YEAR, 10, 16), "name": "Гранты гражданам"}
    t.competitions.append(ind)
    _row(sheets["Конкурсы"], ind)

    n = 0
    for c in t.competitions[:-1]:
        for org in rnd.sample([o for o in t.organizations if o["id"].startswith("ngo-")], 6 + c["year"] - 2021):
            n += 1
            requested = rnd.randrange(200_000, 2_000_000, 50) + rnd.choice([0, 0.5])
            win = rnd.random() < 0.45
            a = {"id": f"a-{n}", "competition": c["id"], "applicant_type": "организация (organization)",
                 "applicant": org["id"], "title": f"Проект {n}", "requested": requested,
                 "submitted": dt.date(c["year"], 2, 10), "status": "победитель (winner)" if win else "отклонена (rejected)"}
            if win:
                a["awarded"] = round(requested * rnd.choice([1, 0.9, 0.75]), 2)
            t.applications.append(a)
            _row(sheets["Заявки"], a)
    for person in t.persons:
        n += 1
        win = person["id"] in ("p-1", "p-2", "p-3", "p-13", "p-14", "p-18")
        a = {"id": f"a-{n}", "competition": ind["id"], "applicant_type": "гражданин (person)",
             "applicant": person["id"], "title": f"Инициатива {n}", "requested": 150_000,
             "submitted": dt.date(YEAR, 9, 20), "status": "победитель (winner)" if win else "отклонена (rejected)"}
        if win:
            a["awarded"] = 100_000 + 2_000 * int(person["id"][2:])
        t.applications.append(a)
        _row(sheets["Заявки"], a)

    # A course's topic is what the report says it taught: written as the report's readers read it.
    for cid, title, topic in (("c-design", "Социальное проектирование в НКО", "разработка социального проекта и его бюджета"),
                              ("c-report", "Отчётность некоммерческой организации", "отчёты НКО в Минюст и налоговую службу")):
        c = {"id": cid, "title": title, "topic": topic, "format": "дистанционно (distance)", "hours": 36,
             "organiser": "rc", "start": dt.date(YEAR, 10, 2), "end": dt.date(YEAR, 11, 30)}
        t.courses.append(c)
        _row(sheets["Курсы"], c)
    for i in range(1, 15):
        e = {"course": "c-design" if i <= 9 else "c-report", "organization": f"ngo-{i}",
             "participants": 1 + i % 3, "completed": "да" if i != 5 else "нет"}
        t.enrolments.append(e)
        _row(sheets["Слушатели"], e)

    for i in range(1, 5):
        b = {"id": f"council-{i}", "name": f"Общественный совет № {i} при Администрации города Нягани",
             "kind": "общественный совет (public_council)", "attached_to": "Администрация города Нягани",
             "municipality": CITY_ID}
        t.bodies.append(b)
        _row(sheets["Общественные органы"], b)
    chamber = {"id": "chamber", "name": "Общественная палата города Нягани",
               "kind": "общественная палата (public_chamber)", "municipality": CITY_ID}
    t.bodies.append(chamber)
    _row(sheets["Общественные органы"], chamber)
    _row(sheets["Составы органов"], {"body": "chamber", "start": dt.date(YEAR, 3, 1), "members": 15,
                                       "note": "обновлён состав"})
    q = 0
    for m in range(1, 19):
        body = t.bodies[m % len(t.bodies)]["id"]
        held = dt.date(YEAR if m > 2 else YEAR - 1, 1 + m % 12, 5 + m)
        meeting = {"id": f"m-{m}", "body": body, "date": held, "format": "очно (in_person)"}
        t.meetings.append(meeting)
        _row(sheets["Заседания"], meeting)
        for _ in range(1 + m % 4):
            q += 1
            question = {"id": f"q-{q}", "meeting": meeting["id"], "title": f"Вопрос {q}", "topic": "город"}
            t.questions.append(question)
            _row(sheets["Вопросы заседаний"], question)

    kinds = ["информационная (information)", "консультационная (consulting)", "образовательная (education)"]
    for i in range(1, 31):
        s = {"id": f"s-{i}", "provider": "rc", "recipient_type": "организация (organization)",
             "recipient": f"ngo-{1 + i % 20}", "kind": kinds[i % 3], "date": dt.date(YEAR, 1 + i % 12, 1 + i % 28)}
        t.services.append(s)
        _row(sheets["Поддержка"], s)

    for key, value, qualifier in (("ngo.registered", 120, "более (more_than)"),
                                  ("councils.public_councils", 4, "точно (exact)")):
        i = {"key": key, "year": YEAR, "value": value, "qualifier": qualifier, "source": "Администрация города Нягани"}
        words = [s for s in _list(wb, "indicators.key") if s.endswith(f"({key})")]
        i["key"] = words[0]
        t.indicators.append({**i, "key": key})
        _row(sheets["Опубликованные показатели"], i)

    wb.save(path)
    return t


def _list(wb: Any, key: str) -> List[str]:
    """The texts of a drop-down list kept on the hidden Lists sheet (as a person picks them)."""
    ws = wb["Списки"]
    for col in ws.iter_cols(min_row=1):
        if col[0].value == key:
            return [c.value for c in col[1:] if c.value]
    raise KeyError(key)

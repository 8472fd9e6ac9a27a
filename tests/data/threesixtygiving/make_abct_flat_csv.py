"""Writes abct_grants_360G-ABCT.csv: the grants of abct_grants_360G-ABCT.json as a 360Giving
flat CSV with the column titles of 360Giving's spreadsheet template.

Uses only the standard library's json and csv modules, so the civica test that compares the
CSV import with the JSON import checks civica's CSV reader against an independent route.
Award dates are written DD/MM/YYYY (as UK spreadsheets do; civica accepts it in flat CSV);
the publisher's own keys "Award Date - website format" and "Amount Awarded - website format"
become columns the standard does not define. Run from this folder:

    python3 make_abct_flat_csv.py
"""
import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def day_first(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def main() -> None:
    grants = json.loads((HERE / "abct_grants_360G-ABCT.json").read_text(encoding="utf-8"))["grants"]
    header = [
        "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
        "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number",
        "Recipient Org:Postal Code", "Recipient Org:Web Address",
        "Funding Org:Identifier", "Funding Org:Name",
        "Grant Programme:Code", "Grant Programme:Title",
        "Beneficiary Location:Name", "From An Open Call?", "Data Source",
        "Award Date - website format", "Amount Awarded - website format",
    ]
    with open(HERE / "abct_grants_360G-ABCT.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for g in grants:
            rec = g["recipientOrganization"][0]
            fun = g["fundingOrganization"][0]
            prog = g["grantProgramme"][0]
            locs = g.get("beneficiaryLocation", [])
            out.writerow([
                g["id"], g["title"], g["description"], g["currency"], g["amountAwarded"],
                day_first(g["awardDate"]),
                rec["id"], rec["name"], rec.get("charityNumber", ""), rec.get("postalCode", ""),
                rec.get("url", ""),
                fun["id"], fun["name"], prog["code"], prog["title"],
                locs[0]["name"] if locs else "", g.get("fromOpenCall", ""), g.get("dataSource", ""),
                g.get("Award Date - website format", ""), g.get("Amount Awarded - website format", ""),
            ])


if __name__ == "__main__":
    main()

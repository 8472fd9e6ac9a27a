"""Makes the LibreOffice-saved workbooks of this folder (needs civica, openpyxl and LibreOffice):

    python tests/data/xlsx/make_fixtures.py

- niagan_libreoffice.xlsx: `civica new` for Нягань 2023, filled in by tests/python/city_workbook.py,
  then opened and saved by LibreOffice Calc (headless), so its XML is LibreOffice's own.
- pgf_sample_libreoffice.xlsx: tests/data/pgf/sample.csv opened by LibreOffice Calc as CSV
  (';', UTF-8, standard column types: numbers, dates and booleans become typed cells) and saved
  as XLSX.
- abct_libreoffice.xlsx: tests/data/threesixtygiving/abct_grants_360G-ABCT.csv, the same way
  (',' separator), in the English (UK) locale of the file's DD/MM/YYYY award dates: in LibreOffice's
  default US locale 04/12/2020 would become 12 April, and 21/01/2021 stay text.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "tests" / "python"))


def soffice(src: Path, out: Path, infilter: str = "") -> Path:
    args = ["soffice", "--headless"]
    if infilter:
        args.append(f"--infilter={infilter}")
    subprocess.run(args + ["--convert-to", "xlsx", "--outdir", str(out), str(src)], check=True)
    return out / (src.stem + ".xlsx")


def main() -> None:
    import city_workbook

    from civica import xlsx

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        book = Path(xlsx.new_workbook(t / "niagan.xlsx", city_workbook.CITY, region=city_workbook.REGION,
                                      year=city_workbook.YEAR))
        city_workbook.fill(str(book))
        shutil.copy(soffice(book, t / "lo"), HERE / "niagan_libreoffice.xlsx")
        shutil.copy(soffice(REPO / "tests" / "data" / "pgf" / "sample.csv", t / "lo", "CSV:59,34,76,1"),
                    HERE / "pgf_sample_libreoffice.xlsx")
        shutil.copy(soffice(REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.csv", t / "lo",
                            "CSV:44,34,76,1,,2057"), HERE / "abct_libreoffice.xlsx")


if __name__ == "__main__":
    main()

"""Makes the pictures of docs/your-city.md and the README (needs civica[office], LibreOffice
and poppler-utils):

    python docs/images/make_images.py

- your-city-sheet.png: the Applications sheet of the Нягань 2023 workbook of the tests
  (tests/data/xlsx/niagan_libreoffice.xlsx), printed by LibreOffice Calc and turned into PNG.
- report-page.png: the first page of that workbook's report as PDF (civica report --format pdf).
"""

import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BOOK = REPO / "tests" / "data" / "xlsx" / "niagan_libreoffice.xlsx"


def crop(src: Path, dst: Path, margin: int = 12) -> None:
    """The picture cut to what is printed on it (the page's white margins removed)."""
    from PIL import Image, ImageChops

    img = Image.open(src).convert("RGB")
    box = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if box:
        img = img.crop((max(box[0] - margin, 0), max(box[1] - margin, 0), min(box[2] + margin, img.width),
                        min(box[3] + margin, img.height)))
    img.save(dst)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        wb = openpyxl.load_workbook(BOOK)
        for name in wb.sheetnames:
            if name != "Заявки":
                wb.remove(wb[name])
        ws = wb["Заявки"]
        ws.print_area = f"A1:K{min(ws.max_row, 18)}"
        wb.save(t / "sheet.xlsx")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(t), str(t / "sheet.xlsx")],
                       check=True)
        subprocess.run(["pdftoppm", "-r", "130", "-png", "-f", "1", "-l", "1", "-singlefile", str(t / "sheet.pdf"),
                        str(t / "sheet")], check=True)
        crop(t / "sheet.png", HERE / "your-city-sheet.png")
        subprocess.run(["civica", "report", "--dataset", str(BOOK), "--format", "pdf", "-o", str(t / "r.pdf")],
                       check=True)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(t / "r.pdf"),
                        str(HERE / "report-page")], check=True)


if __name__ == "__main__":
    main()

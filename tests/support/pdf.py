"""Reading PDFs back as a person would see them: their text (pdftotext) and their pages as pixels (pdftoppm)."""
import subprocess
from pathlib import Path


def pdf_text(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


def page_pixels(data: bytes, tmp_path: Path, page: int = 1, dpi: int = 50) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of one page, from pdftoppm's plain PPM output."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(data)
    ppm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(source)],
                         check=True, capture_output=True).stdout
    magic, width, height, _max, pixels = ppm.split(maxsplit=4)
    assert magic == b"P6"
    return int(width), int(height), pixels


def pixels_near(pixels: bytes, colour: tuple[int, int, int], tolerance: int = 24) -> int:
    """How many pixels have about this colour: a chart's bars are there when its fill colour is."""
    red, green, blue = colour
    return sum(1 for i in range(0, len(pixels) - 2, 3)
               if abs(pixels[i] - red) <= tolerance and abs(pixels[i + 1] - green) <= tolerance
               and abs(pixels[i + 2] - blue) <= tolerance)


def render_pages_to_png(data: bytes, prefix: Path, dpi: int = 70) -> list[Path]:
    source = prefix.with_suffix(".pdf")
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(prefix)], check=True)
    source.unlink()
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))

"""Draws Newsmark's icon (newsmark.png, 256 px): a page of text with one phrase highlighted
in the schema's person colour and another underlined as a suggestion. Run it again after
changing the drawing: ``python packaging/icons/draw_icon.py``."""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

SIZE = 256


def draw(size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    # The page.
    p.setPen(QPen(QColor("#2f3e4e"), 6 * s))
    p.setBrush(QColor("#fdfcf8"))
    p.drawRoundedRect(QRectF(36 * s, 20 * s, 184 * s, 216 * s), 18 * s, 18 * s)
    # Lines of text, one of them highlighted, one underlined.
    p.setPen(Qt.PenStyle.NoPen)
    rows = [
        (62, 150, None),
        (96, 120, "#e15759"),
        (130, 150, None),
        (164, 96, "#4e79a7"),
        (198, 130, None),
    ]
    for y, width, mark in rows:
        if mark == "#e15759":
            p.setBrush(QColor(mark))
            p.drawRoundedRect(QRectF(58 * s, (y - 9) * s, (width + 14) * s, 26 * s), 6 * s, 6 * s)
            p.setBrush(QColor("#ffffff"))
        else:
            p.setBrush(QColor("#9aa5b1"))
        p.drawRoundedRect(QRectF(64 * s, y * s, width * s, 9 * s), 4 * s, 4 * s)
        if mark == "#4e79a7":
            p.setBrush(QColor(mark))
            p.drawRoundedRect(QRectF(64 * s, (y + 14) * s, width * s, 6 * s), 3 * s, 3 * s)
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    target = Path(__file__).with_name("newsmark.png")
    draw().save(str(target))
    print(f"wrote {target}")

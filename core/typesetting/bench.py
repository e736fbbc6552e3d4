"""Throughput of layout_line + draw_line: python -m core.typesetting.bench

Prints calls per second for typical badge lines, with the layout cache cold
(every name new, as when printing a delegation list) and warm (reprints).
"""
import io
import time

from reportlab.lib.pagesizes import A4

from . import draw_line, layout_line, new_canvas
from .layout import _shape

NAMES = [
    "Айдос Нұрланұлы", "Nguyễn Thị Minh Khai", "محمد بن راشد آل مكتوم", "Jean-Pierre Dupont",
    "Maria Fernández García", "דוד בן-גוריון", "नरेन्द्र मोदी", "習近平", "岸田 文雄",
    "윤석열", "Κυριάκος Μητσοτάκης", "ทักษิณ ชินวัตร", "Head of Delegation",
    "Ministry of Foreign Affairs", "United Arab Emirates", "VIP · Plenary Hall A",
]


def run(lines=20000):
    canvas = new_canvas(io.BytesIO(), A4)
    layout_line("warm up the fonts", 12)
    results = {}
    for label, unique in (("cold cache (unique text)", True), ("warm cache", False)):
        _shape.cache_clear()
        if not unique:
            for name in NAMES:
                layout_line(name, 14, bold=True)
        start = time.perf_counter()
        for i in range(lines):
            name = NAMES[i % len(NAMES)]
            text = f"{name} {i}" if unique else name
            line = layout_line(text, 14, bold=i % 2 == 0)
            draw_line(canvas, line, 100, 100 + i % 600, align="center")
            if i % 500 == 499:
                canvas.showPage()
        elapsed = time.perf_counter() - start
        results[label] = lines / elapsed
    start = time.perf_counter()
    canvas.save()
    results["save (s)"] = time.perf_counter() - start
    return results


if __name__ == "__main__":
    for label, value in run().items():
        print(f"{label}: {value:.3f}" if "save" in label else f"{label}: {value:,.0f} layout_line+draw_line calls/s")

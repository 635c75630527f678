"""Server-side inline SVG charts: no CDN, no JavaScript, readable by screen readers.

`line_chart(points, ...)` draws one series (a date and a Decimal per point) as a line with
axes, "round" value ticks, date labels and the last value highlighted. Coordinates are computed
with Decimal (never float) and written with one decimal place. The SVG is always laid out left to
right (time runs left to right in Urdu and Arabic charts too): the root carries
`direction="ltr"`, otherwise an RTL page would flip what `text-anchor="start"/"end"` mean and
push the value labels into the plot. Labels in any script keep their own bidi order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Box", "ChartPoint", "line_chart", "nice_ticks", "scale_points"]

_ids = itertools.count(1)


@dataclass(frozen=True)
class ChartPoint:
    at: dt.date | dt.datetime
    value: Decimal


@dataclass(frozen=True)
class Box:
    """The plotting area inside the SVG (axes and labels sit outside it)."""

    left: Decimal
    top: Decimal
    width: Decimal
    height: Decimal

    @property
    def right(self) -> Decimal:
        return self.left + self.width

    @property
    def bottom(self) -> Decimal:
        return self.top + self.height


def _ordinal(at: dt.date | dt.datetime) -> Decimal:
    """A point in time as seconds (dates count from midnight), exact."""
    if isinstance(at, dt.datetime):
        epoch = dt.datetime(1970, 1, 1, tzinfo=at.tzinfo)
        delta = at - epoch
        return Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / Decimal(10**6)
    return Decimal(at.toordinal() * 86400)


def nice_ticks(low: Decimal, high: Decimal, *, count: int = 4) -> list[Decimal]:
    """About `count` evenly spaced "round" values (1, 2, 2.5, 5 × 10ⁿ) covering low..high."""
    if high < low:
        low, high = high, low
    non_negative = low >= 0
    if high == low:
        pad = abs(high) / 20 if high else Decimal(1)
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    exponent = raw.adjusted()
    base = Decimal(1).scaleb(exponent)
    step = next((m * base for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                 if m * base >= raw), Decimal(10) * base)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    if first < 0 and non_negative:
        first = Decimal(0)  # a price axis never dips below zero
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks, value = [], first
    while value <= last:
        ticks.append(Decimal(format(value, "f")))  # 2.4E+5 → 240000: labels never show exponents
        value += step
    return ticks


def scale_points(points: Sequence[ChartPoint], box: Box, *, value_range: tuple[Decimal, Decimal] | None = None
                 ) -> list[tuple[Decimal, Decimal]]:
    """(x, y) for each point: time left → right across the box, values bottom → top.

    One point, or points all at one time, sit in the middle horizontally; a flat series (or a
    zero-height `value_range`) sits in the middle vertically.
    """
    if not points:
        return []
    times = [_ordinal(p.at) for p in points]
    t_min, t_max = min(times), max(times)
    v_min, v_max = value_range if value_range else (min(p.value for p in points), max(p.value for p in points))
    result = []
    for t, point in zip(times, points, strict=True):
        x = box.left + (box.width * (t - t_min) / (t_max - t_min) if t_max > t_min else box.width / 2)
        if v_max > v_min:
            y = box.bottom - box.height * (point.value - v_min) / (v_max - v_min)
        else:
            y = box.top + box.height / 2
        result.append((x, y))
    return result


def _n(value: Decimal) -> str:
    """A coordinate with one decimal, no exponent ("12.5", "-0.0" → "0.0")."""
    text = f"{value.quantize(Decimal('0.1')):f}"
    return "0.0" if text == "-0.0" else text


def line_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    description: str,
    format_value: Callable[[Decimal], str] = str,
    format_date: Callable[[dt.date | dt.datetime], str] = lambda d: d.isoformat()[:10],
    format_last: Callable[[Decimal], str] | None = None,
    empty_text: str = "No data",
    width: int = 720,
    height: int = 280,
    css_class: str = "chart",
) -> SafeString:
    """An accessible inline SVG line chart (role="img", <title>, <desc>) of `points` in time order.

    `format_value` labels the value axis; `format_last` (default: the same) the highlighted last value.
    """
    uid = f"chart{next(_ids)}"
    points = sorted(points, key=lambda p: _ordinal(p.at))
    w, h = Decimal(width), Decimal(height)
    # Room for value labels at the start, date labels below, the last value's label above.
    box = Box(left=Decimal(92), top=Decimal(20), width=w - Decimal(116), height=h - Decimal(64))
    out = [
        f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'direction="ltr" data-points="{len(points)}">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
    ]
    if not points:
        out.append(f'<rect class="chart__frame" x="{_n(box.left)}" y="{_n(box.top)}" width="{_n(box.width)}" '
                   f'height="{_n(box.height)}" fill="none" stroke="#d4cfc3" stroke-dasharray="4 4"/>')
        out.append(f'<text class="chart__empty" x="{_n(box.left + box.width / 2)}" y="{_n(box.top + box.height / 2)}" '
                   f'text-anchor="middle" dominant-baseline="middle" fill="#66716d" font-size="15">'
                   f'{escape(empty_text)}</text>')
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308 — every piece of text above is escaped

    values = [p.value for p in points]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    coords = scale_points(points, box, value_range=(low, high))

    # Horizontal grid and value labels (the axis at the start side).
    out.append('<g class="chart__grid" stroke="#e7e3da" stroke-width="1">')
    for tick in ticks:
        y = box.bottom - box.height * (tick - low) / (high - low)
        out.append(f'<line x1="{_n(box.left)}" y1="{_n(y)}" x2="{_n(box.right)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append('<g class="chart__ylabels" fill="#66716d" font-size="12" text-anchor="end">')
    for tick in ticks:
        y = box.bottom - box.height * (tick - low) / (high - low)
        out.append(f'<text x="{_n(box.left - 8)}" y="{_n(y)}" dominant-baseline="middle">'
                   f'{escape(format_value(tick))}</text>')
    out.append("</g>")

    # Axes.
    out.append(f'<path class="chart__axis" d="M{_n(box.left)} {_n(box.top)}V{_n(box.bottom)}H{_n(box.right)}" '
               f'fill="none" stroke="#a9a394" stroke-width="1"/>')

    # Date labels: first, last and up to three between, never overlapping.
    indexes = sorted({0, len(points) - 1, *(round(i * (len(points) - 1) / 4) for i in range(1, 4))})
    out.append('<g class="chart__xlabels" fill="#66716d" font-size="12" text-anchor="middle">')
    last_x = None
    for i in indexes:
        x = coords[i][0]
        if last_x is not None and x - last_x < 70:
            continue
        out.append(f'<line x1="{_n(x)}" y1="{_n(box.bottom)}" x2="{_n(x)}" y2="{_n(box.bottom + 5)}" '
                   f'stroke="#a9a394"/>')
        out.append(f'<text x="{_n(x)}" y="{_n(box.bottom + 22)}">{escape(format_date(points[i].at))}</text>')
        last_x = x
    out.append("</g>")

    # The series: a soft area and the line.
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
    if len(coords) > 1:
        area = (f"M{_n(coords[0][0])} {_n(box.bottom)}L" + "L".join(f"{_n(x)} {_n(y)}" for x, y in coords)
                + f"L{_n(coords[-1][0])} {_n(box.bottom)}Z")
        out.append(f'<path class="chart__area" d="{area}" fill="#b8913a" fill-opacity="0.12"/>')
        out.append(f'<polyline class="chart__line" points="{line}" fill="none" stroke="#14614a" stroke-width="2.5" '
                   f'stroke-linejoin="round" stroke-linecap="round"/>')

    # The last value, highlighted and labelled.
    x, y = coords[-1]
    label = escape((format_last or format_value)(points[-1].value))
    anchor = "end" if x > box.left + box.width / 2 else "start"
    dx = Decimal(-10) if anchor == "end" else Decimal(10)
    out.append(f'<g class="chart__last"><circle cx="{_n(x)}" cy="{_n(y)}" r="5.5" fill="#b8913a" stroke="#fff" '
               f'stroke-width="2"/>'
               f'<text x="{_n(x + dx)}" y="{_n(max(y - 12, box.top + 12))}" text-anchor="{anchor}" font-size="13" '
               f'font-weight="700" fill="#0b3b2e">{label}</text></g>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every piece of text above is escaped

"""The inline SVG chart: points land where they should, edge cases draw something sensible."""

import datetime as dt
import re
from decimal import Decimal

from gembazaar.pricing.charts import Box, ChartPoint, line_chart, nice_ticks, scale_points

BOX = Box(left=Decimal(100), top=Decimal(10), width=Decimal(400), height=Decimal(200))


def day(n: int) -> dt.date:
    return dt.date(2026, 11, 1) + dt.timedelta(days=n)


def test_points_span_the_box_oldest_left_highest_top():
    points = [ChartPoint(day(0), Decimal(100)), ChartPoint(day(5), Decimal(150)), ChartPoint(day(10), Decimal(200))]
    assert scale_points(points, BOX) == [
        (Decimal(100), Decimal(210)), (Decimal(300), Decimal(110)), (Decimal(500), Decimal(10))]


def test_x_follows_time_not_the_index_of_the_point():
    # A missing day leaves a gap: the third point is at 3/4 of the width, not 2/2.
    points = [ChartPoint(day(0), Decimal(1)), ChartPoint(day(1), Decimal(2)), ChartPoint(day(4), Decimal(3))]
    xs = [x for x, _y in scale_points(points, BOX)]
    assert xs == [Decimal(100), Decimal(200), Decimal(500)]


def test_a_value_range_wider_than_the_data_keeps_points_inside():
    points = [ChartPoint(day(0), Decimal(240)), ChartPoint(day(1), Decimal(260))]
    (_, y0), (_, y1) = scale_points(points, BOX, value_range=(Decimal(200), Decimal(300)))
    assert y0 == Decimal(210) - Decimal(200) * Decimal("0.4")
    assert y1 == Decimal(210) - Decimal(200) * Decimal("0.6")


def test_one_point_and_a_flat_series_sit_in_the_middle():
    assert scale_points([ChartPoint(day(0), Decimal(5))], BOX) == [(Decimal(300), Decimal(110))]
    flat = scale_points([ChartPoint(day(0), Decimal(5)), ChartPoint(day(3), Decimal(5))], BOX)
    assert [y for _x, y in flat] == [Decimal(110), Decimal(110)]


def test_datetimes_with_a_time_zone_scale_by_the_second():
    tz = dt.UTC
    points = [ChartPoint(dt.datetime(2026, 11, 1, 0, tzinfo=tz), Decimal(1)),
              ChartPoint(dt.datetime(2026, 11, 1, 6, tzinfo=tz), Decimal(1)),
              ChartPoint(dt.datetime(2026, 11, 2, 0, tzinfo=tz), Decimal(1))]
    assert [x for x, _y in scale_points(points, BOX)] == [Decimal(100), Decimal(200), Decimal(500)]


def test_ticks_are_round_and_cover_the_data():
    ticks = nice_ticks(Decimal("240100"), Decimal("251300"))
    assert ticks == [Decimal(240000), Decimal(245000), Decimal(250000), Decimal(255000)]
    assert all("E" not in str(t) for t in ticks)
    small = nice_ticks(Decimal("0.0012"), Decimal("0.0019"))
    assert small[0] <= Decimal("0.0012") and small[-1] >= Decimal("0.0019")


def test_ticks_for_a_single_value_make_a_band_that_stays_positive():
    ticks = nice_ticks(Decimal(5), Decimal(5))
    assert ticks[0] < Decimal(5) < ticks[-1]
    assert nice_ticks(Decimal(0), Decimal(0))[0] == 0


def test_the_svg_is_accessible_and_highlights_the_last_value():
    points = [ChartPoint(day(i), Decimal(1000 + i * 10)) for i in range(30)]
    svg = str(line_chart(points, title="Gold 24K per tola", description="30 days, PKR",
                         format_value=lambda v: f"Rs {v:,}"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    match = re.search(r'aria-labelledby="(\S+) (\S+)"', svg)
    assert f'<title id="{match.group(1)}">Gold 24K per tola</title>' in svg
    assert f'<desc id="{match.group(2)}">30 days, PKR</desc>' in svg
    assert 'role="img"' in svg and 'direction="ltr"' in svg
    assert svg.count("<polyline") == 1
    assert len(re.search(r'<polyline[^>]* points="([^"]+)"', svg).group(1).split()) == 30
    last = re.search(r'<g class="chart__last"><circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert float(last.group(1)) == 696.0  # the right end of the plot: the newest value
    assert "Rs 1,290" in svg  # its label
    assert "2026-11-01" in svg and "2026-11-30" in svg  # first and last dates on the axis


def test_text_is_escaped():
    svg = str(line_chart([ChartPoint(day(0), Decimal(1))], title="<script>", description="a & b",
                         format_value=lambda v: "<b>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg and "<b>" not in svg


def test_an_empty_history_says_so():
    svg = str(line_chart([], title="Silver", description="none", empty_text="No rates yet"))
    assert "No rates yet" in svg and "<polyline" not in svg and 'data-points="0"' in svg


def test_one_point_draws_a_dot_without_a_line():
    svg = str(line_chart([ChartPoint(day(0), Decimal("245000"))], title="t", description="d"))
    assert "<polyline" not in svg and "<circle" in svg and 'data-points="1"' in svg


def test_two_charts_on_one_page_have_distinct_ids():
    a = str(line_chart([], title="a", description="a"))
    b = str(line_chart([], title="b", description="b"))
    ids = lambda svg: re.search(r'aria-labelledby="([^"]+)"', svg).group(1)  # noqa: E731
    assert ids(a) != ids(b)

"""The harness of benchmarks/reports.py: its arguments, its periods and its table. No timing
is asserted; the measurements themselves are made at full size (benchmarks/RESULTS.md)."""

import argparse
import datetime
import sys

import pytest

from benchmarks import reports


def test_the_defaults_time_the_report_and_export_100000_rows_and_all():
    args = reports.parse_args([])
    assert args.iterations == 20
    assert args.sizes == [100_000, None]
    assert args.via == "view" and args.only is None and args.write is None
    assert args.child is False


def test_sizes_are_numbers_of_rows_or_all():
    assert reports.parse_sizes("1000, 250_000,ALL") == [1000, 250_000, None]
    for bad in ("0", "-5", "lots", "100,,all", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            reports.parse_sizes(bad)


@pytest.mark.parametrize(
    "argv",
    [
        ["--iterations", "0"],
        ["--iterations", "many"],
        ["--sizes", "none"],
        ["--only", "charts"],
        ["--via", "email"],
        ["--child-export", "x"],
    ],
)
def test_bad_arguments_stop_with_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        reports.parse_args(argv)
    assert stopped.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_the_child_export_takes_one_size():
    assert reports.parse_args(["--child-export", "all"]).child_export is None
    args = reports.parse_args(["--child-export", "5000", "--via", "function"])
    assert (args.child, args.child_export, args.via) == (True, 5000, "function")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 12, 6), (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))),
        (datetime.date(2026, 10, 1), (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))),
        (datetime.date(2026, 9, 30), (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))),
        (datetime.date(2027, 1, 1), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
        (datetime.date(2026, 3, 31), (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))),
    ],
)
def test_the_last_complete_quarter_ends_before_today(today, expected):
    start, end, label = reports.last_complete_quarter(today)
    assert (start, end) == expected
    assert label == f"{start:%-d %B} to {end:%-d %B %Y}"


def _timing(name, seconds, queries):
    return reports.Timing(name, seconds=list(seconds), queries=list(queries))


def test_a_timing_gives_median_p95_and_the_query_count():
    timing = _timing("Report", [0.1 * n for n in range(1, 21)], [12] * 20)
    assert timing.median == pytest.approx(1.05)
    assert timing.p95 == pytest.approx(1.9)
    assert timing.query_count == "12" and timing.met
    assert _timing("Report", [2.5], [12]).met is False
    assert _timing("Report", [1, 1], [12, 14]).query_count == "12–14"


def test_the_table_says_which_parts_could_not_run():
    text = reports.table(
        reports.Unavailable("report", "build_report is not in this code."),
        reports.Unavailable("export", "mail_log_lines is not in this code."),
    )
    assert "**Not measured: report.** build_report is not in this code." in text
    assert "**Not measured: export.** mail_log_lines is not in this code." in text
    assert "|" not in text  # no table, so no numbers


def test_the_table_of_measurements():
    report = [
        _timing("Report, 1 July to 30 September 2026: Housing", [0.5, 0.7, 0.6], [14] * 3),
        _timing("Page /reports/", [2.5, 2.6, 3.0], [20] * 3),
        reports.Unavailable("report page", "GET /reports/ answered 403"),
    ]
    export = [
        reports.ExportRun(
            size=100_000,
            rows=100_412,
            seconds=6.0,
            peak_kb=120 * 1024,
            before_kb=100 * 1024,
            start="2026-06-01",
            end="2026-12-06",
        ),
        reports.ExportRun(
            size=None,
            rows=1_000_313,
            seconds=61.0,
            peak_kb=124 * 1024,
            before_kb=100 * 1024,
            start="2016-11-20",
            end="2026-12-06",
        ),
    ]
    lines = reports.table(report, export).splitlines()
    assert (
        "| Report, 1 July to 30 September 2026: Housing | 0.600 | 0.700 | 14 | < 2 s | yes |"
        in (lines)
    )
    assert "| Page /reports/ | 2.600 | 3.000 | 20 | < 2 s | **no** |" in lines
    assert "| report page: not measured. GET /reports/ answered 403 | | | | | |" in lines
    assert (
        "| 100,000 rows asked | 2026-06-01 to 2026-12-06 | 100,412 | 6.0 | 16,735 | 120 | 100 "
        "|  |  |" in lines
    )
    assert (
        "| all contacts | 2016-11-20 to 2026-12-06 | 1,000,313 | 61.0 | 16,399 | 124 | 100 "
        "| < 60 s | **no** |" in lines
    )
    assert lines[-1] == (
        "Peak memory from 100,412 to 1,000,313 rows: 120 MB to 124 MB, a difference of +4 MB."
    )


def test_without_the_report_code_the_harness_says_so(monkeypatch, db):
    monkeypatch.setitem(sys.modules, "screens.reports.figures", None)
    missing = reports.report_timings(1, datetime.date(2026, 12, 6))
    assert isinstance(missing, reports.Unavailable)
    assert "screens.reports.figures.build_report is not in this code" in missing.reason


def test_without_the_mail_log_the_harness_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "screens.logs.csv", None)
    missing = reports.export_runs([1000], "function")
    assert isinstance(missing, reports.Unavailable)
    assert "mail_log_lines" in missing.reason

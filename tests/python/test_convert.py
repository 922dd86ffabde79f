"""pinsheet.convert: the CLI's job from Python — the same file, the same counts, the same
messages (as Python exceptions)."""

import shutil

import openpyxl
import pytest

import pinsheet
from links import ROWS
from pathlib import Path

LIBREOFFICE = Path(__file__).resolve().parents[1] / "fixtures" / "libreoffice"


def cells(path):
    """Every sheet's values, as openpyxl reads them."""
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


@pytest.mark.parametrize("name", ["links.xlsx", "links.ods", "links.xls", "links.csv"])
def test_the_same_workbook_as_the_cli(cli, tmp_path, name):
    source = tmp_path / name
    shutil.copy(LIBREOFFICE / name, source)
    by_cli = cli("convert", source, "-o", tmp_path / "cli.xlsx")
    assert by_cli.returncode == 0, by_cli.stderr
    report = pinsheet.convert(source, tmp_path / "py.xlsx")
    assert cells(tmp_path / "py.xlsx") == cells(tmp_path / "cli.xlsx")
    # The CLI's closing lines, word for word (its first names the paths it was given).
    assert by_cli.stderr.strip().splitlines()[-1] == report.lines[-1]
    stats = report.stats[0]
    assert stats["rows"] == len(ROWS)
    assert stats["with_coordinates"] == sum(1 for row in ROWS if row[2] is not None)
    assert stats["needs_resolver"] == sum(1 for row in ROWS if "needs resolver" in row[4])
    assert report.output == tmp_path / "py.xlsx" and report.columns == ("B",)


def test_output_kinds_default_name_and_choices(tmp_path):
    source = tmp_path / "links.xlsx"
    shutil.copy(LIBREOFFICE / "links.xlsx", source)
    report = pinsheet.convert(str(source))
    assert report.output == tmp_path / "links.coordinates.xlsx" and report.output.exists()
    csv = pinsheet.convert(source, tmp_path / "out.csv", column="Link", placement="end", header=True)
    header = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith("Latitude,Longitude,Coordinate source") and csv.columns == ("B",)
    geojson = pinsheet.convert(source, tmp_path / "out.geojson")
    assert '"FeatureCollection"' in geojson.output.read_text()
    kept = pinsheet.convert(source, tmp_path / "kept.xlsx", keep_formatting=True)
    assert kept.note is None and "Latitude" in cells(kept.output)[report.sheet][0]


def test_errors_carry_the_clis_messages(cli, tmp_path):
    missing = tmp_path / "missing.xlsx"
    with pytest.raises(pinsheet.ReadError) as error:
        pinsheet.convert(missing)
    assert str(error.value) == cli("convert", missing).stderr.strip().removeprefix("pinsheet: ")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(pinsheet.ReadError) as error:
        pinsheet.convert(junk)
    assert str(error.value) == cli("convert", junk).stderr.strip().removeprefix("pinsheet: ")
    assert isinstance(error.value, pinsheet.Error)

    source = tmp_path / "links.xlsx"
    shutil.copy(LIBREOFFICE / "links.xlsx", source)
    for args, kwargs in [(["--sheet", "Nope"], {"sheet": "Nope"}), (["--column", "Nope"], {"column": "Nope"})]:
        with pytest.raises(ValueError) as error:
            pinsheet.convert(source, **kwargs)
        assert str(error.value) == cli("convert", source, *args).stderr.strip().removeprefix("pinsheet: ")
    with pytest.raises(ValueError, match="keep_formatting=True works on .xlsx and .xlsm files only"):
        pinsheet.convert(LIBREOFFICE / "links.csv", tmp_path / "x.xlsx", keep_formatting=True)
    with pytest.raises(ValueError, match="placement"):
        pinsheet.convert(source, placement="middle")
    with pytest.raises(ValueError, match="latitude"):
        pinsheet.convert(source, near=(100, 0))
    with pytest.raises(pinsheet.Error, match="no-such-dir"):
        pinsheet.convert(source, tmp_path / "no-such-dir" / "out.xlsx")


def test_hostile_files_are_read_errors_not_crashes(tmp_path):
    hostile = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
    for path in sorted(hostile.iterdir()):
        with pytest.raises(pinsheet.ReadError):
            pinsheet.convert(path, tmp_path / "out.xlsx")

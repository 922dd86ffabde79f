"""The CLI on workbooks that other programs wrote (openpyxl, LibreOffice), read back with
openpyxl: every original cell survives and the appended cells are right."""

import csv
import datetime as dt

import openpyxl
import pytest
from conftest import FIXTURES
from links import HEADER, ROWS, other_columns

NEW = ["Latitude", "Longitude", "Coordinate source"]


def expected_new_cells(row):
    _name, _link, lat, lon, source = row
    return [lat, lon, source]


def values(path, sheet=None):
    book = openpyxl.load_workbook(path, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def check_converted(rows, original_width, at_end=False):
    """New columns after the link column B (the default), or after the last column."""
    first_new = original_width if at_end else 2
    assert rows[0][:first_new] + rows[0][first_new + 3 :] == HEADER
    assert rows[0][first_new : first_new + 3] == NEW
    assert len(rows) == len(ROWS) + 1
    for got, row in zip(rows[1:], ROWS):
        assert got[0] == row[0] and got[1] == row[1], got
        assert got[first_new : first_new + 3] == expected_new_cells(row), row[0]


def original_cells(row, at_end=False):
    """A converted row without its three new cells."""
    return row if at_end else row[:2] + row[5:]


@pytest.fixture()
def openpyxl_workbook(tmp_path):
    """A workbook openpyxl wrote: links in column B, numbers, real dates, booleans, a blank
    row, and a second sheet that must come back untouched."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Places"
    ws.append(HEADER)
    for i, (name, link, *_rest) in enumerate(ROWS):
        visits, since, active = other_columns(i)
        ws.append([name, link, visits, dt.datetime.fromisoformat(since), active])
    notes = book.create_sheet("Notes")
    notes["A1"] = "kept as is"
    notes["C3"] = 3.25
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)
    return path


def test_openpyxl_workbook_keeps_every_cell_and_gains_coordinates(pinsheet, openpyxl_workbook, tmp_path):
    out = tmp_path / "out.xlsx"
    result = pinsheet("convert", openpyxl_workbook, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "16 rows: 11 with coordinates (3 low confidence), 2 need the resolver, 3 without coordinates" in result.stderr

    before = values(openpyxl_workbook, "Places")
    after = values(out, "Places")
    for old, new in zip(before, after):
        assert original_cells(new) == old  # numbers, dates and booleans keep their values and types
    check_converted(after, len(HEADER))
    assert isinstance(after[1][6], dt.datetime)
    assert values(out, "Notes") == values(openpyxl_workbook, "Notes")

    at_end = tmp_path / "at-end.xlsx"
    assert pinsheet("convert", openpyxl_workbook, "--new-columns", "end", "-o", at_end).returncode == 0
    check_converted(values(at_end, "Places"), len(HEADER), at_end=True)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_libreoffice_files(pinsheet, kind, tmp_path):
    out = tmp_path / "out.xlsx"
    result = pinsheet("convert", FIXTURES / "libreoffice" / f"links.{kind}", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = values(out)
    check_converted(rows, len(HEADER))
    for got, (i, _row) in zip(rows[1:], enumerate(ROWS)):
        visits, since, active = other_columns(i)
        assert got[5] == visits and got[7] == active
        assert got[6] == dt.datetime.fromisoformat(since), "dates stay dates (LibreOffice writes yyyy\\-mm\\-dd)"


def test_csv_to_csv_and_default_output_name(pinsheet, tmp_path):
    source = tmp_path / "links.csv"
    source.write_bytes((FIXTURES / "libreoffice" / "links.csv").read_bytes())
    result = pinsheet("convert", source, "-o", tmp_path / "out.csv")
    assert result.returncode == 0, result.stderr
    # A UTF-8 input comes back UTF-8 with the byte-order mark Excel needs to read it so.
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER[:2] + NEW + HEADER[2:]
    for got, row in zip(rows[1:], ROWS):
        lat, lon = row[2], row[3]
        assert got[2:5] == ["" if lat is None else str(lat), "" if lon is None else str(lon), row[4]]

    result = pinsheet("convert", source)
    assert result.returncode == 0, result.stderr
    check_converted(values(tmp_path / "links.coordinates.xlsx"), len(HEADER))


def test_column_by_header_or_letter_and_sheet_by_name(pinsheet, openpyxl_workbook, tmp_path):
    for column in ["Link", "link", "B"]:
        out = tmp_path / f"{column}.xlsx"
        assert pinsheet("convert", openpyxl_workbook, "--sheet", "Places", "--column", column, "-o", out).returncode == 0
        check_converted(values(out, "Places"), len(HEADER))
    out = tmp_path / "name.xlsx"
    assert pinsheet("convert", openpyxl_workbook, "--column", "A", "-o", out).returncode == 0
    assert {r[3] for r in values(out, "Places")[1:]} == {"no coordinates"}


def test_extract_reads_lines_and_writes_json_lines():
    import json
    import subprocess

    from conftest import pinsheet_path

    lines = [
        "41°24'12.2\"N 2°10'26.5\"E",
        "https://yandex.ru/maps/?pt=30.335429,59.944869&z=18",
        "https://maps.app.goo.gl/abc",
        "9G8F+6X Zürich",
        "geo:0,0",
        "not a place",
    ]
    result = subprocess.run(
        [pinsheet_path(), "extract", "--near", "47.4,8.5"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["input"] for o in out] == lines
    assert list(out[0]) == ["input", "lat", "lon", "provenance", "confidence"]
    assert (out[0]["lat"], out[0]["lon"], out[0]["confidence"]) == (41.4033889, 2.1740278, "high")
    assert (out[1]["lat"], out[1]["lon"], out[1]["provenance"]) == (59.944869, 30.335429, "Yandex Maps: place pin")
    assert out[2] == {"input": lines[2], "lat": None, "lon": None, "status": "short link — needs resolver"}
    assert (out[3]["lat"], out[3]["lon"]) == (47.3655625, 8.5249375)
    assert out[4]["confidence"] == "low" and "null island" in out[4]["provenance"]
    assert out[5]["status"] == "no coordinates"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is a PNG image, not a spreadsheet."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF document, not a spreadsheet."),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00xl/workbook.xml", "The file is damaged: its zip index is missing."),
        (b'{"name": "a package.json", "version": "1.0"}', "not a Google Takeout saved-places file or GeoJSON"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_1(pinsheet, tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = pinsheet("convert", path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "panicked" not in result.stderr


def test_missing_file_sheet_and_column_are_explained(pinsheet, openpyxl_workbook):
    result = pinsheet("convert", "/no/such/file.xlsx")
    assert result.returncode == 1 and "No such file" in result.stderr
    result = pinsheet("convert", openpyxl_workbook, "--sheet", "Nope")
    assert result.returncode == 1 and "'Places', 'Notes'" in result.stderr
    result = pinsheet("convert", openpyxl_workbook, "--column", "Nope!")
    assert result.returncode == 1 and "no column 'Nope!'" in result.stderr


def test_hostile_workbooks_get_one_line_and_no_crash(pinsheet, tmp_path):
    result = pinsheet("convert", FIXTURES / "hostile" / "sst-bomb.xlsx", "-o", tmp_path / "out.xlsx")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "built to crash spreadsheet readers" in result.stderr

    far = tmp_path / "far.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "https://maps.google.com/?q=1.5,2.5"
    book.active["XFD1048576"] = "far away"
    book.save(far)
    for out in ["out.xlsx", "out.csv"]:
        result = pinsheet("convert", far, "-o", tmp_path / out)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and "pinsheet:" in result.stderr, result.stderr


def test_map_formats_parse_and_carry_the_points(pinsheet, tmp_path):
    import json
    import xml.etree.ElementTree as ET

    source = FIXTURES / "libreoffice" / "links.xlsx"
    with_points = [row for row in ROWS if row[2] is not None]
    assert pinsheet("convert", source, "-o", tmp_path / "out.geojson").returncode == 0
    geojson = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection" and len(geojson["features"]) == len(ROWS)
    first = geojson["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [ROWS[0][3], ROWS[0][2]]}
    assert first["properties"]["Name"] == ROWS[0][0] and first["properties"]["row"] == 2

    assert pinsheet("convert", source, "-o", tmp_path / "out.kml").returncode == 0
    kml = ET.parse(tmp_path / "out.kml").getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = kml.findall(".//k:Placemark", ns)
    assert len(placemarks) == len(with_points)
    assert placemarks[0].find("k:Point/k:coordinates", ns).text == f"{ROWS[0][3]},{ROWS[0][2]}"

    assert pinsheet("convert", source, "-o", tmp_path / "out.gpx").returncode == 0
    gpx = ET.parse(tmp_path / "out.gpx").getroot()
    waypoints = gpx.findall("{http://www.topografix.com/GPX/1/1}wpt")
    assert len(waypoints) == len(with_points)
    assert (float(waypoints[0].get("lat")), float(waypoints[0].get("lon"))) == (ROWS[0][2], ROWS[0][3])


def test_links_behind_cells_formulas_and_merges_survive(pinsheet, tmp_path):
    """A cell showing "Map" whose hyperlink or HYPERLINK() formula is the map link; a formula
    pointing past the link column; a merged title; a frozen, filtered header."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Stops"
    ws.append(["Stop", "Where", "Crates", "Double"])
    ws.append(["Depot", "Map", 4, "=C2*2"])
    ws["B2"].hyperlink = "https://www.google.com/maps/place/Depot/@1,2,17z/data=!3d48.8583701!4d2.2944813"
    ws.append(["Shop", '=HYPERLINK("https://maps.google.com/?q=-33.8568,151.2153","Map")', 5, "=C3*2"])
    ws.append(["Total", None, "=SUM(C2:C3)", None])
    ws.merge_cells("A6:D6")
    ws["A6"] = "Merged note"
    source = tmp_path / "behind.xlsx"
    book.save(source)
    out = tmp_path / "out.xlsx"
    result = pinsheet("convert", source, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "4 rows: 2 with coordinates" in result.stderr, result.stderr
    formulas = openpyxl.load_workbook(out)["Stops"]
    assert [c.value for c in formulas[1]] == ["Stop", "Where", "Latitude", "Longitude", "Coordinate source", "Crates", "Double"]
    assert (formulas["C2"].value, formulas["D2"].value) == (48.8583701, 2.2944813)
    assert (formulas["C3"].value, formulas["D3"].value) == (-33.8568, 151.2153)
    assert formulas["G2"].value == "=F2*2" and formulas["F4"].value == "=SUM(F2:F3)"
    assert formulas["B2"].value == "Map" and formulas["B2"].hyperlink.target.startswith("https://www.google.com/maps/place/Depot")
    assert formulas["B3"].value.startswith('=HYPERLINK("https://maps.google.com/?q=-33.8568')
    assert [str(r) for r in formulas.merged_cells.ranges] == ["A6:G6"]
    assert formulas.freeze_panes == "A2" and formulas.auto_filter.ref == "A1:G6"


def test_every_hostile_file_gets_a_clear_answer_in_bounded_time_and_memory(pinsheet, tmp_path):
    """tests/fixtures/make_hostile.py's files: each is refused with one line naming the
    problem (exit 1) or, when it is odd but valid, converted (exit 0) — never a crash, an
    abort or a hang, with 3 GB of address space and 20 s each."""
    import json
    import resource
    import subprocess
    import sys

    from conftest import pinsheet_path

    folder = tmp_path / "hostile"
    subprocess.run([sys.executable, FIXTURES / "make_hostile.py", folder], check=True, capture_output=True)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest) >= 50

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    wrong = []
    for name, expect in sorted(manifest.items()):
        result = subprocess.run(
            [pinsheet_path(), "convert", folder / name, "-o", tmp_path / "out.xlsx"],
            capture_output=True, text=True, timeout=20, preexec_fn=limit,
        )
        lines = result.stderr.strip().splitlines()
        if expect == "read":
            ok = result.returncode == 0
        else:
            ok = (result.returncode == 1 and len(lines) == 1 and lines[0].startswith("pinsheet: ")
                  and "the reader failed" not in lines[0] and "panicked" not in result.stderr)
        if not ok:
            wrong.append((name, expect, result.returncode, result.stderr[-300:]))
    assert not wrong, wrong


def zip_parts(path):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {info.filename: (z.read(info.filename), info.CRC, info.compress_size) for info in z.infolist()}


@pytest.mark.parametrize("writer", ["libreoffice", "openpyxl", "rust_xlsxwriter"])
def test_keep_formatting_patches_the_original_package(pinsheet, openpyxl_workbook, tmp_path, writer):
    """--keep-formatting: the new columns appear after the last used column and every other
    part of the package (styles, theme, other sheets…) is byte for byte the original's."""
    from openpyxl.styles import Font, PatternFill

    if writer == "libreoffice":
        source = FIXTURES / "libreoffice" / "links.xlsx"
    elif writer == "openpyxl":
        book = openpyxl.load_workbook(openpyxl_workbook)
        ws = book["Places"]
        ws["A1"].font = Font(bold=True, color="FF0000")
        ws["B2"].fill = PatternFill("solid", fgColor="FFFF00")
        ws.column_dimensions["B"].width = 60
        source = tmp_path / "styled.xlsx"
        book.save(source)
    else:
        source = tmp_path / "ours.xlsx"
        assert pinsheet("convert", FIXTURES / "libreoffice" / "links.csv", "-o", source).returncode == 0

    out = tmp_path / "kept.xlsx"
    result = pinsheet("convert", source, "--keep-formatting", "-o", out)
    assert result.returncode == 0, result.stderr
    before, after = zip_parts(source), zip_parts(out)
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and changed[0].startswith("xl/worksheets/"), changed

    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    original = [list(r) for r in openpyxl.load_workbook(source).worksheets[0].iter_rows(values_only=True)]
    width = len(original[0])
    for got, old in zip(rows, original):
        assert got[:width] == old
    for got, row in zip(rows[1:], ROWS):
        assert got[width : width + 3] == expected_new_cells(row), row[0]
    if writer == "openpyxl":
        assert ws["A1"].font.bold and ws["A1"].font.color.rgb == "00FF0000"
        assert ws["B2"].fill.fgColor.rgb == "00FFFF00"
        assert ws.column_dimensions["B"].width == 60
        assert book["Notes"]["A1"].value == "kept as is"


def test_keep_formatting_needs_an_xlsx(pinsheet, tmp_path):
    result = pinsheet("convert", FIXTURES / "libreoffice" / "links.ods", "--keep-formatting", "-o", tmp_path / "x.xlsx")
    assert result.returncode == 1 and "works on .xlsx and .xlsm files only" in result.stderr


def test_several_link_columns_each_get_their_own_columns(pinsheet, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Trip", "Pickup", "Drop-off", "Fare"])
    ws.append(["t1", "https://maps.google.com/?q=48.8583701,2.2944813", "geo:51.5007,-0.1246", 12.5])
    ws.append(["t2", "https://maps.app.goo.gl/abc", "40.6892, -74.0445", 30])
    source = tmp_path / "trips.xlsx"
    book.save(source)
    out = tmp_path / "out.xlsx"
    result = pinsheet("convert", source, "--column", "Pickup", "--column", "C", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "columns B, C" in result.stderr and "\nC: 2 rows: 2 with coordinates" in result.stderr, result.stderr
    rows = values(out)
    assert rows[0] == ["Trip", "Pickup", *NEW, "Drop-off", "Latitude (Drop-off)", "Longitude (Drop-off)",
                       "Coordinate source (Drop-off)", "Fare"]
    assert rows[1][2:4] == [48.8583701, 2.2944813] and rows[1][6:8] == [51.5007, -0.1246]
    assert rows[2][4] == "short link — needs resolver" and rows[2][6:8] == [40.6892, -74.0445]
    assert rows[1][9] == 12.5

    kept = tmp_path / "kept.xlsx"
    assert pinsheet("convert", source, "--column", "B", "--column", "C", "--keep-formatting", "-o", kept).returncode == 0
    assert values(kept)[0][4:] == [*NEW, "Latitude (Drop-off)", "Longitude (Drop-off)", "Coordinate source (Drop-off)"]


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_libreoffice_links_behind_cells_and_merges(pinsheet, kind, tmp_path):
    """LibreOffice's own files: "Map" cells with the link behind them (.ods: text:a; .xls:
    HLINK records with URL monikers), merged cells kept."""
    out = tmp_path / "out.xlsx"
    result = pinsheet("convert", FIXTURES / "libreoffice" / f"behind.{kind}", "--column", "B", "-o", out)
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(out).active
    assert [str(r) for r in ws.merged_cells.ranges] == ["A5:F5"]
    assert ws["A5"].value == "A merged note"
    assert (ws["C2"].value, ws["D2"].value) == (48.8583701, 2.2944813)
    assert (ws["C3"].value, ws["D3"].value) == (-33.8568, 151.2153)
    assert ws["B2"].hyperlink.target.startswith("https://www.google.com/maps/place/Depot")


def test_uncached_hyperlink_formulas_from_openpyxl(pinsheet, tmp_path):
    """openpyxl saves HYPERLINK() without a result: the links are read, every writer keeps the
    formula, and the cell shows the label (what HYPERLINK returns), not 0."""
    source = FIXTURES / "openpyxl" / "uncached.xlsx"
    for args, lat in [((), "C"), (("--keep-formatting",), "D")]:
        out = tmp_path / f"out{len(args)}.xlsx"
        result = pinsheet("convert", source, "--sheet", "Stops", *args, "-o", out)
        assert result.returncode == 0, result.stderr
        assert "4 rows: 2 with coordinates (0 low confidence), 1 need the resolver" in result.stderr, result.stderr
        formulas = openpyxl.load_workbook(out)["Stops"]
        assert formulas["B3"].value == '=HYPERLINK("geo:-33.8568,151.2153","Map")'
        assert formulas["B5"].value.startswith('=HYPERLINK("https://maps.app.goo.gl/')
        lon = chr(ord(lat) + 1)
        assert (formulas[f"{lat}3"].value, formulas[f"{lon}3"].value) == (-33.8568, 151.2153)
        assert (formulas[f"{lat}2"].value, formulas[f"{lon}2"].value) == (48.8583701, 2.2944813)
    shown = openpyxl.load_workbook(tmp_path / "out0.xlsx", data_only=True)["Stops"]
    assert shown["B3"].value == "Map"


def test_a_plain_header_over_linked_labels_is_a_header(pinsheet, tmp_path):
    out = tmp_path / "labels.xlsx"
    result = pinsheet("convert", FIXTURES / "openpyxl" / "uncached.xlsx", "--sheet", "Labels", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = values(out, "Labels")
    assert rows[0] == ["Name", "Map", *NEW]
    assert rows[1][2:4] == [48.8583701, 2.2944813]
    out = tmp_path / "no-header.xlsx"
    assert pinsheet("convert", FIXTURES / "openpyxl" / "uncached.xlsx", "--sheet", "NoHeader", "-o", out).returncode == 0
    assert values(out, "NoHeader")[0][2:4] == [48.8583701, 2.2944813], "row 1 is data"


def test_google_takeout_saved_places_json(pinsheet, tmp_path):
    """Takeout's Saved Places.json (written from Google's documented shape): one row per place,
    its own point first, [0, 0] left to the link, a cid= link pending for the resolver."""
    source = tmp_path / "Saved Places.json"
    source.write_bytes((FIXTURES / "takeout" / "Saved Places.json").read_bytes())
    result = pinsheet("convert", source)
    assert result.returncode == 0, result.stderr
    assert "3 rows: 2 with coordinates (0 low confidence), 1 need the resolver" in result.stderr, result.stderr
    rows = values(tmp_path / "Saved Places.coordinates.xlsx")
    assert rows[0] == ["Title", "Address", "Country code", "Google Maps URL", *NEW, "Date", "Comment"]
    assert rows[1][:1] + rows[1][4:7] == ["Tour Eiffel", 48.8583701, 2.2944813, "Google Takeout: saved point"]
    assert rows[2][4:7] == [None, None, "place id only — needs resolver"]
    assert rows[3][4:7] == [-33.8568, 151.2153, "Google Maps: typed coordinates"]
    assert pinsheet("convert", source, "-o", tmp_path / "places.csv").returncode == 0
    with open(tmp_path / "places.csv", newline="", encoding="utf-8-sig") as f:
        got = list(csv.reader(f))
    assert got[1][4:7] == ["48.8583701", "2.2944813", "Google Takeout: saved point"]
    result = pinsheet("convert", source, "--keep-formatting")
    assert result.returncode == 1 and "--keep-formatting works on .xlsx" in result.stderr

//! `pinsheet._pinsheet`, the extension module under the `pinsheet` Python package
//! (crates/python/python/pinsheet): pinsheet-core's extractor over Arrow arrays, and the CLI's
//! convert and resolve jobs (pinsheet-cli's library), so Python gets the CLI's answers and
//! messages. Arrow comes in and goes out through the Arrow PyCapsule interface (pyo3-arrow):
//! the texts are read where pyarrow, Polars or DuckDB keep them, never copied per row.

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Float64Array, StringArray, StructArray};
use arrow_schema::{DataType, Field, Fields};
use pinsheet_cli::{resolve as resolving, Choice, Failure, Resolved};
use pinsheet_core::{extract_with, Confidence, Coordinate, Extraction, Options, Placement, Source};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyArray;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pyo3::create_exception!(
    pinsheet,
    Error,
    PyException,
    "pinsheet could not do what was asked; the message says why, in the CLI's words."
);
pyo3::create_exception!(
    pinsheet,
    ReadError,
    Error,
    "The input file could not be read: missing, not a spreadsheet, damaged or refused as hostile."
);

/// Rows below which one thread does the work: a thread costs more than it saves.
const ROWS_PER_THREAD: usize = 10_000;

/// The struct fields every extraction has, in order (README's "Python" section lists them).
fn point_fields() -> Vec<Field> {
    let text = |name: &str| Field::new(name, DataType::Utf8, true);
    vec![
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        text("status"),
        text("source"),
        text("confidence"),
        text("service"),
        text("form"),
        text("datum"),
    ]
}

/// …and the three a resolving adds.
fn resolution_fields() -> Vec<Field> {
    ["resolved", "final_url", "message"].iter().map(|name| Field::new(*name, DataType::Utf8, true)).collect()
}

/// An Arrow column of texts, in any of Arrow's string layouts; a null is an empty cell.
enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl Texts<'_> {
    fn len(&self) -> usize {
        match self {
            Texts::Utf8(a) => a.len(),
            Texts::Large(a) => a.len(),
            Texts::View(a) => a.len(),
        }
    }

    fn get(&self, i: usize) -> &str {
        match self {
            Texts::Utf8(a) if a.is_valid(i) => a.value(i),
            Texts::Large(a) if a.is_valid(i) => a.value(i),
            Texts::View(a) if a.is_valid(i) => a.value(i),
            _ => "",
        }
    }
}

/// The column as text: string layouts as they are; a dictionary, numbers, booleans or a null
/// column cast to strings by arrow-cast (`48.5`, `true`); bytes refused.
fn as_text(array: ArrayRef) -> PyResult<ArrayRef> {
    match array.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(array),
        // Bytes have no one text: their encoding is the caller's to know.
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => {
            Err(PyTypeError::new_err(
                "pinsheet reads text: a column of bytes cannot be read as text; decode it first",
            ))
        }
        other => arrow_cast::cast(&array, &DataType::Utf8).map_err(|_| {
            PyTypeError::new_err(format!("pinsheet reads text: a column of {other} cannot be read as text"))
        }),
    }
}

fn texts(array: &ArrayRef) -> Texts<'_> {
    match array.data_type() {
        DataType::LargeUtf8 => Texts::Large(array.as_string::<i64>()),
        DataType::Utf8View => Texts::View(array.as_string_view()),
        _ => Texts::Utf8(array.as_string::<i32>()),
    }
}

/// One cell's extraction; a reader that panics (a bug) gives "no coordinates" for that cell
/// only, never a lost batch.
fn extract_one(text: &str, options: &Options) -> Extraction {
    std::panic::catch_unwind(|| extract_with(text, options))
        .unwrap_or(Extraction { coordinate: None, source: Source::NoCoordinates })
}

/// Every text's extraction, in order, on up to `threads` threads.
fn extract_all(texts: &Texts<'_>, options: &Options, threads: usize) -> Vec<Extraction> {
    let n = texts.len();
    let threads = threads.min(n / ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return (0..n).map(|i| extract_one(texts.get(i), options)).collect();
    }
    let size = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads)
            .map(|k| {
                let rows = k * size..((k + 1) * size).min(n);
                scope.spawn(move || rows.map(|i| extract_one(texts.get(i), options)).collect::<Vec<_>>())
            })
            .collect();
        let mut all = Vec::with_capacity(n);
        for part in parts {
            // extract_one catches the readers' panics; one here would be a bug of this loop.
            all.extend(part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        all
    })
}

/// The `service`, `form` and `datum` of a source.
fn parts(source: Source) -> (Option<&'static str>, Option<&'static str>, Option<&'static str>) {
    match source {
        Source::Found(p) => (Some(p.service.name()), Some(p.form.name()), p.converted_from.map(|d| d.name())),
        Source::ShortLink(s)
        | Source::PlaceIdOnly(s)
        | Source::LinkWithoutCoordinates(s)
        | Source::DeadLink(s)
        | Source::NotAMapLink(s) => (Some(s.name()), None, None),
        _ => (None, None, None),
    }
}

/// What every row of one kind (one source, at null island or not) says: made once per kind.
struct Words {
    status: &'static str,
    source: String,
    confidence: Option<&'static str>,
    service: Option<&'static str>,
    form: Option<&'static str>,
    datum: Option<&'static str>,
}

impl Words {
    fn of(e: &Extraction) -> Words {
        let (service, form, datum) = parts(e.source);
        Words {
            status: e.status().label(),
            source: e.describe().into_owned(),
            confidence: e.confidence().map(|c| match c {
                Confidence::High => "high",
                Confidence::Low => "low",
            }),
            service,
            form,
            datum,
        }
    }
}

/// One text field over the rows, its buffers sized once.
fn text_column<'a>(
    kinds: &[usize],
    words: &'a [Words],
    field: impl Fn(&'a Words) -> Option<&'a str>,
) -> ArrayRef {
    let text = |kind: usize| words.get(kind).and_then(&field);
    let bytes = kinds.iter().map(|&kind| text(kind).map_or(0, str::len)).sum();
    let mut column = StringBuilder::with_capacity(kinds.len(), bytes);
    for &kind in kinds {
        column.append_option(text(kind));
    }
    Arc::new(column.finish())
}

/// The extractions as the struct array of `point_fields` (+ `resolution_fields` when the
/// answers are given).
fn to_struct(
    extractions: &[Extraction],
    answers: Option<&[Option<pinsheet_cli::Resolution>]>,
) -> StructArray {
    // A column holds a few dozen kinds of rows at most: each kind's words are made once.
    let mut index: HashMap<(Source, bool), usize> = HashMap::new();
    let mut words: Vec<Words> = Vec::new();
    let kinds: Vec<usize> = extractions
        .iter()
        .map(|e| {
            *index.entry((e.source, e.is_null_island())).or_insert_with(|| {
                words.push(Words::of(e));
                words.len() - 1
            })
        })
        .collect();
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(extractions.iter().map(|e| e.coordinate.map(|c| c.lat())).collect::<Float64Array>()),
        Arc::new(extractions.iter().map(|e| e.coordinate.map(|c| c.lon())).collect::<Float64Array>()),
        text_column(&kinds, &words, |w| Some(w.status)),
        text_column(&kinds, &words, |w| Some(w.source.as_str())),
        text_column(&kinds, &words, |w| w.confidence),
        text_column(&kinds, &words, |w| w.service),
        text_column(&kinds, &words, |w| w.form),
        text_column(&kinds, &words, |w| w.datum),
    ];
    let mut fields = point_fields();
    if let Some(answers) = answers {
        let status = |a: &pinsheet_cli::Resolution| {
            serde_json::to_value(a.status).ok().and_then(|v| v.as_str().map(str::to_string))
        };
        columns.push(Arc::new(answers.iter().map(|a| a.as_ref().and_then(status)).collect::<StringArray>()));
        columns.push(Arc::new(
            answers.iter().map(|a| a.as_ref().and_then(|a| a.final_url.as_deref())).collect::<StringArray>(),
        ));
        columns.push(Arc::new(
            answers.iter().map(|a| a.as_ref().and_then(|a| a.message.as_deref())).collect::<StringArray>(),
        ));
        fields.extend(resolution_fields());
    }
    StructArray::new(Fields::from(fields), columns, None)
}

/// The reference point: `(lat, lon)` or the text `"lat,lng"`.
fn near_point(near: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Coordinate>> {
    let Some(near) = near.filter(|n| !n.is_none()) else {
        return Ok(None);
    };
    if let Ok(text) = near.cast::<PyString>() {
        return pinsheet_cli::parse_near(&text.to_cow()?).map(Some).map_err(PyValueError::new_err);
    }
    let point: Vec<f64> = near.extract().map_err(|_| {
        PyValueError::new_err("give the reference point as (lat, lon) or \"lat,lng\", in decimal degrees")
    })?;
    let [lat, lon] = point[..] else {
        return Err(PyValueError::new_err("give the reference point as two numbers: (lat, lon)"));
    };
    Coordinate::new(lat, lon)
        .map(Some)
        .ok_or_else(|| PyValueError::new_err("latitude must be -90…90, longitude -180…180"))
}

/// The resolving options, checked: the resolver's address (in the Python argument's words;
/// the CLI names its option) and the concurrency.
fn resolving_options(
    resolver: Option<String>,
    cache: Option<PathBuf>,
    concurrency: usize,
    progress: bool,
) -> PyResult<resolving::Options> {
    if let Some(base) = &resolver {
        resolving::check_address(base).map_err(|_| {
            PyValueError::new_err(format!(
                "resolver='{base}': give the resolver's address, such as 'http://127.0.0.1:8787'"
            ))
        })?;
    }
    if !(1..=64).contains(&concurrency) {
        return Err(PyValueError::new_err("concurrency must be 1…64"));
    }
    Ok(resolving::Options::new(resolver, cache, concurrency, progress))
}

fn threads(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8))).max(1)
}

fn export<'py>(py: Python<'py>, array: StructArray) -> PyResult<Bound<'py, PyAny>> {
    let field = Field::new("point", array.data_type().clone(), false);
    // As pyo3-arrow's `to_pyarrow`, without keeping a borrow of the array: pyarrow imports
    // it through `__arrow_c_array__`, zero-copy.
    let array = PyArray::new(Arc::new(array), Arc::new(field)).into_pyobject(py)?;
    py.import(pyo3::intern!(py, "pyarrow"))?.getattr(pyo3::intern!(py, "array"))?.call1((array,))
}

/// The chunks of `values` as text columns.
fn chunks(values: AnyArray) -> PyResult<Vec<ArrayRef>> {
    let (chunks, _) = values.into_chunked_array()?.into_inner();
    chunks.into_iter().map(as_text).collect()
}

/// Extracts each text's point: one pyarrow StructArray per chunk of `values`.
#[pyfunction]
#[pyo3(signature = (values, near=None, threads=None))]
fn extract<'py>(
    py: Python<'py>,
    values: AnyArray,
    near: Option<&Bound<'py, PyAny>>,
    threads: Option<usize>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let options = Options { near: near_point(near)? };
    let chunks = chunks(values)?;
    let threads = self::threads(threads);
    let arrays = py.detach(|| {
        chunks
            .iter()
            .map(|chunk| to_struct(&extract_all(&texts(chunk), &options, threads), None))
            .collect::<Vec<_>>()
    });
    arrays.into_iter().map(|array| export(py, array)).collect()
}

/// Extracts, then resolves the distinct short links and place links (each once) and merges
/// the points found: one pyarrow StructArray per chunk, with `resolved`, `final_url`, `message`.
#[pyfunction]
#[pyo3(signature = (values, near=None, resolver=None, cache=None, concurrency=8, progress=false))]
fn resolve<'py>(
    py: Python<'py>,
    values: AnyArray,
    near: Option<&Bound<'py, PyAny>>,
    resolver: Option<String>,
    cache: Option<PathBuf>,
    concurrency: usize,
    progress: bool,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let near = near_point(near)?;
    let options = resolving_options(resolver, cache, concurrency, progress)?;
    let chunks = chunks(values)?;
    let arrays = py.detach(|| {
        let columns: Vec<Texts<'_>> = chunks.iter().map(texts).collect();
        let all: Vec<&str> = columns.iter().flat_map(|t| (0..t.len()).map(move |i| t.get(i))).collect();
        let (results, _summary) = pinsheet_cli::extract_resolved(&all, near, &options)?;
        let mut results = results.into_iter();
        let arrays = columns
            .iter()
            .map(|column| {
                let part: Vec<Resolved> = results.by_ref().take(column.len()).collect();
                let extractions: Vec<Extraction> = part.iter().map(|r| r.extraction).collect();
                let answers: Vec<_> = part.into_iter().map(|r| r.answer).collect();
                to_struct(&extractions, Some(&answers))
            })
            .collect::<Vec<_>>();
        Ok::<_, String>(arrays)
    });
    let arrays = arrays.map_err(Error::new_err)?;
    arrays.into_iter().map(|array| export(py, array)).collect()
}

/// The CLI's `pinsheet convert`: a workbook in, the workbook with Latitude, Longitude and
/// Coordinate source columns out. Returns what the CLI prints, as a dict.
#[pyfunction]
#[pyo3(signature = (
    input, output=None, sheet=None, columns=Vec::new(), near=None, placement="after-link",
    header=None, keep_formatting=false, resolve=false, resolver=None, cache=None, concurrency=8,
    progress=false,
))]
#[allow(clippy::too_many_arguments)]
fn convert<'py>(
    py: Python<'py>,
    input: PathBuf,
    output: Option<PathBuf>,
    sheet: Option<String>,
    columns: Vec<String>,
    near: Option<&Bound<'py, PyAny>>,
    placement: &str,
    header: Option<bool>,
    keep_formatting: bool,
    resolve: bool,
    resolver: Option<String>,
    cache: Option<PathBuf>,
    concurrency: usize,
    progress: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let near = near_point(near)?;
    let placement = match placement {
        "after-link" => Placement::AfterLink,
        "end" => Placement::AtEnd,
        other => {
            return Err(PyValueError::new_err(format!(
                "placement is \"after-link\" or \"end\", not {other:?}"
            )))
        }
    };
    let wanted = resolve || resolver.is_some();
    let resolving = wanted.then_some(resolving_options(resolver, cache, concurrency, progress)?);
    let report = py.detach(|| {
        let choice = Choice {
            sheet: sheet.as_deref(),
            columns: &columns,
            near,
            placement,
            header,
            keep_formatting,
            resolving,
            progress,
        };
        std::panic::catch_unwind(|| pinsheet_cli::convert(&input, output.as_deref(), &choice)).unwrap_or_else(
            |_| {
                Err(Failure::Read(format!(
                    "{}: the file could not be read (the reader failed on it)",
                    input.display()
                )))
            },
        )
    });
    let report = report.map_err(|failure| match failure {
        Failure::Read(message) => ReadError::new_err(message),
        Failure::Choice(message) => PyValueError::new_err(message),
        Failure::KeepFormattingNeedsXlsx(path) => PyValueError::new_err(format!(
            "{}: keep_formatting=True works on .xlsx and .xlsm files only",
            path.display()
        )),
        other => Error::new_err(other.to_string()),
    })?;
    let dict = PyDict::new(py);
    dict.set_item("output", &report.output)?;
    dict.set_item("sheet", &report.sheet)?;
    dict.set_item("columns", &report.columns)?;
    let stats = report
        .stats
        .iter()
        .map(|s| {
            let d = PyDict::new(py);
            d.set_item("rows", s.rows)?;
            d.set_item("with_coordinates", s.with_coordinates)?;
            d.set_item("low_confidence", s.low_confidence)?;
            d.set_item("needs_resolver", s.needs_resolver)?;
            d.set_item("needs_reference", s.needs_reference)?;
            d.set_item("no_coordinates", s.no_coordinates)?;
            Ok(d)
        })
        .collect::<PyResult<Vec<_>>>()?;
    dict.set_item("stats", stats)?;
    dict.set_item("note", &report.note)?;
    dict.set_item("resolved", &report.resolved)?;
    dict.set_item("lines", report.lines(&input))?;
    Ok(dict)
}

/// The cache file resolving uses when none is named, if this system has a cache directory.
#[pyfunction]
fn default_cache_path() -> Option<PathBuf> {
    resolving::default_cache_path()
}

#[pymodule]
fn _pinsheet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(default_cache_path, m)?)?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("ReadError", m.py().get_type::<ReadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

//! What a file that is not a spreadsheet seems to be, told by its first bytes (or, for a zip
//! or an OLE2 container, the names inside it), so the person hears "a PDF document" rather
//! than "not a spreadsheet", and what to do with it.

use std::io::{Cursor, Read};
use zip::ZipArchive;

/// A kind of file people choose by mistake for a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtherFile {
    /// A PNG image (`89 50 4E 47 0D 0A 1A 0A`, PNG specification §5.2).
    Png,
    /// A JPEG image (`FF D8 FF`, ITU T.81 SOI marker then a segment marker).
    Jpeg,
    /// A GIF image (`GIF87a` / `GIF89a`).
    Gif,
    /// A WebP image (`RIFF` … `WEBP`, RFC 9649 §2.5).
    WebP,
    /// A PDF document (`%PDF-` then the version, ISO 32000-1 §7.5.2).
    Pdf,
    /// A zip archive holding no workbook (`PK 03 04`, APPNOTE.TXT §4.3.7).
    Zip,
    /// A Word document: .docx (a zip with `word/document.xml`) or .doc (an OLE2 file with a
    /// `WordDocument` stream).
    Word,
    /// A PowerPoint presentation: .pptx (`ppt/presentation.xml`) or .ppt (a `PowerPoint
    /// Document` stream).
    PowerPoint,
    /// An OpenDocument text (.odt): its `mimetype` part (ODF 1.2 Part 3, §3.3).
    OdfText,
    /// An OpenDocument presentation (.odp).
    OdfPresentation,
    /// An Apple Numbers, Pages or Keynote file: a zip with `Index/Document.iwa`.
    Iwork,
    /// A web page (WHATWG MIME Sniffing §7.1: `<!DOCTYPE HTML`, `<HTML`, `<HEAD`, `<BODY`…)
    /// — often what a failed download leaves behind.
    Html,
    /// A gzip file (`1F 8B`, RFC 1952 §2.3.1).
    Gzip,
    /// A 7z archive (`37 7A BC AF 27 1C`).
    SevenZip,
    /// A RAR archive (`Rar!` `1A 07`).
    Rar,
}

impl OtherFile {
    /// The kind in words, with its article: "a PDF document".
    pub fn noun(self) -> &'static str {
        match self {
            OtherFile::Png => "a PNG image",
            OtherFile::Jpeg => "a JPEG image",
            OtherFile::Gif => "a GIF image",
            OtherFile::WebP => "a WebP image",
            OtherFile::Pdf => "a PDF document",
            OtherFile::Zip => "a zip archive",
            OtherFile::Word => "a Word document",
            OtherFile::PowerPoint => "a PowerPoint presentation",
            OtherFile::OdfText => "an OpenDocument text document",
            OtherFile::OdfPresentation => "an OpenDocument presentation",
            OtherFile::Iwork => "an Apple Numbers, Pages or Keynote file",
            OtherFile::Html => "a web page",
            OtherFile::Gzip => "a gzip archive",
            OtherFile::SevenZip => "a 7z archive",
            OtherFile::Rar => "a RAR archive",
        }
    }

    /// What to do instead, as a person would do it.
    pub fn advice(self) -> &'static str {
        match self {
            OtherFile::Png | OtherFile::Jpeg | OtherFile::Gif | OtherFile::WebP => {
                "A picture of a table holds no cells to read: choose the spreadsheet it was taken from, or type the table into one and save it as .xlsx or .csv."
            }
            OtherFile::Pdf => "Open it, export the table as .xlsx or .csv, and choose that.",
            OtherFile::Word | OtherFile::PowerPoint | OtherFile::OdfText | OtherFile::OdfPresentation => {
                "Copy its table into Excel, LibreOffice Calc or Google Sheets, save it as .xlsx or .csv, and choose that."
            }
            OtherFile::Iwork => {
                "In Numbers, choose File › Export To › Excel… (or CSV…), and choose the exported file."
            }
            OtherFile::Html => {
                "If it came from a download link, the download may have failed: download the file again. A table on a web page can be copied into a spreadsheet and saved as .xlsx or .csv."
            }
            OtherFile::Zip | OtherFile::Gzip | OtherFile::SevenZip | OtherFile::Rar => {
                "Unpack it and choose the spreadsheet inside."
            }
        }
    }
}

/// What `bytes` are by their first bytes, for the kinds that are not zip or OLE2 containers;
/// None for anything else (a spreadsheet, text).
pub(super) fn by_magic(bytes: &[u8]) -> Option<OtherFile> {
    const MAGIC: &[(&[u8], OtherFile)] = &[
        (b"\x89PNG\r\n\x1a\n", OtherFile::Png),
        (b"\xFF\xD8\xFF", OtherFile::Jpeg),
        (b"GIF87a", OtherFile::Gif),
        (b"GIF89a", OtherFile::Gif),
        (b"\x1F\x8B", OtherFile::Gzip),
        (b"7z\xBC\xAF\x27\x1C", OtherFile::SevenZip),
        (b"Rar!\x1A\x07", OtherFile::Rar),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(*kind);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(OtherFile::WebP);
    }
    // A version follows the dash: "%PDF-1.7", "%PDF-2.0". A CSV whose first cell only
    // mentions PDF is text.
    if bytes.starts_with(b"%PDF-") && bytes.get(5).is_some_and(u8::is_ascii_digit) {
        return Some(OtherFile::Pdf);
    }
    is_html(bytes).then_some(OtherFile::Html)
}

/// True for text that starts, after a byte-order mark and white space, with one of the tags
/// the MIME Sniffing standard takes for HTML, followed by a space or `>`.
fn is_html(bytes: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<title", b"<!--"];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = bytes.get(start..).unwrap_or_default();
    TAGS.iter().any(|tag| {
        head.get(..tag.len()).is_some_and(|h| h.eq_ignore_ascii_case(tag))
            && (tag == b"<!--" || head.get(tag.len()).is_some_and(|b| *b == b'>' || b.is_ascii_whitespace()))
    })
}

/// What a zip package that holds no workbook is, by the names in its directory.
pub(super) fn zip(archive: &mut ZipArchive<Cursor<&[u8]>>) -> OtherFile {
    if archive.index_for_name("word/document.xml").is_some() {
        return OtherFile::Word;
    }
    if archive.index_for_name("ppt/presentation.xml").is_some() {
        return OtherFile::PowerPoint;
    }
    if archive.index_for_name("Index/Document.iwa").is_some() {
        return OtherFile::Iwork;
    }
    let mut mimetype = Vec::new();
    if let Ok(entry) = archive.by_name("mimetype") {
        // Only the head: the part's size is checked, its contents are not trusted.
        let _ = entry.take(256).read_to_end(&mut mimetype);
    }
    if mimetype.starts_with(b"application/vnd.oasis.opendocument.text") {
        OtherFile::OdfText
    } else if mimetype.starts_with(b"application/vnd.oasis.opendocument.presentation") {
        OtherFile::OdfPresentation
    } else {
        OtherFile::Zip
    }
}

/// What an OLE2 file is when it is a Word or PowerPoint 97–2003 file, by its main stream's
/// name (MS-DOC §2.1.1, MS-PPT §2.1.2), looked for in the directory's UTF-16 names.
pub(super) fn ole2(bytes: &[u8]) -> Option<OtherFile> {
    let has = |name: &str| memchr::memmem::find(bytes, &super::guard::utf16(name)).is_some();
    // A workbook may embed a document; its own stream says it is a workbook.
    if has("Workbook") || has("Book\0") {
        None
    } else if has("WordDocument") {
        Some(OtherFile::Word)
    } else if has("PowerPoint Document") {
        Some(OtherFile::PowerPoint)
    } else {
        None
    }
}

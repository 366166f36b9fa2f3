//! Delimited text files: the encoding detected and decoded to UTF-8, the delimiter sniffed.
//!
//! UTF-8 (with or without a byte-order mark) is read as it is, without a copy. UTF-16 (Excel's
//! "Unicode text", with or without a mark) and Windows-1252 (what older Excel versions save as
//! "CSV") are decoded with `encoding_rs`.

use std::fmt;

use super::source::Source;

/// How a text file was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8WithBom,
    /// UTF-16, little-endian (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (Western European), detected because the bytes are not valid UTF-8.
    Windows1252,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8WithBom => "UTF-8 with byte-order mark",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

/// A file's text as UTF-8 bytes, starting at `start` (after any byte-order mark).
pub(super) struct Decoded {
    /// UTF-8 bytes.
    pub bytes: Vec<u8>,
    /// Where the text starts.
    pub start: usize,
    /// The encoding the file was in.
    pub encoding: Encoding,
}

/// Decode a text file's bytes to UTF-8.
pub(super) fn decode(bytes: Vec<u8>) -> Decoded {
    let utf16 = |bytes: &[u8], encoding: &'static encoding_rs::Encoding| {
        encoding.decode_without_bom_handling(bytes).0.into_owned().into_bytes()
    };
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => Decoded { bytes, start: 3, encoding: Encoding::Utf8WithBom },
        [0xFF, 0xFE, rest @ ..] => {
            Decoded { bytes: utf16(rest, encoding_rs::UTF_16LE), start: 0, encoding: Encoding::Utf16Le }
        }
        [0xFE, 0xFF, rest @ ..] => {
            Decoded { bytes: utf16(rest, encoding_rs::UTF_16BE), start: 0, encoding: Encoding::Utf16Be }
        }
        _ => match utf16_without_mark(&bytes) {
            Some(Encoding::Utf16Le) => {
                Decoded { bytes: utf16(&bytes, encoding_rs::UTF_16LE), start: 0, encoding: Encoding::Utf16Le }
            }
            Some(_) => Decoded { bytes: utf16(&bytes, encoding_rs::UTF_16BE), start: 0, encoding: Encoding::Utf16Be },
            None if std::str::from_utf8(&bytes).is_ok() => Decoded { bytes, start: 0, encoding: Encoding::Utf8 },
            None => {
                let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes).0.into_owned();
                Decoded { bytes: text.into_bytes(), start: 0, encoding: Encoding::Windows1252 }
            }
        },
    }
}

/// The rows of a delimited text table, each located at the line it starts on.
///
/// The csv reader's own line count is one short after every CRLF line end (the `\n` of a `\r\n`
/// is only counted when the next record begins), so lines are counted here from the byte offset
/// of each record: every `\n`, and every `\r` not followed by one (old Mac line ends, which the
/// csv reader accepts too), in the bytes before it.
pub(super) struct TextRows {
    reader: csv::Reader<Source>,
    /// Where the reader started in the file (after a byte-order mark).
    start: u64,
    /// The line ends counted so far, up to the file's byte `counted`.
    counted: u64,
    line: usize,
}

impl TextRows {
    /// Rows read by `reader` from its source, which starts at the file's byte `start`.
    pub(super) fn new(reader: csv::Reader<Source>, start: usize) -> Box<TextRows> {
        Box::new(TextRows { reader, start: start as u64, counted: 0, line: 1 })
    }

    /// Read the next record, its position set to the line it starts on; `Ok(false)` after the
    /// last. An error's line is returned with it.
    pub(super) fn read(&mut self, record: &mut csv::StringRecord) -> Result<bool, (csv::Error, Option<usize>)> {
        match self.reader.read_record(record) {
            Ok(false) => Ok(false),
            Ok(true) => {
                if let Some(mut position) = record.position().cloned() {
                    position.set_line(self.line_at(position.byte()) as u64);
                    record.set_position(Some(position));
                }
                Ok(true)
            }
            Err(error) => {
                let line = error.position().map(|p| self.line_at(p.byte()));
                Err((error, line))
            }
        }
    }

    /// About how many records the text holds, judging by the `records` read so far, the last of
    /// which began at `byte`.
    pub(super) fn estimated_records(&self, records: usize, byte: u64) -> usize {
        let text = self.reader.get_ref().end().saturating_sub(self.start);
        if records == 0 || byte == 0 {
            return records;
        }
        (text as f64 / (byte as f64 / records as f64)).min(usize::MAX as f64) as usize
    }

    /// The line of the record the reader began at `byte`: the reader's position is before the
    /// line ends (and blank lines) it passes over first, so those are skipped.
    fn line_at(&mut self, byte: u64) -> usize {
        let source = self.reader.get_ref();
        let (kept_from, bytes) = source.window();
        // Indices into `bytes`, the part of the file still held.
        let index = |offset: u64| usize::try_from(offset.saturating_sub(kept_from)).unwrap_or(usize::MAX);
        let mut at = index(self.start.saturating_add(byte)).min(bytes.len());
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let mut counted = index(self.counted).min(bytes.len());
        if at < counted {
            if !source.holds_everything() {
                // Bytes already passed are gone: only a row's own error can point back there.
                return self.line;
            }
            (counted, self.line) = (0, 1);
        }
        let passed = &bytes[counted..at];
        let mut ends = memchr::memchr_iter(b'\n', passed).count();
        // A `\r` not followed by `\n` ends a line too.
        if memchr::memchr(b'\r', passed).is_some() {
            let lone = |&i: &usize| bytes.get(counted + i + 1) != Some(&b'\n');
            ends += memchr::memchr_iter(b'\r', passed).filter(lone).count();
        }
        self.line += ends;
        self.counted = kept_from + at as u64;
        self.reader.get_mut().forget_before(self.counted);
        self.line
    }
}

/// Whether text without a byte-order mark looks like UTF-16, by its first bytes.
pub(super) fn is_utf16(bytes: &[u8]) -> bool {
    utf16_without_mark(bytes).is_some()
}

/// UTF-16 without a byte-order mark: text whose every other byte is mostly zero.
fn utf16_without_mark(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_at = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// The delimiter of a text table: whichever of `,`, `;` and tab occurs most outside quotes on
/// its first line (a comma when none does, or on a tie).
pub(super) fn sniff_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in text.iter().take(1 << 20) {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 { b',' } else { [b',', b'\t', b';'][best] }
}

/// A delimiter as a word, for `check`.
pub(super) fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, mark: bool) -> Vec<u8> {
        let mut bytes = if mark { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn encodings_are_detected_and_decoded() {
        let plain = decode(b"a,b\n1,2\n".to_vec());
        assert_eq!((plain.encoding, plain.start), (Encoding::Utf8, 0));
        let marked = decode(b"\xEF\xBB\xBFa,b\n".to_vec());
        assert_eq!((marked.encoding, &marked.bytes[marked.start..]), (Encoding::Utf8WithBom, &b"a,b\n"[..]));
        for mark in [true, false] {
            let wide = decode(utf16le("id\tZoë\n", mark));
            assert_eq!(wide.encoding, Encoding::Utf16Le);
            assert_eq!(String::from_utf8(wide.bytes).unwrap(), "id\tZoë\n");
        }
        let western = decode(b"id,name\n1,Zo\xEB\n".to_vec());
        assert_eq!(western.encoding, Encoding::Windows1252);
        assert_eq!(String::from_utf8(western.bytes).unwrap(), "id,name\n1,Zoë\n");
    }

    /// The line of every record of `text`, read as a table.
    fn lines(text: &str) -> Vec<usize> {
        let reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(Source::Whole(std::io::Cursor::new(text.as_bytes().to_vec())));
        let mut rows = TextRows::new(reader, 0);
        let mut record = csv::StringRecord::new();
        let mut lines = Vec::new();
        while rows.read(&mut record).unwrap() {
            lines.push(record.position().unwrap().line() as usize);
        }
        lines
    }

    #[test]
    fn lines_are_the_same_whatever_the_line_ends() {
        let lf = "a,b\n1,2\n\n3,4\n\"x\ny\",5\n6,7\n";
        assert_eq!(lines(lf), [1, 2, 4, 5, 7]);
        assert_eq!(lines(&lf.replace('\n', "\r\n")), [1, 2, 4, 5, 7]);
        assert_eq!(lines(&lf.replace('\n', "\r")), [1, 2, 4, 5, 7]);
        assert_eq!(lines("a\r\nb\nc\rd\r\n\r\ne"), [1, 2, 3, 4, 6]);
    }

    #[test]
    fn lines_count_from_after_a_byte_order_mark() {
        let bytes = b"\xEF\xBB\xBFa\r\n\r\nb\r\n".to_vec();
        let mut cursor = std::io::Cursor::new(bytes);
        cursor.set_position(3);
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(Source::Whole(cursor));
        let mut rows = TextRows::new(reader, 3);
        let mut record = csv::StringRecord::new();
        assert!(rows.read(&mut record).unwrap());
        assert_eq!(record.position().unwrap().line(), 1);
        assert!(rows.read(&mut record).unwrap());
        assert_eq!((record.position().unwrap().line(), &record[0]), (3, "b"));
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\t\"c,d,e,f\"\n"), b'\t');
        assert_eq!(sniff_delimiter(b"single\n1\n"), b',');
    }
}

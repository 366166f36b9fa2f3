//! Where a text table's bytes come from: the file itself, read as the rows are parsed, when it is
//! UTF-8; otherwise its text decoded in memory.
//!
//! A large UTF-8 file is never held whole: it is first read once through a small buffer to be
//! sure it is all UTF-8 (one stray byte makes the whole file Windows-1252, as when it is held),
//! then parsed from the start. Only the bytes since the row being read are kept, so that rows
//! can still be located by their line.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::text::{self, Decoded, Encoding};
use crate::files::{Kind, Refusal};
use crate::problem::Problem;

/// How much of a file is read before deciding how to read the rest: enough to sniff the
/// delimiter on the first line and to tell UTF-16 without a mark.
const HEAD_BYTES: usize = 1 << 20;

/// The piece in which a file is checked for UTF-8.
const CHECK_BYTES: usize = 1 << 18;

/// The bytes a text table's rows are parsed from.
pub(super) enum Source {
    /// The whole text, decoded to UTF-8 (small files, UTF-16, Windows-1252).
    Whole(io::Cursor<Vec<u8>>),
    /// UTF-8 read from the file as it is parsed.
    Streamed(Box<Streamed>),
}

/// A UTF-8 file being parsed, with the bytes read since the row being located.
pub(super) struct Streamed {
    file: io::Take<File>,
    /// Bytes read and not yet forgotten, from file offset `kept_from`.
    kept: Vec<u8>,
    kept_from: u64,
}

/// A text file opened for its rows.
pub(super) struct Opened {
    /// What the parser reads, positioned after any byte-order mark.
    pub source: Source,
    /// Where the text starts in the file (after a byte-order mark).
    pub start: usize,
    /// The encoding found.
    pub encoding: Encoding,
    /// The text's first bytes (up to a megabyte), for sniffing the delimiter.
    pub head: Vec<u8>,
}

impl Source {
    /// The bytes still held, and the offset (from the start of the file) of the first of them.
    pub fn window(&self) -> (u64, &[u8]) {
        match self {
            Source::Whole(cursor) => (0, cursor.get_ref()),
            Source::Streamed(streamed) => (streamed.kept_from, &streamed.kept),
        }
    }

    /// Every line before `offset` is counted: the bytes before it are no longer needed.
    pub fn forget_before(&mut self, offset: u64) {
        if let Source::Streamed(streamed) = self {
            let spent = usize::try_from(offset.saturating_sub(streamed.kept_from)).unwrap_or(usize::MAX);
            // Forgotten in large pieces, so that the kept bytes are seldom moved.
            if spent >= (1 << 16) && spent * 2 >= streamed.kept.len() {
                let spent = spent.min(streamed.kept.len());
                streamed.kept.drain(..spent);
                streamed.kept_from += spent as u64;
            }
        }
    }

    /// Where the text ends: the file offset after its last byte.
    pub fn end(&self) -> u64 {
        match self {
            Source::Whole(cursor) => cursor.get_ref().len() as u64,
            Source::Streamed(streamed) => streamed.kept_from + streamed.kept.len() as u64 + streamed.file.limit(),
        }
    }

    /// Whether bytes already passed are still there to count again.
    pub fn holds_everything(&self) -> bool {
        matches!(self, Source::Whole(_))
    }
}

impl Read for Source {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Whole(cursor) => cursor.read(buffer),
            Source::Streamed(streamed) => {
                let read = streamed.file.read(buffer)?;
                streamed.kept.extend_from_slice(&buffer[..read]);
                Ok(read)
            }
        }
    }
}

/// Open the text file `opened` (named `file` in messages): UTF-8 is streamed, anything else is
/// decoded whole. A spreadsheet saved under a text name is refused.
pub(super) fn open(mut opened: File, file: &str) -> Result<Opened, Problem> {
    let refused = |refusal: Refusal| refusal.problem(file);
    let cap = Kind::Table.cap();
    let mut head = Vec::with_capacity(HEAD_BYTES.min(opened.metadata().map_or(0, |m| m.len() as usize)) + 1);
    (&mut opened).take(HEAD_BYTES as u64).read_to_end(&mut head).map_err(|e| refused(e.into()))?;
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::in_file(file, "the file is a spreadsheet, but its name does not say so")
            .help("name it .xlsx (or .xls, .ods) as the program that saved it would, or export it as CSV"));
    }
    let utf8_like = !head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFE, 0xFF]) && !text::is_utf16(&head);
    let whole = |bytes: Vec<u8>| {
        let Decoded { bytes, start, encoding } = text::decode(bytes);
        let head = bytes[start..bytes.len().min(start + HEAD_BYTES)].to_vec();
        let mut cursor = io::Cursor::new(bytes);
        cursor.set_position(start as u64);
        Opened { source: Source::Whole(cursor), start, encoding, head }
    };
    if head.len() < HEAD_BYTES || !utf8_like {
        // All of it is here already, or it is to be decoded whole anyway.
        let mut bytes = head;
        (&mut opened).take(cap + 1 - bytes.len() as u64).read_to_end(&mut bytes).map_err(|e| refused(e.into()))?;
        if bytes.len() as u64 > cap {
            return Err(refused(Refusal::TooLarge(Kind::Table)));
        }
        return Ok(whole(bytes));
    }
    let Some(length) = utf8_length(&mut opened, &head, cap).map_err(refused)? else {
        // Not UTF-8: decoded whole, as Windows-1252.
        opened.seek(SeekFrom::Start(0)).map_err(|e| refused(e.into()))?;
        let mut bytes = Vec::new();
        (&mut opened).take(cap + 1).read_to_end(&mut bytes).map_err(|e| refused(e.into()))?;
        if bytes.len() as u64 > cap {
            return Err(refused(Refusal::TooLarge(Kind::Table)));
        }
        return Ok(whole(bytes));
    };
    let start = if head.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let encoding = if start == 3 { Encoding::Utf8WithBom } else { Encoding::Utf8 };
    opened.seek(SeekFrom::Start(start)).map_err(|e| refused(e.into()))?;
    // Only the bytes checked are parsed: a file that grows meanwhile is cut where it was checked.
    let file = opened.take(length - start);
    let streamed = Streamed { file, kept: Vec::new(), kept_from: start };
    head.drain(..start as usize);
    Ok(Opened { source: Source::Streamed(Box::new(streamed)), start: start as usize, encoding, head })
}

/// The length of the file whose first bytes are `head` and whose rest `file` is about to read,
/// if all of it is UTF-8; `None` if it is not. Larger than `cap` is refused.
fn utf8_length(file: &mut File, head: &[u8], cap: u64) -> Result<Option<u64>, Refusal> {
    let mut piece = vec![0; CHECK_BYTES];
    // The bytes of a character cut by the end of the last piece, carried into the next.
    let mut carried = match std::str::from_utf8(head) {
        Ok(_) => 0,
        Err(error) if error.error_len().is_none() => head.len() - error.valid_up_to(),
        Err(_) => return Ok(None),
    };
    piece[..carried].copy_from_slice(&head[head.len() - carried..]);
    let mut length = head.len() as u64;
    loop {
        let read = match file.read(&mut piece[carried..]) {
            Ok(0) => return Ok((carried == 0).then_some(length)),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error.into()),
        };
        length += read as u64;
        if length > cap {
            return Err(Refusal::TooLarge(Kind::Table));
        }
        let filled = carried + read;
        carried = match std::str::from_utf8(&piece[..filled]) {
            Ok(_) => 0,
            Err(error) if error.error_len().is_none() => filled - error.valid_up_to(),
            Err(_) => return Ok(None),
        };
        piece.copy_within(filled - carried..filled, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Table};
    use super::*;

    /// Each data row of the table in `bytes`, as (line, cells), and the encoding found.
    fn rows_of(bytes: &[u8]) -> (Vec<(usize, Vec<String>)>, Encoding) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("data.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut table = Table::open(&path, "data.csv", None).unwrap();
        let Format::Text { encoding, .. } = table.info().format else { panic!("not text") };
        let rows = table.read_all().unwrap();
        (rows.into_iter().map(|(line, r)| (line, r.iter().map(str::to_string).collect())).collect(), encoding)
    }

    /// A table of more than a megabyte (so it is streamed): quoted line breaks, blank lines and
    /// `ends` as the line end, with a character of three bytes that pieces of the check may cut.
    fn large(ends: &str) -> (Vec<u8>, Vec<(usize, Vec<String>)>) {
        let mut text = format!("id,quote{ends}");
        let mut expected = Vec::new();
        let mut line = 2;
        for i in 0..100_000 {
            if i % 1000 == 7 {
                text.push_str(ends);
                line += 1;
            }
            let quote = if i % 3 == 0 { format!("two{ends}lines €{i}") } else { format!("one line €{i}") };
            text.push_str(&format!("p{i},\"{quote}\"{ends}"));
            expected.push((line, vec![format!("p{i}"), quote.clone()]));
            line += 1 + quote.matches(ends).count();
        }
        assert!(text.len() > HEAD_BYTES + CHECK_BYTES, "{}", text.len());
        (text.into_bytes(), expected)
    }

    #[test]
    fn a_large_file_is_streamed_with_every_row_on_its_line_whatever_the_line_ends() {
        for ends in ["\n", "\r\n", "\r"] {
            let (bytes, expected) = large(ends);
            let (rows, encoding) = rows_of(&bytes);
            assert_eq!(encoding, Encoding::Utf8);
            assert!(rows == expected, "line ends {ends:?}: first rows {:?}", &rows[..3]);
            let mut marked = b"\xEF\xBB\xBF".to_vec();
            marked.extend(&bytes);
            let (rows, encoding) = rows_of(&marked);
            assert_eq!((encoding, rows == expected), (Encoding::Utf8WithBom, true), "{ends:?}");
        }
    }

    #[test]
    fn one_stray_byte_near_the_end_makes_a_large_file_windows_1252() {
        let (mut bytes, _) = large("\n");
        bytes.extend(b"last,Zo\xEB\n");
        let (rows, encoding) = rows_of(&bytes);
        assert_eq!(encoding, Encoding::Windows1252);
        let (_, last) = rows.last().unwrap();
        assert_eq!(last, &["last", "Zoë"]);
        // Read as Windows-1252 throughout, as when the file is held whole.
        assert_eq!(rows[0].1[1], "two\nlines â‚¬0");
    }

    #[test]
    fn a_character_cut_at_the_end_of_a_large_file_is_not_utf8() {
        let (mut bytes, _) = large("\n");
        bytes.extend(&"€".as_bytes()[..2]);
        assert_eq!(rows_of(&bytes).1, Encoding::Windows1252);
    }
}

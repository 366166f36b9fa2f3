//! A REFI-QDA 1.5 project written by the tests, and its CSV twin.
//!
//! Two sources: a diary held as a CRLF text file in `sources/` (participant from the source's
//! name, kind and week from variables) with an emoji and accented letters before its selections,
//! and a focus-group transcript held inline (participant from a case, kind from the name). The
//! code tree has two levels plus a third that folds into its subtheme; one selection carries two
//! codings. Positions can be written in any counting convention.

#![allow(dead_code)]

use std::io::{Cursor, Write};

/// How the fixture counts positions.
#[derive(Debug, Clone, Copy)]
pub struct Counting {
    /// UTF-16 code units instead of code points.
    pub utf16: bool,
    /// A CRLF counts as one position.
    pub crlf_as_one: bool,
    /// The `origin` written in the project.
    pub origin: &'static str,
}

/// The specification's counting (code points, CR and LF separately).
pub const SPEC: Counting = Counting { utf16: false, crlf_as_one: false, origin: "impact test fixture" };

pub const DIARY: &str =
    "Week two.\r\nI tried the breathing 😀 and felt calmer.\r\nMy inner critic was quieter – café calm.\r\n";
pub const FOCUS_GROUP: &str = "Speaker: Finding time is hard – the ward never stops. But breathing helps ✨ a lot.";

/// The codebook twin of the code tree.
pub const CODEBOOK_CSV: &str = "code,theme,subtheme,description\n\
settle,Settling,,Finding calm\n\
breath,Settling,Breathing,Slowing the breath\n\
count,Settling,Breathing,\n\
voice,Settling,Kinder voice,\n\
obstacles,Obstacles,,\n\
time,Obstacles,Finding time,\n";

/// The excerpts twin of the coded selections.
pub const EXCERPTS_CSV: &str = "participant_id,source,when,code,quote,exemplar\n\
P1,diary,2,breath,I tried the breathing 😀 and felt calmer.,n\n\
P1,diary,2,count,felt calmer,n\n\
P1,diary,2,voice,My inner critic was quieter,n\n\
P1,diary,2,settle,My inner critic was quieter,n\n\
P2,focus group,,time,Finding time is hard,n\n\
P2,focus group,,breath,breathing helps,n\n";

/// Code GUIDs (upper case and braced in places, as vendors write them).
pub const SETTLE: &str = "{6F1D3C2A-0000-4000-8000-000000000001}";
pub const BREATH: &str = "6f1d3c2a-0000-4000-8000-000000000002";
pub const COUNT: &str = "6F1D3C2A-0000-4000-8000-000000000003";
pub const VOICE: &str = "6f1d3c2a-0000-4000-8000-000000000004";
pub const OBSTACLES: &str = "6f1d3c2a-0000-4000-8000-000000000005";
pub const TIME: &str = "6f1d3c2a-0000-4000-8000-000000000006";
const DIARY_GUID: &str = "a0000000-0000-4000-8000-00000000000a";
const GROUP_GUID: &str = "b0000000-0000-4000-8000-00000000000b";

/// The position of `needle` in `text`, start and end, as `counting` counts.
pub fn span(text: &str, needle: &str, counting: Counting) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    let units = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        (0..chars.len())
            .map(|i| match chars[i] {
                '\r' if counting.crlf_as_one && chars.get(i + 1) == Some(&'\n') => 0,
                c if counting.utf16 => c.len_utf16(),
                _ => 1,
            })
            .sum::<usize>()
    };
    (units(&text[..at]), units(&text[..at]) + units(needle))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn selection(guid: &str, text: &str, needle: &str, codes: &[&str], counting: Counting) -> String {
    let (start, end) = span(text, needle, counting);
    let codings: String = codes
        .iter()
        .enumerate()
        .map(|(i, code)| format!("<Coding guid=\"{guid}-c{i}\"><CodeRef targetGUID=\"{code}\"/></Coding>"))
        .collect();
    format!(
        "<PlainTextSelection guid=\"{guid}\" name=\"\" startPosition=\"{start}\" endPosition=\"{end}\">{codings}</PlainTextSelection>"
    )
}

/// `project.qde`, with CRLF line ends.
pub fn project_xml(counting: Counting) -> String {
    let diary_selections = [
        selection("d1", DIARY, "I tried the breathing 😀 and felt calmer.", &[BREATH], counting),
        selection("d2", DIARY, "felt calmer", &[COUNT], counting),
        selection("d3", DIARY, "My inner critic was quieter", &[VOICE, SETTLE], counting),
    ]
    .join("\n");
    let group_selections = [
        selection("g1", FOCUS_GROUP, "Finding time is hard", &[TIME], counting),
        selection("g2", FOCUS_GROUP, "breathing helps", &[BREATH], counting),
    ]
    .join("\n");
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fixture" origin="{origin}">
<Users><User guid="u1" name="Tester"/></Users>
<CodeBook><Codes>
<Code guid="{SETTLE}" name="Settling" isCodable="true"><Description>Finding calm</Description>
  <Code guid="{BREATH}" name="Breathing" isCodable="true"><Description>Slowing the breath</Description>
    <Code guid="{COUNT}" name="Counting breaths" isCodable="true"/>
  </Code>
  <Code guid="{VOICE}" name="Kinder voice" isCodable="true"/>
</Code>
<Code guid="{OBSTACLES}" name="Obstacles" isCodable="false">
  <Code guid="{TIME}" name="Finding time" isCodable="true"/>
</Code>
</Codes></CodeBook>
<Variables>
<Variable guid="v1" name="Source" typeOfVariable="Text"/>
<Variable guid="v2" name="week" typeOfVariable="Integer"/>
</Variables>
<Cases>
<Case guid="k2" name="P2"><SourceRef targetGUID="{GROUP_GUID}"/></Case>
</Cases>
<Sources>
<TextSource guid="{DIARY_GUID}" name="P1" plainTextPath="internal://{DIARY_GUID}.txt">
{diary_selections}
<VariableValue><VariableRef targetGUID="v1"/><TextValue>Diary</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="v2"/><IntegerValue>2</IntegerValue></VariableValue>
</TextSource>
<TextSource guid="{GROUP_GUID}" name="Focus group transcript">
<PlainTextContent>{content}</PlainTextContent>
{group_selections}
</TextSource>
</Sources>
</Project>
"#,
        origin = counting.origin,
        content = escape(FOCUS_GROUP),
    );
    xml.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// The whole `.qdpx`: `project.qde` and the diary's text (with a BOM, as NVivo writes it).
pub fn qdpx(counting: Counting) -> Vec<u8> {
    let diary = format!("\u{feff}{DIARY}");
    zip(&[
        ("project.qde", project_xml(counting).into_bytes()),
        (&format!("sources/{DIARY_GUID}.txt"), diary.into_bytes()),
    ])
}

/// A zip of `entries`.
pub fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

//! The package's fixed parts: Word's own styles (so headings drive the navigation pane and a
//! table of contents), list numbering, the footer with page numbers, and the package's indexes.

use super::xml::escape;

/// The namespaces a part's root element declares.
pub const NAMESPACES: &str = concat!(
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" ",
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" ",
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" ",
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
);

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The body text's face. Word and LibreOffice both have it or a metric twin (Carlito).
const FONT: &str = "Calibri";

/// The template's accent as six hex digits, or a dark blue when it is not a `#rrggbb` colour (a
/// template's own value never reaches the XML unchecked).
pub fn accent_hex(accent: &str) -> String {
    let hex = accent.trim().trim_start_matches('#');
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        hex.to_ascii_uppercase()
    } else {
        "1F4E79".into()
    }
}

/// A paragraph style: id, Word's name for it, outline level (headings), paragraph and run
/// properties.
fn paragraph_style(id: &str, name: &str, outline: Option<u8>, ppr: &str, rpr: &str) -> String {
    let outline = outline.map_or(String::new(), |level| format!("<w:outlineLvl w:val=\"{level}\"/>"));
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}{outline}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

/// `word/styles.xml`, headings in the accent colour, text in the report's language.
pub fn styles(accent: &str, lang: &str) -> String {
    let heading = |size: u32, before: u32| {
        format!(
            "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/>|\
             <w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
        )
    };
    let styled = |id: &str, name: &str, outline: Option<u8>, props: String| {
        let (ppr, rpr) = props.split_once('|').unwrap_or((&props, ""));
        paragraph_style(id, name, outline, ppr, rpr)
    };
    let rule = format!("<w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"{accent}\"/></w:pBdr>");
    let parts = [
        styled(
            "Title",
            "Title",
            None,
            format!("<w:spacing w:after=\"120\"/>|<w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"52\"/><w:szCs w:val=\"52\"/>"),
        ),
        styled("Subtitle", "Subtitle", None, "<w:spacing w:after=\"360\"/>|<w:color w:val=\"595959\"/><w:sz w:val=\"26\"/>".into()),
        styled("Heading1", "heading 1", Some(0), heading(34, 480)),
        styled("Heading2", "heading 2", Some(1), heading(28, 320)),
        styled("Heading3", "heading 3", Some(2), heading(24, 240)),
        styled("Heading4", "heading 4", Some(3), heading(22, 200)),
        styled(
            "Quote",
            "Quote",
            None,
            format!("<w:keepNext/>{rule}<w:spacing w:before=\"200\" w:after=\"40\"/><w:ind w:left=\"567\" w:right=\"567\"/>|<w:i/>"),
        ),
        styled(
            "QuoteAttribution",
            "Quote Attribution",
            None,
            format!("{rule}<w:spacing w:after=\"200\"/><w:ind w:left=\"567\" w:right=\"567\"/>|<w:color w:val=\"595959\"/><w:sz w:val=\"20\"/>"),
        ),
        styled("Caption", "caption", None, "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/>|<w:b/><w:sz w:val=\"20\"/>".into()),
        styled("FigureCaption", "Figure Caption", None, "<w:spacing w:before=\"60\" w:after=\"240\"/>|<w:i/><w:sz w:val=\"20\"/>".into()),
        styled("TableNote", "Table Note", None, "<w:spacing w:before=\"60\" w:after=\"120\"/>|<w:sz w:val=\"18\"/>".into()),
        styled("TableText", "Table Text", None, "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>|<w:sz w:val=\"18\"/>".into()),
        styled("TableHeading", "Table Heading", None, "<w:keepNext/><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>|<w:b/><w:sz w:val=\"18\"/>".into()),
        styled("ListParagraph", "List Paragraph", None, "<w:spacing w:after=\"80\"/><w:ind w:left=\"720\"/><w:contextualSpacing/>|".into()),
        styled(
            "Figure",
            "Figure",
            None,
            "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"60\"/><w:jc w:val=\"center\"/>|".into(),
        ),
        styled(
            "CardValue",
            "Headline Figure",
            None,
            format!("<w:keepNext/><w:spacing w:before=\"160\" w:after=\"0\"/>|<w:b/><w:color w:val=\"{accent}\"/><w:sz w:val=\"36\"/>"),
        ),
        styled(
            "Callout",
            "Callout",
            None,
            format!(
                "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{accent}\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{accent}\"/>\
                 <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{accent}\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{accent}\"/></w:pBdr>\
                 <w:spacing w:before=\"200\" w:after=\"200\"/><w:ind w:left=\"113\" w:right=\"113\"/>|"
            ),
        ),
        styled("Code", "HTML Preformatted", None, "<w:spacing w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/>|<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/><w:sz w:val=\"19\"/>".into()),
        styled("Footer", "footer", None, "<w:jc w:val=\"center\"/>|<w:color w:val=\"595959\"/><w:sz w:val=\"18\"/>".into()),
        styled("Colophon", "Colophon", None, "<w:spacing w:before=\"480\"/>|<w:color w:val=\"595959\"/><w:sz w:val=\"18\"/>".into()),
    ];
    format!(
        "{HEADER}<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>\
         <w:lang w:val=\"{}\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/>\
         </w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"ReportTable\"><w:name w:val=\"Report Table\"/><w:basedOn w:val=\"TableNormal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>\
         <w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>\
         <w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tcBorders></w:tcPr></w:tblStylePr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"HTML Code\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:rPr><w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/></w:rPr></w:style>\
         {}</w:styles>",
        escape(lang),
        parts.concat()
    )
}

/// `word/numbering.xml`: bullets (num 1), and one numbering per ordered list (`ordered` of them,
/// from num 2), each starting at its own first number.
pub fn numbering(ordered: &[u64]) -> String {
    let level = |format: &str, text: &str| {
        format!(
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl>"
        )
    };
    let mut out = format!(
        "{HEADER}<w:numbering {NAMESPACES}><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
        level("bullet", "\u{2022}"),
        level("decimal", "%1.")
    );
    for (i, start) in ordered.iter().enumerate() {
        out.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 2
        ));
    }
    out.push_str("</w:numbering>");
    out
}

/// A field (`PAGE`, `NUMPAGES`) with a cached result shown until Word updates it.
fn field(instruction: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instruction} </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

/// `word/footer1.xml`: "Page N of M".
pub fn footer() -> String {
    format!(
        "{HEADER}<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}\
         <w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        field("PAGE"),
        field("NUMPAGES")
    )
}

/// `word/settings.xml`.
pub fn settings() -> String {
    format!(
        "{HEADER}<w:settings {NAMESPACES}><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// `[Content_Types].xml`.
pub fn content_types() -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        "{HEADER}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    )
}

/// `_rels/.rels`.
pub fn package_rels() -> String {
    let kind = "http://schemas.openxmlformats.org";
    format!(
        "{HEADER}<Relationships xmlns=\"{kind}/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{kind}/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{kind}/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{kind}/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

/// `docProps/core.xml`: title and language, no dates (the same inputs give the same bytes).
pub fn core(title: &str, lang: &str, generator: &str) -> String {
    format!(
        "{HEADER}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:language>{}</dc:language><dc:creator>{}</dc:creator></cp:coreProperties>",
        escape(title),
        escape(lang),
        escape(generator)
    )
}

/// `docProps/app.xml`.
pub fn app() -> String {
    format!(
        "{HEADER}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>impact</Application></Properties>"
    )
}

/// The document's relationships: its fixed parts (`rId1`–`rId4`), then `extra` as (id, type,
/// target, external).
pub fn document_rels(extra: &[(String, &str, String, bool)]) -> String {
    let kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = format!(
        "{HEADER}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{kind}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{kind}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{kind}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rId4\" Type=\"{kind}/footer\" Target=\"footer1.xml\"/>"
    );
    for (id, relation, target, external) in extra {
        let mode = if *external { " TargetMode=\"External\"" } else { "" };
        out.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{kind}/{relation}\" Target=\"{}\"{mode}/>",
            escape(target)
        ));
    }
    out.push_str("</Relationships>");
    out
}

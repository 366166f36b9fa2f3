//! Real survey-platform exports, read in place from ../shared/realdata/surveys (see its
//! README.md), linked into temporary programme folders: REDCap longitudinal projects paired by record id across events, every Qualtrics
//! export in its three header layouts without a header row taken for data, and answers given as
//! words (Google Forms, Qualtrics choice text) mapped to numbers.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use impact::input::scores::Layout;
use impact::input::table::{Export, QualtricsLayout, Table};
use impact::input::{ScoreColumns, read_scores};
use impact::pipeline::{self, Analysed};

/// The folder of real survey exports, beside the project rather than in it.
fn surveys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/surveys")
}

/// Whether the real exports are here. A clone of the project alone has none, and the tests over
/// them skip, saying so; under CI they must be here.
fn present() -> bool {
    let root = surveys();
    if root.is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the real survey exports are required under CI: {} is not here",
        root.display()
    );
    eprintln!("skipped: the real survey exports ({}) are not here", root.display());
    false
}

/// A file under the real survey exports.
fn real(path: &str) -> PathBuf {
    surveys().join(path)
}

/// A programme folder whose scores are a copy of the real export at `path`; `rest` is the
/// rest of programme.toml after `scores = …`, and `files` are extra files (instrument keys).
fn programme(path: &str, rest: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    // Data paths stay inside the programme folder and links out of it are refused, so the
    // export is copied in.
    let name = real(path).file_name().unwrap().to_string_lossy().into_owned();
    fs::copy(real(path), dir.join("data").join(&name)).unwrap();
    let scores = format!("data/{name}");
    let toml =
        format!("[programme]\ntitle = \"Real export\"\ntemplate = \"nhs\"\n\n[data]\nscores = \"{scores}\"\n{rest}");
    fs::write(dir.join("programme.toml"), toml).unwrap();
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    (tmp, dir)
}

fn analyse(dir: &Path) -> Analysed {
    pipeline::analyse(dir).unwrap_or_else(|problems| panic!("{problems}"))
}

/// A one-scale instrument key over `items` items answered `min`–`max`, with optional labels.
fn instrument(items: usize, min: i32, max: i32, labels: &str) -> String {
    let list: Vec<String> = (1..=items).map(|i| i.to_string()).collect();
    format!(
        "id = \"test\"\nname = \"Test scale\"\nshort_name = \"TS\"\ncitation = \"Test.\"\nitems = {items}\nmin = {min}\n\
         max = {max}\n{labels}\n[[scales]]\nid = \"total\"\nlabel = \"Total\"\nitems = [{}]\nscore = \"mean\"\n\
         better = \"higher\"\n",
        list.join(", ")
    )
}

/// Each participant's answers per timepoint, by participant id.
fn answers(analysed: &Analysed) -> BTreeMap<(String, String), Vec<Option<f64>>> {
    let responses = analysed.responses.as_ref().unwrap();
    let mut out = BTreeMap::new();
    for (p, id) in responses.participants.iter().enumerate() {
        for (t, timepoint) in responses.timepoints.iter().enumerate() {
            if let Some(row) = responses.row(p, t) {
                out.insert((id.clone(), timepoint.clone()), responses.items.iter().map(|i| i.value(row)).collect());
            }
        }
    }
    out
}

#[test]
fn two_redcap_events_are_paired_by_record_id() {
    if !present() {
        return;
    }
    // REDCapR's longitudinal project: the patient morale questionnaire (pmq1–4, coded 0–5) at
    // visit 1 and visit 2 of arm 1; arm 2's first visit maps onto the same baseline.
    let rest = "id_column = \"study_id\"\ntimepoint_column = \"redcap_event_name\"\n\
                [data.timepoint_names]\nvisit_1_arm_1 = \"pre\"\nfirst_visit_arm_2 = \"pre\"\nvisit_2_arm_1 = \"post\"\n\n\
                [[measures]]\ninstrument = \"pmq.toml\"\nprefix = \"pmq\"\n";
    let (_tmp, dir) =
        programme("redcap/REDCapR/longitudinal/data.csv", rest, &[("pmq.toml", &instrument(4, 0, 5, ""))]);
    let analysed = analyse(&dir);
    let got = answers(&analysed);
    let v = |values: [f64; 4]| values.map(Some).to_vec();
    let key = |id: &str, t: &str| (id.to_string(), t.to_string());
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[&key("100", "pre")], v([1.0, 0.0, 0.0, 0.0]));
    assert_eq!(got[&key("100", "post")], v([0.0, 1.0, 0.0, 0.0]));
    assert_eq!(got[&key("220", "pre")], v([0.0, 3.0, 1.0, 0.0]));
    assert_eq!(got[&key("220", "post")], v([3.0, 4.0, 1.0, 0.0]));
    assert_eq!(got[&key("304", "pre")], v([2.0, 0.0, 0.0, 0.0]));
    assert_eq!(analysed.results.outcomes[0].n_pairs, 2);
    let warnings = analysed.results.warnings.join("\n");
    assert!(
        warnings.contains(
            "13 rows of timepoints not in [data.timepoint_names] were ignored: enrollment_arm_1 (2), \
                           dose_1_arm_1 (2), dose_2_arm_1 (2), final_visit_arm_1 (2), enrollment_arm_2 (1), \
                           deadline_to_opt_ou_arm_2 (1), first_dose_arm_2 (1), final_visit_arm_2 (1), \
                           deadline_to_return_arm_2 (1)"
        ),
        "{warnings}"
    );
    let understood = analysed.understood.to_string();
    assert!(understood.contains("REDCap export; long layout"), "{understood}");
    assert!(understood.contains("participants scored: 3 at pre, 2 at post; 2 at every timepoint"), "{understood}");
}

#[test]
fn a_scored_redcap_field_changes_between_two_events() {
    if !present() {
        return;
    }
    // Three records weighed at intake, discharge and follow-up; discharge is left unmapped.
    let rest = "id_column = \"record_id\"\ntimepoint_column = \"redcap_event_name\"\n\
                [data.timepoint_names]\nintake_arm_1 = \"pre\"\nfollow_up_arm_1 = \"post\"\n\n\
                [[measures]]\nlabel = \"Weight\"\ncolumn = \"weight\"\nbetter = \"lower\"\n";
    let (_tmp, dir) = programme("redcap/REDCapR/arm-single-longitudinal/data.csv", rest, &[]);
    let analysed = analyse(&dir);
    let outcome = &analysed.results.outcomes[0];
    assert_eq!(outcome.n_pairs, 3);
    let json = serde_json::to_value(outcome).unwrap();
    assert_eq!(json["diff"]["mean"], 2.0, "11→13, 21→23, 31→33: {json}");
    assert!(analysed.results.warnings.iter().any(|w| w.contains("ignored: dischage_arm_1 (3)")));
}

#[test]
fn redcap_repeating_instrument_rows_are_left_out_of_the_pairing() {
    if !present() {
        return;
    }
    let path = real("redcap/REDCapCAST/WARRIORtestForSoftwa_DATA_2018-06-21_1431.csv");
    let timepoints = vec!["pre".to_string(), "post".to_string()];
    let mut layout = Layout::long("record_id", "redcap_event_name", &timepoints);
    layout.timepoint_names = vec![("baseline_arm_1", "pre"), ("followup_month_3_arm_1", "post")];
    let responses = read_scores(&path, "warrior.csv", &layout, &ScoreColumns::default()).unwrap();
    assert_eq!(responses.participants, ["806-1", "806-2"]);
    for p in 0..2 {
        assert!(responses.row(p, 0).is_some() && responses.row(p, 1).is_some());
    }
    assert_eq!(responses.table.export, Some(Export::Redcap));
    let warnings = responses.warnings.join("\n");
    assert!(
        warnings.contains(
            "6 rows of REDCap repeating instruments were left out (informed_consent: 2, \
                           informed_consent_and_addendum: 4)"
        ),
        "{warnings}"
    );
}

/// Every Qualtrics export here with its number of responses (README.md's table).
const QUALTRICS: &[(&str, usize)] = &[
    ("QualtricsTools/Dummy Enhancement Sample Survey/Dummy_Enhancement_Sample_Survey.csv", 61),
    ("QualtricsTools/Long Exhaustive Sample Survey/Long_Exhaustive_Sample_Survey.csv", 31),
    ("QualtricsTools/Many Different Question Types/Sample_Survey (Insights).csv", 5),
    ("QualtricsTools/Many Different Question Types/Sample_Survey.csv", 5),
    ("QualtricsTools/Matrix Single Answer Survey/Matrix_Single_Answer_Testing.csv", 5),
    ("QualtricsTools/Multiple Answer Matrix Questions/Multiple_Answer_Matrix_Questions (Insights).csv", 5),
    ("QualtricsTools/Multiple Answer Matrix Questions/Multiple_Answer_Matrix_Questions.csv", 5),
    ("QualtricsTools/Multiple Answer Multiple Choices Questions/Multiple_Answer_MC_Questions (Insights).csv", 5),
    ("QualtricsTools/Multiple Answer Multiple Choices Questions/Multiple_Answer_MC_Questions.csv", 5),
    ("QualtricsTools/No Basis for Evaluation/No_Basis_for_Evaluation (Insights).csv", 15),
    ("QualtricsTools/No Basis for Evaluation/No_Basis_for_Evaluation (Legacy).csv", 15),
    ("QualtricsTools/Sample Survey/Sample_Survey.csv", 5),
    ("QualtricsTools/Side-by-Side Questions/SidebySide_Questions (Insights).csv", 25),
    ("QualtricsTools/Side-by-Side Questions/SidebySide_Questions (Legacy).csv", 25),
    ("QualtricsTools/Single Answer Matrix Questions/Single_Answer_Matrix_Questions (Insights).csv", 5),
    ("QualtricsTools/Single Answer Matrix Questions/Single_Answer_Matrix_Questions.csv", 5),
    ("QualtricsTools/Single Answer Multiple Choice Questions/Single_Answer_MC_Questions (Insights).csv", 5),
    ("QualtricsTools/Single Answer Multiple Choice Questions/Single_Answer_MC_Questions.csv", 5),
    ("QualtricsTools/Survey Logic/Survey_Logic_EVERYWHERE.csv", 10),
    ("QualtricsTools/Text Entry Components/Questions_with_Text_Entry_Components.csv", 15),
    ("cnchapman-choicetools/qualtrics-pizza-maxdiff.csv", 6),
    ("cran-cjoint/CandidateConjointQualtrics.csv", 98),
    ("jonaslau-gmaxdiff/icecream.csv", 94),
    ("jonaslau-gmaxdiff/sixfeatures.csv", 44),
    ("ropensci-qualtRics/sample.csv", 1),
    ("ropensci-qualtRics/sample_legacy.csv", 1),
    ("yhoriuchi-projoint/mummolo_nall_replication.csv", 518),
];

#[test]
fn no_qualtrics_header_row_is_taken_for_a_response() {
    if !present() {
        return;
    }
    for (path, responses) in QUALTRICS {
        let mut table = Table::open(&real(&format!("qualtrics/{path}")), path, None).unwrap();
        assert!(matches!(table.info().export, Some(Export::Qualtrics(_))), "{path}: {:?}", table.info().export);
        let header = table.header().unwrap().to_vec();
        let id = ["ResponseId", "ResponseID"].iter().find_map(|name| header.iter().position(|h| h == name));
        let rows = table.read_all().unwrap();
        assert_eq!(rows.len(), *responses, "{path}");
        for (line, row) in &rows {
            assert!(!row.iter().any(|cell| cell.contains("ImportId")), "{path}:{line} is a header row");
            if let Some(id) = id {
                assert!(row[id].starts_with("R_"), "{path}:{line}: response id {:?}", &row[id]);
            }
        }
    }
}

#[test]
fn the_three_qualtrics_layouts_are_told_apart() {
    if !present() {
        return;
    }
    let layout = |path: &str| {
        let table = Table::open(&real(&format!("qualtrics/{path}")), path, None).unwrap();
        (table.info().export, table.header().unwrap()[0].clone())
    };
    let current = Some(Export::Qualtrics(QualtricsLayout::Current));
    let early = Some(Export::Qualtrics(QualtricsLayout::EarlyInsights));
    let legacy = Some(Export::Qualtrics(QualtricsLayout::Legacy));
    assert_eq!(layout("ropensci-qualtRics/sample.csv"), (current, "StartDate".into()));
    assert_eq!(layout("cnchapman-choicetools/qualtrics-pizza-maxdiff.csv"), (early, "ResponseID".into()));
    // Legacy `V1` is renamed after its label, so `ResponseID` names the respondent in every layout.
    assert_eq!(layout("ropensci-qualtRics/sample_legacy.csv"), (legacy, "ResponseID".into()));
}

#[test]
fn legacy_and_insights_exports_of_one_survey_hold_the_same_answers() {
    if !present() {
        return;
    }
    let read = |file: &str| {
        let path = real(&format!("qualtrics/QualtricsTools/No Basis for Evaluation/{file}"));
        let mut table = Table::open(&path, file, None).unwrap();
        let header = table.header().unwrap().to_vec();
        let (id, q1) = (header.iter().position(|h| h == "ResponseID").unwrap(), header.iter().position(|h| h == "Q1"));
        let rows = table.read_all().unwrap();
        rows.iter().map(|(_, r)| (r[id].to_string(), r[q1.unwrap()].to_string())).collect::<BTreeMap<_, _>>()
    };
    let legacy = read("No_Basis_for_Evaluation (Legacy).csv");
    assert_eq!(legacy.len(), 15);
    assert_eq!(legacy, read("No_Basis_for_Evaluation (Insights).csv"));
}

#[test]
fn qualtrics_choice_text_answers_are_mapped_to_numbers() {
    if !present() {
        return;
    }
    // Q7.2 "how often do you not take surveys seriously": Never … Always, recoded 1–5 in the
    // survey's own .qsf. The panel's `gender` code stands in for a timepoint column.
    let rest = "id_column = \"ResponseId\"\ntimepoint_column = \"gender\"\n[data.timepoint_names]\n\"1\" = \"pre\"\n\
                \"2\" = \"post\"\n\n[[measures]]\ninstrument = \"q72.toml\"\nprefix = \"Q7.2\"\nlabels = { Never = 1, \
                Rarely = 2, \"Some of the time\" = 3, \"Most of the time\" = 4, Always = 5 }\n";
    let (_tmp, dir) = programme(
        "qualtrics/yhoriuchi-projoint/mummolo_nall_replication.csv",
        rest,
        &[("q72.toml", &instrument(1, 1, 5, ""))],
    );
    let analysed = analyse(&dir);
    let responses = analysed.responses.as_ref().unwrap();
    assert_eq!(responses.participants.len(), 518, "rows 2 and 3 are headers, not people");
    assert_eq!((responses.scored_at(0), responses.scored_at(1)), (258, 260));
    let mut counts = [0usize; 6];
    for row in 0..responses.rows {
        counts[responses.items[0].value(row).map_or(0, |v| v as usize)] += 1;
    }
    assert_eq!(counts, [118, 283, 53, 30, 12, 22], "blank, Never, Rarely, Some, Most of the time, Always");
    assert!(!analysed.results.warnings.iter().any(|w| w.contains("ignored")), "{:?}", analysed.results.warnings);
}

/// The 2019 Spanish R community survey (Google Forms): experience in words, and whether people
/// learnt with the tidyverse (Sí/No) standing in for the timepoint.
const RSTUDIO: &str = "google-forms/rstudio-r-community-survey/2019 Spanish R Community Survey Responses";

fn rstudio_programme(extension: &str, prefix: &str, labels: &str) -> (tempfile::TempDir, PathBuf) {
    let rest = format!(
        "id_column = \"Timestamp\"\ntimepoint_column = \"¿Usaste paquetes tidyverse como ggplot2 o dplyr para \
         aprender R?\"\n[data.timepoint_names]\n\"Sí\" = \"pre\"\nNo = \"post\"\n\n[[measures]]\ninstrument = \
         \"item.toml\"\nprefix = \"{prefix}\"\nlabels = {{ {labels} }}\n"
    );
    programme(&format!("{RSTUDIO}.{extension}"), &rest, &[("item.toml", &instrument(1, 1, 5, ""))])
}

const EXPERIENCE: &str = "¿Cómo calificarías tu nivel de experiencia usando R?";
const EXPERIENCE_LABELS: &str = "\"Sin experiencia\" = 1, \"Inicial\" = 2, \"Intermedio\" = 3, \"Experto\" = 4";

#[test]
fn google_forms_word_answers_are_mapped_alike_from_csv_and_xlsx() {
    if !present() {
        return;
    }
    let codes = |extension: &str| {
        let (_tmp, dir) = rstudio_programme(extension, EXPERIENCE, EXPERIENCE_LABELS);
        let analysed = analyse(&dir);
        let responses = analysed.responses.unwrap();
        let warnings = analysed.results.warnings.join("\n");
        assert!(
            warnings.contains(
                "18 rows of timepoints not in [data.timepoint_names] were ignored: (empty) (8), No sé lo \
                               que es el tidyverse (10)"
            ),
            "{extension}: {warnings}"
        );
        (0..responses.rows).map(|row| responses.items[0].value(row)).collect::<Vec<_>>()
    };
    let csv = codes("csv");
    assert_eq!(csv.len(), 320, "252 Sí and 68 No");
    let count = |level: f64| csv.iter().filter(|v| **v == Some(level)).count();
    assert!(count(1.0) + count(2.0) + count(3.0) + count(4.0) == 320 && count(3.0) > count(4.0));
    assert_eq!(codes("xlsx"), csv, "the sheet and the CSV hold the same answers");
}

#[test]
fn an_unmapped_word_in_a_real_export_is_named() {
    if !present() {
        return;
    }
    let labels = "Nunca = 1, Raramente = 2, \"De vez en cuando\" = 3, Generalmente = 4";
    let (_tmp, dir) = rstudio_programme("xlsx", "¿Utilizas paquetes tidyverse cuando usa R ahora?", labels);
    let problems = pipeline::analyse(&dir).unwrap_err().to_string();
    assert!(
        problems.contains("[Form Responses 1]:")
            && problems.contains(": answer 'No sé qué es el paquete tidyverse' for item ¿Utilizas paquetes tidyverse cuando usa R ahora? (TS item 1) is not one of its labels")
            && problems.contains("help: the labels are 'Nunca' = 1, 'Raramente' = 2, 'De vez en cuando' = 3, 'Generalmente' = 4"),
        "{problems}"
    );
}

#[test]
fn other_platforms_exports_are_recognised_and_read_whole() {
    if !present() {
        return;
    }
    for (path, export, rows) in [
        ("google-forms/jupyter-surveys-2016-05-education/responses.csv", Export::GoogleForms, 125),
        ("surveygizmo/jupyter-surveys-2015-12-notebook-ux/20160115235816-SurveyExport.csv", Export::SurveyGizmo, 1706),
        ("redcap/redcapAPI/TestRedcapAPI_Records.csv", Export::Redcap, 40),
    ] {
        let mut table = Table::open(&real(path), path, None).unwrap();
        assert_eq!(table.info().export, Some(export), "{path}");
        assert_eq!(table.read_all().unwrap().len(), rows, "{path}");
    }
}

#[test]
fn a_single_question_answered_in_words_is_scored_through_its_labels() {
    if !present() {
        return;
    }
    // Q7.2 as one already-scored column: the same answers as through a one-item instrument.
    let rest = "id_column = \"ResponseId\"\ntimepoint_column = \"gender\"\n[data.timepoint_names]\n\"1\" = \"pre\"\n\
                \"2\" = \"post\"\n\n[[measures]]\nlabel = \"Not taking surveys seriously\"\ncolumn = \"Q7.2\"\n\
                better = \"lower\"\nlabels = { Never = 1, Rarely = 2, \"Some of the time\" = 3, \"most OF the time\" = \
                4, Always = 5 }\n";
    let (_tmp, dir) = programme("qualtrics/yhoriuchi-projoint/mummolo_nall_replication.csv", rest, &[]);
    let analysed = analyse(&dir);
    let responses = analysed.responses.as_ref().unwrap();
    let mut counts = [0usize; 6];
    for row in 0..responses.rows {
        counts[responses.items[0].value(row).map_or(0, |v| v as usize)] += 1;
    }
    assert_eq!(counts, [118, 283, 53, 30, 12, 22], "blank, Never, Rarely, Some, Most of the time, Always");
    let outcome = &analysed.results.outcomes[0];
    assert_eq!((outcome.measure.as_str(), outcome.scale.as_str()), ("Q7.2", "score"));
    assert!(outcome.pre.n > 100 && outcome.post.n > 100, "{:?} {:?}", outcome.pre, outcome.post);
}

#[test]
fn an_unmapped_word_in_a_single_question_of_a_real_export_is_named() {
    if !present() {
        return;
    }
    let rest = "id_column = \"Timestamp\"\ntimepoint_column = \"¿Usaste paquetes tidyverse como ggplot2 o dplyr para \
                aprender R?\"\n[data.timepoint_names]\n\"Sí\" = \"pre\"\nNo = \"post\"\n\n[[measures]]\nlabel = \
                \"Tidyverse now\"\ncolumn = \"¿Utilizas paquetes tidyverse cuando usa R ahora?\"\nbetter = \"higher\"\n\
                labels = { Nunca = 1, Raramente = 2, \"De vez en cuando\" = 3, Generalmente = 4 }\n";
    let (_tmp, dir) = programme(&format!("{RSTUDIO}.xlsx"), rest, &[]);
    let problems = pipeline::analyse(&dir).unwrap_err().to_string();
    assert!(
        problems.contains("[Form Responses 1]:")
            && problems.contains(
                ": answer 'No sé qué es el paquete tidyverse' for item ¿Utilizas paquetes tidyverse cuando usa R \
                 ahora? (Tidyverse now) is not one of its labels"
            )
            && problems.contains(
                "help: the labels are 'Nunca' = 1, 'Raramente' = 2, 'De vez en cuando' = 3, 'Generalmente' = 4"
            ),
        "{problems}"
    );
}

//! Methods: instruments with citations, the statistics, the software and the input files.

use crate::report::Context;
use crate::report::model::{Block, Table};
use crate::report::words::SIZE_RULES;

pub(super) fn blocks(context: &Context) -> Vec<Block> {
    let analysed = context.analysed;
    let results = &analysed.results;
    let mut blocks = Vec::new();
    if !results.instruments.is_empty() {
        blocks.push(Block::Heading { text: "Instruments".into() });
        blocks.push(Block::List {
            items: results
                .instruments
                .iter()
                .map(|i| format!("{} ({}). {}", i.short_name, i.name, i.citation))
                .collect(),
        });
    }
    if !results.outcomes.is_empty() {
        let confidence = context.voice(&results.outcomes[0]).confidence * 100.0;
        blocks.push(Block::Heading { text: "Statistics".into() });
        blocks.push(Block::List {
            items: vec![
                format!("Paired t-tests, two-sided, with {confidence:.0}% confidence intervals of the mean change."),
                "Wilcoxon signed-rank tests as R's wilcox.test: exact p below 50 pairs without ties or zero changes, \
                 otherwise the normal approximation with tie and continuity corrections."
                    .into(),
                "Shapiro–Wilk tests of normality of the changes (Royston, 1995)."
                    .into(),
                format!(
                    "Effect sizes (Lakens, 2013): d_z = mean change / SD of the changes, with a confidence interval \
                     from the noncentral t distribution; d_av = mean change / mean of the two SDs; g_av = d_av corrected \
                     for small samples. Sizes are named by {SIZE_RULES}: 0.2 small, 0.5 medium, 0.8 large."
                ),
                "Cronbach's alpha at each timepoint on complete responses, after reverse keying.".into(),
                "Reliable change (Jacobson & Truax, 1991) with the published reliability where known.".into(),
                "Holm's (1979) adjustment of p-values across outcomes.".into(),
            ],
        });
    }
    if let Some(first) = results.pooled.first() {
        blocks.push(Block::Heading { text: "Pooling sites".into() });
        blocks.push(Block::List { items: pooling_methods(first) });
    }
    blocks.extend(super::qualitative::methods(context));
    blocks.push(Block::Heading { text: "Software and data".into() });
    blocks.push(Block::Paragraph {
        text: format!(
            "Analysed with impact {} using the {} template. The same input files always give the same report; their \
             SHA-256 checksums identify them exactly.",
            results.tool.version, context.template.name
        ),
    });
    blocks.push(Block::Table(Table {
        id: "inputs".into(),
        caption: "Input files".into(),
        columns: vec!["File".into(), "SHA-256".into()],
        rows: analysed.inputs.iter().map(|(file, hash)| vec![file.clone(), hash.clone()]).collect(),
        notes: Vec::new(),
        csv: None,
    }));
    if !results.warnings.is_empty() {
        blocks.push(Block::Heading { text: "Notes on the analysis".into() });
        blocks.push(Block::List { items: results.warnings.clone() });
    }
    blocks
}

/// How the sites were pooled, with references.
fn pooling_methods(pooled: &crate::stats::pooling::Pooled) -> Vec<String> {
    use crate::stats::pooling::{Effect, Model};
    let effect = match pooled.effect {
        Effect::Smcr => {
            "the standardised mean change with raw-score standardisation (SMCR: the mean change over the \
                         baseline SD; Becker, 1988), corrected for small samples"
        }
        Effect::Smcc => {
            "the standardised mean change with change-score standardisation (SMCC: the mean change over the \
                         SD of the changes; Gibbons et al., 1993), corrected for small samples"
        }
    };
    let model = match pooled.model {
        Model::Random => "A random-effects model with τ² by restricted maximum likelihood (Viechtbauer, 2005) and the \
                          Knapp–Hartung (2003) test and confidence interval on k − 1 degrees of freedom; the prediction \
                          interval is the estimate ± t(k − 1) · √(SE² + τ²) (Riley et al., 2011)."
            .to_string(),
        Model::Common => "A common-effect model with inverse-variance weights and a z test.".to_string(),
    };
    vec![
        format!("Each site's change as {effect}, with its sampling variance from its pairs and pre–post correlation."),
        model,
        "Heterogeneity as I² (Higgins & Thompson, 2002) and Cochran's Q; the figures match R's metafor (Viechtbauer, \
         2010)."
            .into(),
    ]
}

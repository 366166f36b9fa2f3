# Reference values for tests/scoring.rs, computed once with R 4 and psych.
# Run: Rscript tests/data/scoring/reference.R (from the repository root)
library(psych)
d <- read.csv("tests/data/scoring/scores.csv")
items <- paste0("calm_", 1:5)
keyed <- d[, items]
keyed$calm_2 <- 4 - keyed$calm_2
keyed$calm_5 <- 4 - keyed$calm_5
answered <- rowSums(!is.na(keyed))
total <- ifelse(5 - answered <= 0.2 * 5, rowMeans(keyed, na.rm = TRUE) * 5, NA)
options(digits = 17)
print(data.frame(id = d$participant_id, tp = d$timepoint, total = total))
for (tp in c("pre", "post")) {
  k <- keyed[d$timepoint == tp, ]
  cat(tp, "alpha", psych::alpha(k[complete.cases(k), ], warnings = FALSE)$total$raw_alpha, "\n")
  s <- total[d$timepoint == tp]
  cat(tp, "mean", mean(s, na.rm = TRUE), "sd", sd(s, na.rm = TRUE), "n", sum(!is.na(s)), "\n")
}
pre <- total[d$timepoint == "pre"]; post <- total[d$timepoint == "post"]
ok <- !is.na(pre) & !is.na(post)
print(t.test(post[ok], pre[ok], paired = TRUE))

# Reference values for tests/spearman.rs: Rscript tests/data/spearman/reference.R (R 4.2.2).
# R reports no interval for Spearman's rho; `ci` is the Fisher-z interval with the
# Bonett & Wright (2000) standard error sqrt(1.06 / (n - 3)) that impact uses.
f <- function(x) formatC(x, digits = 17, format = "g")
ci <- function(r, n, conf = 0.95) tanh(atanh(r) + c(-1, 1) * qnorm((1 + conf) / 2) * sqrt(1.06 / (n - 3)))
show <- function(name, x, y, conf = 0.95) {
  t <- suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))
  cat(name, ": rho", f(unname(t$estimate)), " p", f(t$p.value), " ci", f(ci(unname(t$estimate), length(x), conf)), "\n")
}
# ties in x (sessions attended), as dose data are
show("ties", c(8,6,7,5,8,3,4,8,6,7,5,8), c(0.5,0.2,0.4,-0.1,0.6,-0.3,0,0.45,0.25,0.3,0.1,0.55))
# no ties
show("noties", c(1.2,3.4,2.2,5.1,4.4,0.3,6.6,7.7,2.9,5.5,8.1,9.0), c(2.1,1.1,3.3,4.0,2.5,0.9,5.2,3.9,1.8,6.1,7.2,4.4))
# ties in both, negative, 90% interval
show("both", c(8,8,7,7,6,6,5,5,4,3,2,1,8,7,0), c(-4,-5,-2,-3,-1,-4,0,1,2,1,3,2,-6,-2,4), 0.90)
show("moderate", c(8,6,7,5,8,3,4,8,6,7,5,8), c(0.1,0.4,-0.2,0.3,0.5,0.2,-0.1,0,0.6,0.2,0.3,-0.3))

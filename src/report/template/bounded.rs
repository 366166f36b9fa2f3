//! Rendering a template within bounds, and tera's errors as problems located in the file.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::problem::Problem;

/// Most a section's markdown may come to once its placeholders are filled in.
pub const MAX_SECTION_BYTES: usize = 8 << 20;

/// Most values `range` may make in all during one rendering: with the cap on what is written,
/// this bounds loops that write nothing.
const MAX_RANGE_VALUES: usize = 100_000;

/// How long one rendering may take. A section takes milliseconds; this is far above that.
const MAX_RENDER_TIME: Duration = Duration::from_secs(2);

/// How much the process may grow while one rendering runs, once it has run for
/// [`SLOW_RENDER`]: a template that builds ever larger values (`{% set_global s = s ~ s %}`)
/// is stopped before it exhausts the memory.
const MAX_RENDER_GROWTH: u64 = 64 << 20;

/// A rendering slower than this is watched for its memory.
const SLOW_RENDER: Duration = Duration::from_millis(20);

/// Render the template `name` (from `file`, whose text is `source`) of `tera`, stopping with a
/// problem naming the file once it has written `limit` bytes, its `range` calls have made more
/// than [`MAX_RANGE_VALUES`] values, it has run for [`MAX_RENDER_TIME`] or it keeps growing the
/// process: a template shared between organisations may hold a loop that never ends.
///
/// The rendering runs on a thread of its own, watched from here; one that is stopped is left to
/// end with the process, which reports the problem and exits.
pub fn render_bounded(
    mut tera: tera::Tera,
    name: &str,
    file: &str,
    source: &str,
    context: &tera::Context,
    limit: usize,
) -> Result<String, Problem> {
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    tera.register_function("range", move |kwargs: tera::Kwargs, _: &tera::State| bounded_range(&kwargs, &counter));
    let (name, context) = (name.to_string(), context.clone());
    let (sender, receiver) = mpsc::channel();
    let started = Instant::now();
    let baseline = resident_bytes();
    // The main thread's stack size: a deeply nested template renders here as it would there.
    let spawned = std::thread::Builder::new().name("template".into()).stack_size(8 << 20).spawn(move || {
        let mut output = Capped { bytes: Vec::new(), limit, overflowed: false };
        let rendered = tera.render_to(&name, &context, &mut output);
        let _ = sender.send((rendered, output));
    });
    if let Err(e) = spawned {
        return Err(Problem::in_file(file, format!("cannot start rendering the template: {e}")));
    }
    let stopped = |what: String| {
        Problem::in_file(file, format!("{what}; a loop in it may not end"))
            .help("check the template's loops ({% for %}) and the values they build")
    };
    let (rendered, output) = loop {
        match receiver.recv_timeout(Duration::from_millis(5)) {
            Ok(done) => break done,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Problem::in_file(file, "rendering the template failed"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let elapsed = started.elapsed();
                if elapsed > MAX_RENDER_TIME {
                    return Err(stopped(format!(
                        "the template was still rendering after {} seconds",
                        MAX_RENDER_TIME.as_secs()
                    )));
                }
                let grown = resident_bytes().saturating_sub(baseline);
                if elapsed > SLOW_RENDER && grown > MAX_RENDER_GROWTH {
                    return Err(stopped(format!("the template needs more than {} MB", MAX_RENDER_GROWTH >> 20)));
                }
            }
        }
    };
    if output.overflowed {
        return Err(stopped(format!("the template writes more than {} MB", limit >> 20)));
    }
    rendered.map_err(|e| template_problem(file, source, &e))?;
    String::from_utf8(output.bytes).map_err(|_| Problem::in_file(file, "the template wrote text that is not UTF-8"))
}

/// The process's resident memory in bytes, where the system says (Linux); else 0.
fn resident_bytes() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()));
    // 4 kB pages, as nearly every Linux system has; with larger ones the bound is looser.
    pages.unwrap_or(0) * 4096
}

/// tera's `range(start, end, step_by)`, counting what it makes against one rendering's budget.
fn bounded_range(kwargs: &tera::Kwargs, made: &AtomicUsize) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by` 0"));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message("`range` was called with `start` greater than `end`"));
    }
    // Values from start towards end, end excluded; none when end lies the other way.
    let span = if step > 0 { end.saturating_sub(start) } else { start.saturating_sub(end) };
    let len = if span <= 0 { 0 } else { (span - 1) / step.saturating_abs() + 1 };
    // Counted with a ceiling, so a huge request cannot wrap the count round.
    let len_counted = usize::try_from(len).unwrap_or(usize::MAX).min(MAX_RANGE_VALUES + 1);
    let before = made.fetch_add(len_counted, Ordering::Relaxed);
    if before + len_counted > MAX_RANGE_VALUES {
        return Err(tera::Error::message(format!(
            "`range` has made more than {MAX_RANGE_VALUES} values in this template; a loop in it may not end"
        )));
    }
    Ok((0..len).map(|i| start + i * step).collect())
}

/// A writer that refuses more than `limit` bytes.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.overflowed = true;
            return Err(std::io::Error::other("the template writes too much"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A tera error as a problem at the line and column it names in `file` (whose text is
/// `source`).
pub fn template_problem(file: &str, source: &str, error: &tera::Error) -> Problem {
    let mut problem = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Problem::at(file, span.start_line, span.start_col + 1, report.message())
        }
        tera::ErrorKind::CircularInclude { include_chain, .. } => {
            let message = format!("the template includes itself ({})", include_chain.join(" → "));
            match source.find("include") {
                Some(at) => {
                    let line = source[..at].matches('\n').count() + 1;
                    let column = source[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    Problem::at(file, line, column, message)
                }
                None => Problem::in_file(file, message),
            }
        }
        // tera's checks after parsing (an unknown include, filter or function) come as text in
        // its report format: `error: message`, then ` --> name:line:column` and the source.
        _ => {
            let text = error.to_string();
            let message = text.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string();
            let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|place| {
                let mut parts = place.rsplitn(3, ':');
                let column = parts.next()?.parse().ok()?;
                let line = parts.next()?.parse().ok()?;
                Some((line, column))
            });
            match place {
                Some((line, column)) => Problem::at(file, line, column, message),
                None => Problem::in_file(file, text),
            }
        }
    };
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        problem.message.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    let help = match error.kind() {
        tera::ErrorKind::CircularInclude { .. } => "a template cannot include itself, even through another file",
        _ => "placeholders look like {{ programme.title }}; see the built-in templates",
    };
    problem.help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Result<String, Problem> {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.md", text).unwrap();
        render_bounded(tera, "t.md", "templates/t.md", text, &tera::Context::new(), 1 << 20)
    }

    #[test]
    fn range_counts_as_tera_does() {
        assert_eq!(render("{% for i in range(end=4) %}{{ i }}{% endfor %}").unwrap(), "0123");
        assert_eq!(render("{% for i in range(start=1, end=8, step_by=3) %}{{ i }}{% endfor %}").unwrap(), "147");
        assert_eq!(render("{% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}").unwrap(), "531");
        assert_eq!(render("{% for i in range(start=0, end=5, step_by=-1) %}{{ i }}{% endfor %}").unwrap(), "");
        assert!(render("{{ range(start=5, end=0) }}").is_err());
    }

    #[test]
    fn runaway_templates_stop_with_the_file_named() {
        let loops = render("{% for i in range(end=99999) %}{% for j in range(end=99999) %}{% endfor %}{% endfor %}");
        let loops = loops.unwrap_err().to_string();
        assert!(loops.starts_with("error: templates/t.md:1:") && loops.contains("may not end"), "{loops}");
        let long = render("{% for i in range(end=99999) %}{{ 'x' ~ i ~ 'xxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}");
        assert!(long.unwrap_err().to_string().contains("writes more than 1 MB"));
    }
}

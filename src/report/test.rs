//! The outcome of `ledger test` and its renderers: a plain text summary with
//! expected against actual for each failure, and JUnit XML for CI servers
//! (GitLab, Azure DevOps and Jenkins read it).

use std::io::Write;

use crate::cli::Locale;
use crate::core::explain::Explanation;
use crate::report::lang::say;
use crate::report::lang::tables::{Run, Say};

/// Every expectation file that was run.
#[derive(Debug, Default)]
pub struct TestReport {
    pub files: Vec<FileOutcome>,
}

#[derive(Debug)]
pub struct FileOutcome {
    pub path: String,
    pub cases: Vec<CaseOutcome>,
}

#[derive(Debug)]
pub struct CaseOutcome {
    pub name: String,
    /// The command line after `ledger`.
    pub command: String,
    /// How many figures were compared.
    pub checked: usize,
    pub failures: Vec<Failure>,
    /// The command failed (or did not fail as expected): why.
    pub error: Option<String>,
}

/// One figure that is not what the expectation says.
#[derive(Debug)]
pub struct Failure {
    pub figure: String,
    pub expected: String,
    /// The value in the report, or why the report has none.
    pub actual: Result<String, crate::report::figures::Missing>,
    /// How the report computed the figure, where it says.
    pub explanation: Option<Explanation>,
}

impl CaseOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.error.is_none()
    }
}

impl TestReport {
    /// (passed, failed) cases.
    pub fn counts(&self) -> (usize, usize) {
        let cases = self.files.iter().flat_map(|f| &f.cases);
        let passed = cases.clone().filter(|c| c.passed()).count();
        (passed, cases.count() - passed)
    }
}

/// One line per case; under each failing case its failures, expected
/// against actual with the figure's explanation; then `N passed, N failed`,
/// in the words of `locale`. (The errors of a failed case are quoted as
/// they are, in English, like every diagnostic.)
pub fn write_text(out: &mut dyn Write, r: &TestReport, locale: Locale) -> anyhow::Result<()> {
    let line = |run: Run| say(&Say::Run(run), locale);
    for file in &r.files {
        writeln!(out, "{}", file.path)?;
        for case in &file.cases {
            if case.passed() {
                let name = case.name.clone();
                let passed = Run::CasePassed {
                    name,
                    figures: case.checked,
                };
                writeln!(out, "  {}", line(passed))?;
                continue;
            }
            let failed = Run::CaseFailed {
                name: case.name.clone(),
                command: case.command.clone(),
            };
            writeln!(out, "  {}", line(failed))?;
            if let Some(e) = &case.error {
                for l in e.lines() {
                    writeln!(out, "        {l}")?;
                }
            }
            for f in &case.failures {
                write_failure(out, f, (locale, locale))?;
            }
        }
    }
    let (passed, failed) = r.counts();
    writeln!(out, "\n{}", line(Run::TestTotals { passed, failed }))?;
    Ok(())
}

/// A failure: its labels in the words of the first locale, the
/// explanation in those of the second.
fn write_failure(
    out: &mut dyn Write,
    f: &Failure,
    (words, explained): (Locale, Locale),
) -> anyhow::Result<()> {
    let line = |run: Run| say(&Say::Run(run), words);
    // The two labels line up with the longer of them.
    let (expected, actual) = (line(Run::Expected), line(Run::Actual));
    let width = expected.chars().count().max(actual.chars().count()) + 2;
    writeln!(out, "        {}", f.figure)?;
    writeln!(out, "          {expected:<width$}{}", f.expected)?;
    let value = match &f.actual {
        Ok(a) => a.clone(),
        Err(why) => line(Run::ActualNone(why.clone())),
    };
    writeln!(out, "          {actual:<width$}{value}")?;
    if let Some(e) = &f.explanation {
        let mut buf = Vec::new();
        crate::report::lang::write_explanation(&mut buf, e, explained)?;
        writeln!(out, "          {}", line(Run::HowComputed))?;
        for l in String::from_utf8_lossy(&buf).lines() {
            writeln!(out, "          {l}")?;
        }
    }
    Ok(())
}

/// JUnit XML: one `<testsuite>` per expectation file, one `<testcase>` per
/// case, a `<failure>` with the same text as the plain report.
pub fn write_junit(out: &mut dyn Write, r: &TestReport) -> anyhow::Result<()> {
    let (passed, failed) = r.counts();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="ledger test" tests="{}" failures="{failed}">"#,
        passed + failed
    )?;
    for file in &r.files {
        let fails = file.cases.iter().filter(|c| !c.passed()).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{fails}">"#,
            xml(&file.path),
            file.cases.len()
        )?;
        for case in &file.cases {
            write_junit_case(out, &file.path, case)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")?;
    Ok(())
}

fn write_junit_case(out: &mut dyn Write, file: &str, case: &CaseOutcome) -> anyhow::Result<()> {
    let head = format!(
        r#"    <testcase name="{}" classname="{}" file="{}""#,
        xml(&case.name),
        xml(file),
        xml(file)
    );
    if case.passed() {
        writeln!(out, "{head}/>")?;
        return Ok(());
    }
    let mut body = Vec::new();
    if let Some(e) = &case.error {
        writeln!(body, "{e}")?;
    }
    for f in &case.failures {
        // JUnit is a machine format: its whole body is English whatever
        // --locale says, the explanation's words included.
        write_failure(&mut body, f, (Locale::En, Locale::En))?;
    }
    let message = match (&case.error, case.failures.len()) {
        (Some(e), _) => e.lines().next().unwrap_or_default().to_string(),
        (None, 1) => format!("1 figure differs: {}", case.failures[0].figure),
        (None, n) => format!("{n} figures differ"),
    };
    writeln!(out, "{head}>")?;
    writeln!(
        out,
        r#"      <failure message="{}" type="expectation">{}</failure>"#,
        xml(&message),
        xml(&format!(
            "ledger {}\n{}",
            case.command,
            String::from_utf8_lossy(&body)
        ))
    )?;
    writeln!(out, "    </testcase>")?;
    Ok(())
}

/// Text escaped for XML attributes and element content.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line ends are not XML.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> TestReport {
        TestReport {
            files: vec![FileOutcome {
                path: "agreements/a.expect.toml".into(),
                cases: vec![
                    CaseOutcome {
                        name: "budget 2018".into(),
                        command: "budget --year 2018".into(),
                        checked: 3,
                        failures: vec![],
                        error: None,
                    },
                    CaseOutcome {
                        name: "settle <Tholen> & co".into(),
                        command: "settle --year 2018".into(),
                        checked: 1,
                        failures: vec![Failure {
                            figure: "totals.total_excl_vat".into(),
                            expected: "-358.85".into(),
                            actual: Ok("-400.00".into()),
                            explanation: None,
                        }],
                        error: None,
                    },
                ],
            }],
        }
    }

    #[test]
    fn text_shows_expected_against_actual() {
        let mut out = Vec::new();
        write_text(&mut out, &report(), Locale::En).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  ok    budget 2018 (3 figures)\n"), "{text}");
        assert!(text.contains("  FAIL  settle <Tholen> & co  (ledger settle --year 2018)\n        totals.total_excl_vat\n          expected  -358.85\n          actual    -400.00\n"), "{text}");
        assert!(
            text.ends_with("\nexpectations: 1 passed, 1 failed\n"),
            "{text}"
        );
    }

    /// The default language words the same report in Dutch, the labels
    /// lined up with the longer of them; the figures stay as they are.
    #[test]
    fn text_in_dutch() {
        let mut out = Vec::new();
        write_text(&mut out, &report(), Locale::Nl).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  ok    budget 2018 (3 waarden)\n"), "{text}");
        assert!(text.contains("  FOUT  settle <Tholen> & co  (ledger settle --year 2018)\n        totals.total_excl_vat\n          verwacht   -358.85\n          werkelijk  -400.00\n"), "{text}");
        assert!(
            text.ends_with("\nverwachtingen: 1 geslaagd, 1 mislukt\n"),
            "{text}"
        );
    }

    #[test]
    fn junit_escapes_and_counts() {
        let mut out = Vec::new();
        write_junit(&mut out, &report()).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(
            xml.contains(r#"<testsuites name="ledger test" tests="2" failures="1">"#),
            "{xml}"
        );
        assert!(xml.contains(r#"<testcase name="budget 2018" classname="agreements/a.expect.toml" file="agreements/a.expect.toml"/>"#), "{xml}");
        assert!(
            xml.contains(r#"<testcase name="settle &lt;Tholen&gt; &amp; co""#),
            "{xml}"
        );
        assert!(
            xml.contains(
                r#"<failure message="1 figure differs: totals.total_excl_vat" type="expectation">"#
            ),
            "{xml}"
        );
    }
}

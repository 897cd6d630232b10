//! `ledger completions SHELL` and `ledger manpage`: documents generated from
//! the clap definition in `cli.rs`, so they can never disagree with `--help`.

use std::io::Write;

use crate::cli;

/// Writes the completion script for `shell` (clap_complete).
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = cli::command();
    clap_complete::generate(shell, &mut cmd, "ledger", out);
    Ok(())
}

/// Writes the manual page in roff (clap_mangen): the program's page, then
/// for each subcommand a section with what it does and its options.
pub fn manpage(out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = cli::command().disable_help_subcommand(true);
    cmd.build();
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("ledger-{}", sub.get_name());
        writeln!(out, ".SH \"{}\"", roff_text(&name.to_uppercase()))?;
        if let Some(about) = sub.get_about() {
            writeln!(out, ".PP\n{}", roff_text(&about.to_string()))?;
        }
        let page = clap_mangen::Man::new(sub.clone());
        page.render_options_section(out)?;
    }
    Ok(())
}

/// Text as roff prints it literally: backslashes and hyphens escaped, and
/// no line starting with a control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.chars().next() {
        Some('.') | Some('\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

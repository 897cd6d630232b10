//! The README's examples are real: every line shown under a `$ ledger …`
//! command in a console block must appear in that command's output (lines
//! of `…` mark what the README leaves out).

mod common;

#[test]
fn readme_examples_match_the_output() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let mut command: Option<(String, String)> = None;
        for line in block.lines() {
            if let Some(cmd) = line.strip_prefix("$ ledger ") {
                let args: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = common::ledger(&refs);
                command = Some((cmd.to_string(), format!("{}{}", run.stdout, run.stderr)));
                checked += 1;
            } else if !line.trim().is_empty() && line.trim() != "…" {
                let (cmd, output) = command
                    .as_ref()
                    .expect("a console block starts with a command");
                assert!(output.contains(line), "README line not in the output of `ledger {cmd}`:\n{line}\n--- output:\n{output}");
            }
        }
    }
    assert!(checked >= 8, "only {checked} README commands found");
}

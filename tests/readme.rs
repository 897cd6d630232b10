//! The README's examples are real: every line shown under a `$ ledger …`
//! command in a console block must appear in that command's output, and a
//! block that leaves nothing out (no line of `…`) shows every line of it.

mod common;

#[test]
fn readme_examples_match_the_output() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let mut checked = 0;
    let mut left_out = Vec::new();
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let whole = !block.lines().any(|l| l.trim() == "…");
        let mut shown: Vec<(String, String, Vec<&str>)> = Vec::new();
        for line in block.lines() {
            if let Some(cmd) = line.strip_prefix("$ ledger ") {
                let args: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = common::ledger(&refs);
                shown.push((
                    cmd.to_string(),
                    format!("{}{}", run.stdout, run.stderr),
                    Vec::new(),
                ));
                checked += 1;
            } else if !line.trim().is_empty() && line.trim() != "…" {
                let (cmd, output, lines) = shown
                    .last_mut()
                    .expect("a console block starts with a command");
                assert!(output.contains(line), "README line not in the output of `ledger {cmd}`:\n{line}\n--- output:\n{output}");
                lines.push(line);
            }
        }
        for (cmd, output, lines) in shown.iter().filter(|_| whole) {
            left_out.extend(
                output
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !lines.contains(l))
                    .map(|l| format!("`ledger {cmd}`: {l}")),
            );
        }
    }
    assert!(
        left_out.is_empty(),
        "README blocks without … leave out these lines of their output (show them, or mark the gap with …):\n{}",
        left_out.join("\n")
    );
    assert!(checked >= 8, "only {checked} README commands found");
}

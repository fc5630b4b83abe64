//! A fresh clone has everything it needs: no tracked file names a place outside the
//! repository, such as an absolute path on the machine it was written on, a relative path
//! that climbs out of the checkout, or a document the repository does not hold.
//!
//! Reads the files `git ls-files` lists, so it runs in a git checkout.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// This file: it spells out the patterns it looks for.
const THIS_FILE: &str = "tests/repository_stands_alone.rs";

/// Top-level directories that only exist on some machine: home directories, scratch space
/// and build-machine workspaces. `/usr/bin/chromium`, `/proc/PID` or `/dev/null` name what
/// every Linux machine has and stay allowed.
const MACHINE_DIRS: &[&str] = &["home", "root", "Users", "tmp", "mnt", "work", "var/folders"];

/// Relative paths that climb further than their file's directory but are resolved from
/// somewhere deeper: (file, path).
const RESOLVED_ELSEWHERE: &[(&str, &str)] = &[
    // A symlink target, relative to `examples/<name>/node_modules/`.
    ("scripts/test-js", "../../../tests/js/node_modules/"),
];

/// Documents the project writes at run time, named before they exist.
const GENERATED_DOCS: &[&str] = &["summary.md"];

struct Repository {
    files: Vec<String>,
    /// File names (without directories) of every tracked file.
    names: BTreeSet<String>,
}

impl Repository {
    fn tracked() -> Repository {
        let root = env!("CARGO_MANIFEST_DIR");
        let output = Command::new("git")
            .args(["-C", root, "ls-files", "-z"])
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "`git ls-files` failed in {root} (the check needs a git checkout): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let files: Vec<String> = String::from_utf8(output.stdout)
            .expect("UTF-8 file names")
            .split('\0')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect();
        let names = files
            .iter()
            .filter_map(|f| Path::new(f).file_name()?.to_str().map(str::to_owned))
            .collect();
        Repository { files, names }
    }

    /// Every tracked text file except this one, with its contents.
    fn texts(&self) -> impl Iterator<Item = (&str, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        self.files
            .iter()
            .filter(|f| f.as_str() != THIS_FILE)
            .filter_map(move |f| {
                let bytes = std::fs::read(root.join(f)).ok()?;
                Some((f.as_str(), String::from_utf8(bytes).ok()?))
            })
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-~/".contains(c)
}

/// Absolute paths into [`MACHINE_DIRS`], e.g. `/home/alice/x` (but not `https://h/home/x`).
fn machine_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for dir in MACHINE_DIRS {
        let needle = format!("/{dir}/");
        for (at, _) in line.match_indices(&needle) {
            let before = line[..at].chars().next_back();
            if !before.is_some_and(is_path_char) {
                found.push(needle.clone());
            }
        }
    }
    if line.contains(r"C:\Users\") {
        found.push(r"C:\Users\".to_owned());
    }
    found
}

/// Relative paths that climb above the repository root from `file`'s directory, and any
/// path into a sibling `shared` folder of the checkout.
fn escaping_paths(file: &str, line: &str) -> Vec<String> {
    let depth = Path::new(file).components().count() - 1;
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("../") {
        let before = rest[..at].chars().next_back();
        let run = &rest[at..];
        let ups = run
            .as_bytes()
            .chunks(3)
            .take_while(|c| *c == *b"../")
            .count();
        let target: String = run[ups * 3..]
            .chars()
            .take_while(|c| is_path_char(*c))
            .collect();
        let path = format!("{}{target}", "../".repeat(ups));
        let starts_path = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        let climbs_out = starts_path && ups > depth && !RESOLVED_ELSEWHERE.contains(&(file, &path));
        if climbs_out || target == "shared" || target.starts_with("shared/") {
            found.push(path);
        }
        rest = &run[ups * 3..];
    }
    found
}

/// `NAME.md` documents that no tracked file is called.
fn missing_documents(repo: &Repository, line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
        .filter(|word| word.len() > 3 && word.ends_with(".md"))
        .filter(|word| !repo.names.contains(*word) && !GENERATED_DOCS.contains(word))
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_tracked_file_points_outside_the_repository() {
    let repo = Repository::tracked();
    let mut offenders = Vec::new();
    let mut checked = 0;
    for (file, text) in repo.texts() {
        checked += 1;
        for (number, line) in text.lines().enumerate() {
            let found = [
                machine_paths(line),
                escaping_paths(file, line),
                missing_documents(&repo, line),
            ]
            .concat();
            if !found.is_empty() {
                offenders.push(format!("{file}:{}: {}", number + 1, found.join(", ")));
            }
        }
    }
    assert!(checked > 100, "only {checked} tracked text files were read");
    assert!(
        offenders.is_empty(),
        "tracked files name places outside the repository:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn each_kind_of_outside_path_is_recognised() {
    let repo = Repository {
        files: Vec::new(),
        names: ["README.md".to_owned()].into(),
    };
    // The samples are split with `concat!` where a plain `git grep` for the same paths
    // should keep finding nothing in the repository.
    // Absolute machine paths, and the look-alikes that are fine.
    assert_eq!(machine_paths("see /home/alice/notes"), ["/home/"]);
    assert_eq!(
        machine_paths(concat!("`/", "work/x/y.md`")),
        [concat!("/", "work/")]
    );
    assert_eq!(machine_paths("cp out /tmp/x"), ["/tmp/"]);
    assert_eq!(machine_paths(r"C:\Users\bob\x"), [r"C:\Users\"]);
    assert!(machine_paths("https://example.com/home/page").is_empty());
    assert!(machine_paths("/usr/bin/chromium and /proc/1/stat").is_empty());
    assert!(machine_paths("target/tmp/x").is_empty());
    // Relative paths: climbing out, or into a sibling `shared` folder.
    assert_eq!(
        escaping_paths("README.md", "[x](../other/x.md)"),
        ["../other/x.md"]
    );
    assert_eq!(escaping_paths("a/b.rs", r#""../../x""#), ["../../x"]);
    assert_eq!(
        escaping_paths("a/b/c.rs", concat!(r#"dir, "/../../"#, r#"shared/x""#)),
        [concat!("../../", "shared/x")]
    );
    assert!(escaping_paths("a/b/c.rs", "../../target/debug/x").is_empty());
    assert!(escaping_paths("docs/x.md", "[y](../README.md)").is_empty());
    let (file, symlink_target) = RESOLVED_ELSEWHERE[0];
    assert!(escaping_paths(file, symlink_target).is_empty());
    assert!(!escaping_paths("scripts/other", symlink_target).is_empty());
    // Documents the repository does not hold.
    assert_eq!(missing_documents(&repo, "see NOTES.md, 2.1"), ["NOTES.md"]);
    assert!(missing_documents(&repo, "see README.md").is_empty());
    assert!(missing_documents(&repo, "writes summary.md").is_empty());
}

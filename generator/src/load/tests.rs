use super::prechecks::{may_hold_an_empty_value, placeholder_hint};
use super::recover::{read_at_or_after, unknown_siblings, MAX_ROUNDS};
use super::serde_messages::{IMAGE_KEYS, LIMIT_KEYS};
use super::*;
use crate::locate::{KeyPath, Segment};
use crate::scaffold::PLACEHOLDER;

/// A number past what any spec type holds is named as too large, not as a value of the
/// wrong type ("an integer, expected a number").
#[test]
fn a_number_too_large_to_hold_is_named_so() {
    let spec = |limit: &str| {
        format!(
            "action: A\nsummary: s\nrequest:\n  - name: N\n    type: u64\n    summary: s\n    limits:\n      \
             {limit}\nresponse: []\nerrors: []\n"
        )
    };
    for (limit, number) in [
        ("max: 18446744073709551616", "18446744073709551616"),
        ("min: -123456789012345678901234567890", "-123456789012345678901234567890"),
        ("max_items: 99999999999999999999999", "99999999999999999999999"),
        ("max: 1e400", "1e400"),
    ] {
        let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), spec(limit), Kind::Action).unwrap_err();
        let message = format!("the number `{number}` is too far from zero for any number a spec holds");
        assert_eq!(found[0].message, message, "{limit}");
        assert!(found[0].hint.as_deref().is_some_and(|hint| hint.contains("2^53")), "{limit}");
        // Recovery cannot set such a number aside, and says so at the number (past `max: `).
        let stopped = "the file is not checked past here: recovery does not get past this problem";
        let places: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(8, 8 + limit.find(' ').unwrap_or_default()); 2], "{limit}");
        assert_eq!(found[1].message, stopped, "{limit}");
    }
}

/// A placeholder's hint says what its key takes: a common error's code is a code, a
/// model's name the vendor's type name, a field's name a wire name.
#[test]
fn a_placeholder_s_hint_fits_its_key() {
    let hint = |path: &[&str]| {
        let segment = |s: &&str| match s.parse() {
            Ok(index) => Segment::Index(index),
            Err(_) => Segment::Key((*s).to_owned()),
        };
        placeholder_hint(&KeyPath(path.iter().map(segment).collect()))
    };
    let code = "write the code exactly as the page's error table spells it";
    assert_eq!(hint(&["errors", "3", "code"]), code);
    assert_eq!(hint(&["common_errors", "0", "code"]), code);
    assert!(hint(&["models", "1", "name"]).starts_with("write the type's name"));
    assert!(hint(&["models", "1", "fields", "2", "name"]).starts_with("write the wire name"));
    assert!(hint(&["request", "0", "name"]).starts_with("write the wire name"));
}

#[test]
fn a_key_one_level_off_is_sent_where_it_belongs() {
    let action = |field: &str| {
        format!(
            "action: A\nsummary: s\nrequest:\n  - name: X\n    type: list<string>\n    summary: x\n{field}response: \
             []\nerrors: []\n"
        )
    };
    let hints = |field: &str| -> Vec<(usize, String, Option<String>)> {
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), action(field), Kind::Action).unwrap_err();
        errors.into_iter().map(|d| (d.line, d.message, d.hint)).collect()
    };
    // `limits:` left empty, its keys dedented to the field's.
    let found = hints("    limits:\n    max_items: 3\n    min_short_side: 64\n");
    assert_eq!(
        found,
        [
            (
                8,
                "unknown key `max_items`".to_owned(),
                Some(
                    "`max_items` is a limit: indent it under `limits:` (or `item_limits:`, for each item of a list)"
                        .to_owned()
                )
            ),
            (
                9,
                "unknown key `min_short_side`".to_owned(),
                Some(
                    "`min_short_side` is an image limit: indent it under `image:` in `limits:` or `item_limits:`"
                        .to_owned()
                )
            ),
        ]
    );
    // A field's key indented into its limits, and an image limit beside `image:`.
    let found = hints("    limits:\n      max_items: 3\n      max_width: 9\n      notes: n\n");
    let found: Vec<Option<String>> = found.into_iter().map(|(_, _, hint)| hint).collect();
    assert_eq!(
        found,
        [
            Some("`max_width` is an image limit: indent it under `image:`".to_owned()),
            Some("`notes` is a key of the field, not a limit: line it up with `limits:`".to_owned()),
        ]
    );
}

#[test]
fn the_key_lists_of_misplaced_keys_are_the_specs_own() {
    // serde lists the keys a map takes when it meets one it does not.
    let keys = |error: yaml_serde::Error| -> Vec<String> {
        error
            .to_string()
            .split("expected one of ")
            .nth(1)
            .expect("a key list")
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let limits = keys(yaml_serde::from_str::<crate::spec::LimitsSpec>("zz: 1").unwrap_err());
    assert_eq!(limits, LIMIT_KEYS);
    let image = keys(yaml_serde::from_str::<crate::spec::ImageLimitsSpec>("zz: 1").unwrap_err());
    assert_eq!(image, IMAGE_KEYS);
}

#[test]
fn unknown_key_gets_position_and_suggestion() {
    let text = "vendor: x\nname: X\nsummary: s\ncommon_error: []\n".to_owned();
    let error = load_file(Path::new("specs/x/vendor.yaml"), text, Kind::Vendor).unwrap_err();
    assert_eq!((error.line, error.column), (4, 1));
    assert_eq!(error.message, "unknown key `common_error`");
    assert_eq!(error.hint.as_deref(), Some("did you mean `common_errors`?"));
}

#[test]
fn every_unknown_key_of_a_file_is_reported() {
    let text = "vendor: x\nnam: X\nsummary: s\nextra:\n  nested: 1\n  more: 2\ncommon_error: []\n".to_owned();
    let errors = load_file_all(Path::new("specs/x/vendor.yaml"), text, Kind::Vendor).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (2, "unknown key `nam`"),
            (4, "unknown key `extra`"),
            (7, "unknown key `common_error`"),
            // `name` is missing with `nam` set aside, which its hint says already.
        ]
    );
}

#[test]
fn every_wrong_value_of_a_file_is_reported_and_a_set_aside_key_is_not_called_missing() {
    let text = "action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    required: maybe\n    \
                summary: x\n    limits:\n      max_items: four\n      max: lots\nresponse: 5\nerrors: []\n"
        .to_owned();
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [6, 9, 10, 11]);
    assert!(found.iter().all(|(_, message)| message.starts_with("wrong value type")), "{found:?}");
}

/// (line, column, path, message) of the first diagnostic of a vendor file.
fn first(text: &str) -> (usize, usize, String, String) {
    let d = load_file(Path::new("specs/x/vendor.yaml"), text.to_owned(), Kind::Vendor).unwrap_err();
    (d.line, d.column, d.path, d.message)
}

#[test]
fn yaml_mistakes_are_worded_for_spec_writers() {
    let (line, column, path, message) = first("vendor: x\nname: X\nsummary: s\nname: Y\n");
    assert_eq!((line, column, path.as_str(), message.as_str()), (4, 1, "name", "key `name` is given twice"));

    let (_, _, _, message) = first("vendor: x\ncommon_errors:\n  - code: A\n    summary: x\n - code: B\n");
    assert!(message.starts_with("the YAML does not parse: "), "{message}");
    assert!(!message.contains(" at line "), "the position is printed once, by the diagnostic: {message}");

    let (_, _, _, message) = first("vendor: x\nname: X\nsummary: s\n---\nvendor: y\n");
    assert_eq!(message, "the file holds more than one YAML document (a `---` line)");

    let (line, _, _, message) = first("# TODO\n\n");
    assert_eq!((line, message.as_str()), (1, "the file has no content"));

    let (_, _, path, _) = first("vendor: x\nname: X\nsummary: s\ncommon_error: []\n");
    assert_eq!(path, "common_error", "an unknown key's path is the key's own");

    let yml = load_file(Path::new("specs/x/vendor.yml"), "vendor: x\n".to_owned(), Kind::Vendor).unwrap_err();
    assert_eq!(
        (yml.message.as_str(), yml.hint.as_deref()),
        ("spec files are named `*.yaml`", Some("rename it to `vendor.yaml`"))
    );
}

#[test]
fn runaway_nesting_is_refused_before_parsing() {
    let deep = format!("vendor: x\nname: X\nsummary: s\nnotes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (line, column, _, message) = first(&deep);
    assert_eq!((line, column, message.as_str()), (4, 8 + MAX_FLOW_DEPTH, "brackets nest more than 64 levels deep"));
    // Across lines too; brackets in quotes and comments do not count.
    let spread = format!("vendor: x\nnotes:\n{}", "  [\n".repeat(MAX_FLOW_DEPTH + 1));
    assert_eq!(first(&spread).0, MAX_FLOW_DEPTH + 3);
    let quoted = format!("vendor: x\nname: '{}' # {}\n", "[".repeat(100), "{".repeat(100));
    assert_ne!(first(&quoted).3, "brackets nest more than 64 levels deep");
    // Only the scanner's flow brackets count: not those of a block scalar, a quoted
    // value over several lines, or plain text.
    let text = [
        format!("notes: |\n  {}\n", "[".repeat(100)),
        format!("notes: >-\n  {}\n  # {}\n", "{".repeat(100), "[".repeat(100)),
        format!("notes: \"a\n  {}\"\n", "[".repeat(100)),
        format!("notes: a {}\n", "[".repeat(100)),
    ];
    for text in text {
        assert_eq!(too_deep(&text, MAX_FLOW_DEPTH), None, "{text}");
    }
    // Flow brackets after a block scalar are found where they are.
    let after = format!("notes: |\n  {}\nname: {}\n", "[".repeat(100), "{a: [".repeat(50));
    assert_eq!(too_deep(&after, MAX_FLOW_DEPTH), Some((3, 6 + 5 * 32 + 1)));
}

#[test]
fn a_wrong_list_item_is_set_aside_and_later_mistakes_still_reported() {
    let text = "action: A\nsummary: s\nrequest: []\nresponse: []\nrules:\n  - at_least_one\n  - exactly_one: [a, b]\n\
                errors:\n  - code: X\n    summary: x\n    retry: sometimes\n"
        .to_owned();
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(found.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [6, 11], "{found:?}");
}

#[test]
fn recovery_stands_aside_when_line_breaks_are_ambiguous() {
    // A lone CR is a line break to yaml_serde but not to `lines()`.
    let text = "vendor: x\rname: X\nsumary: s\nextra: 1\n".to_owned();
    let errors = load_file_all(Path::new("specs/x/vendor.yaml"), text, Kind::Vendor).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].message, "unknown key `sumary`");
    let stopped = "the file is not checked past here: recovery does not edit a file with line breaks other than \
                   LF and CR LF (a lone CR, NEL, U+2028, U+2029)";
    assert_eq!((errors[1].line, errors[1].message.as_str()), (3, stopped));
    // CR LF line breaks, first to last, are not ambiguous: recovery goes on.
    let text = "vendor: x\r\nname: X\r\nsumary: s\r\nextra: 1\r\n".to_owned();
    let errors = load_file_all(Path::new("specs/x/vendor.yaml"), text, Kind::Vendor).unwrap_err();
    let unknown = |line, key| (line, 1, format!("unknown key `{key}`"));
    let found: Vec<_> = errors.into_iter().map(|d| (d.line, d.column, d.message)).collect();
    assert_eq!(found, [unknown(3, "sumary"), unknown(4, "extra")]);
}

#[test]
fn a_missing_key_does_not_hide_later_mistakes() {
    let text = "action: A\nrequest:\n  - name: X\n    summary: x\n  - name: Y\n    type: string\n    \
                sumary: y\nresponse: []\nerrors:\n  - code: E\n    retry: never\nextra: 1\n"
        .to_owned();
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    let found = placed(&errors);
    assert_eq!(
        found,
        [
            (3, 5, "missing required key `type`"),
            // With `sumary` set aside, `summary` is missing: its hint says so.
            (7, 5, "unknown key `sumary`"),
            (10, 5, "missing required key `summary`"),
            (12, 1, "unknown key `extra`"),
            (1, 1, "missing required key `summary`"),
        ],
        "positions are the file's, not the recovered text's"
    );
    // A flow map gets no placeholder: recovery stops there, saying so.
    let text = "action: A\nrequest: []\nresponse: []\nerrors:\n  - {code: F, retry: never}\nextra: 1\n".to_owned();
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    let found = placed(&errors);
    let stopped = "the file is not checked past here: recovery cannot add `summary` to a map written in braces";
    assert_eq!(found, [(5, 5, "missing required key `summary`"), (5, 5, stopped)]);
}

/// The keys after an unknown key in its map are found in one pass, each reported as serde
/// would report it: with its hint, its nested lines and the comments between them skipped,
/// a misspelt key's meaning not called missing; a known key ends the run.
#[test]
fn unknown_keys_in_a_row_are_each_reported_as_serde_would() {
    let found = all("action: A\nrequest: []\nresponse: []\nerrors: []\nextra:\n  nested: [1]\n\n# note\n\
                     sumary: s\nmore: 1\naction: B\nlast: 2\n");
    let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(
        found,
        [
            (5, 1, "unknown key `extra`"),
            (9, 1, "unknown key `sumary`"),
            (10, 1, "unknown key `more`"),
            // A known key ends the run: serde reports it given twice, and recovery sets
            // the second aside.
            (11, 1, "key `action` is given twice"),
            (12, 1, "unknown key `last`"),
        ]
    );
    let errors = load_file_all(
        Path::new("specs/v/s/1/A.yaml"),
        "action: A\nsummary: s\nrequest: []\n\
        response: []\nerrors: []\nsumary:\n  x: 1\nmodel: m\n"
            .to_owned(),
        Kind::Action,
    )
    .unwrap_err();
    let hints: Vec<(usize, &str, Option<&str>)> =
        errors.iter().map(|d| (d.line, d.path.as_str(), d.hint.as_deref())).collect();
    assert_eq!(hints, [(6, "sumary", Some("did you mean `summary`?")), (8, "model", Some("known keys here: action, title, summary, description, http, rate_limits, request, response, response_body, rules, errors, examples, notes"))]);
}

/// A key after an unknown key that is not written plainly (here a space before its colon)
/// is left to serde, which names it as it reads it.
#[test]
fn an_unknown_key_after_another_is_named_as_serde_reads_it() {
    let found = all("action: A\nsummary: s\nrequest: []\nresponse: []\nerrors: []\nbogus: 1\nmore : 2\n");
    let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(found, [(6, 1, "unknown key `bogus`"), (7, 1, "unknown key `more`")]);
}

/// A file lists at most `MAX_LISTED` problems, then one that counts those found after them.
/// (Recovery used to parse the file again for each unknown key: 50,000 of them in 5 MB took
/// over a minute, and only the first 128 were listed, with nothing said of the others.
/// Spread one to a map, they took a parse each up to the cap, 90 s, until they were found
/// with one parse for all.)
#[test]
fn a_file_lists_at_most_a_hundred_problems() {
    let keys: String = (0..250).map(|i| format!("bogus{i}:\n  nested: 2\n")).collect();
    let text = format!("action: A\nsummary: s\nrequest: []\nresponse: []\nerrors: []\n{keys}");
    let found = all(&text);
    assert_eq!(found.len(), MAX_LISTED + 1);
    assert_eq!(found[99], (6 + 2 * 99, 1, "unknown key `bogus99`".to_owned()));
    let more = "150 more problems from here on are not listed, nor the file checked past them (a file lists 100)";
    assert_eq!(found[100], (6 + 2 * 100, 1, more.to_owned()));
    // The count says where checking stopped: it sorts after any problem at its place.
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    let stops: Vec<usize> = (0..errors.len()).filter(|&i| errors[i].stops_checking).collect();
    assert_eq!(stops, [MAX_LISTED]);
    // Unknown keys one to a map stop there too.
    let items: String =
        (0..120).map(|i| format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus: 1\n")).collect();
    let found = all(&format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n"));
    assert_eq!(found.len(), MAX_LISTED + 1);
    let more = "1 more problem here is not listed, nor the file checked past it (a file lists 100)";
    assert_eq!(found[100], (4 + 4 * 100 + 3, 5, more.to_owned()));
}

/// Unknown keys spread over many maps are found with one parse for all of them (checked
/// by that parse, so that they are listed in serde's order around other problems): they
/// no longer use up recovery's passes, which here other problems take 80 of.
#[test]
fn unknown_keys_in_many_maps_are_listed_in_order_without_a_pass_each() {
    // The first unknown key has no others of its kind: the next are still found at once.
    let mut text = String::from("action: A\nextra: 1\nrequest:\n");
    let mut expected = vec![(2, 1, "unknown key `extra`".to_owned())];
    let mut line = 3;
    let mut add = |item: String, problems: &[(usize, usize, &str)]| {
        for (offset, column, message) in problems {
            expected.push((line + offset, *column, message.to_string()));
        }
        line += item.lines().count();
        text.push_str(&item);
    };
    let wrong = "wrong value type: list, expected a string";
    for i in 0..40 {
        // A wrong value, then its key missing (not reported): two passes each.
        add(format!("  - name: W{i}\n    type: string\n    summary: [x]\n"), &[(3, 14, wrong)]);
    }
    for i in 0..50 {
        let bogus = format!("  - name: U{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n");
        let unknown = format!("unknown key `bogus{i}`");
        add(bogus, &[(4, 5, &unknown)]);
        if i == 25 {
            // Reported at its map's start, after the unknown key in it.
            add(
                "  - name: M\n    summary: s\n    odd: 1\n".to_owned(),
                &[(3, 5, "unknown key `odd`"), (1, 5, "missing required key `type`")],
            );
        }
    }
    text.push_str("response: []\nerrors: []\n");
    expected.push((1, 1, "missing required key `summary`".to_owned()));
    let found = all(&text);
    assert_eq!(found.len(), 1 + 40 + 50 + 2 + 1);
    assert_eq!(found, expected);
}

/// When the list is full at an unknown key, the count of what is not listed takes in the
/// unknown keys after it in its map, which a pass would report with it.
#[test]
fn the_count_past_a_full_list_takes_in_the_unknown_keys_after_the_first() {
    let text = "action: A\nsummary: [x]\nrequest: []\nresponse: []\nerrors: []\nbogus: 1\nmore: 2\nlast: 3\n";
    let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.to_owned());
    let found = parse::<ActionSpec>(&source, 1, MAX_READ).unwrap_err();
    let found = placed(&found);
    let more = "3 more problems from here on are not listed, nor the file checked past them (a file lists 100)";
    assert_eq!(found, [(2, 10, "wrong value type: list, expected a string"), (6, 1, more)]);
}

/// Each pass of recovery reads the whole file; when they run out, the last diagnostic
/// says where checking stopped.
#[test]
fn recovery_says_where_it_stopped_when_its_passes_run_out() {
    let items: String = (0..120).map(|i| format!("  - name: W{i}\n    type: string\n    summary: [x]\n")).collect();
    let found = all(&format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n"));
    // Two passes each: the wrong value, then the key missing once set aside.
    assert_eq!(found.len(), MAX_ROUNDS / 2 + 1);
    assert!(found[..MAX_ROUNDS / 2].iter().all(|(_, _, m)| m.starts_with("wrong value type")), "{found:?}");
    let stopped = "the file is not checked past here: recovering from the problems before it took 128 passes";
    assert_eq!(found[MAX_ROUNDS / 2], (4 + 3 * (MAX_ROUNDS / 2) + 2, 14, stopped.to_owned()));
}

/// A large file gets fewer passes than a small one: problems of two kinds in turn, which
/// no batch finds together, stop recovery once its reads add up to its budget, here ten
/// times the file (4.3 MB with a pass per problem took 25 s before there was a budget).
#[test]
fn recovery_of_a_large_file_stops_when_it_has_read_its_budget() {
    let text = problems_of_two_kinds_in_turn(40);
    let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.clone());
    let found = parse::<ActionSpec>(&source, MAX_LISTED, 10 * text.len()).unwrap_err();
    let found = placed(&found);
    let wrong = "wrong value type: list, expected a string";
    let stopped = "the file is not checked past here: recovering from the problems before it took 5 passes over \
                   the file's 3 KiB, 22 KiB read in all, the most a file is given";
    // Two passes each: the unknown key with a batch that finds nothing before the wrong
    // value; the wrong value, then its key missing. The fifth pass ends past the budget.
    let expected = [
        (7, 5, "unknown key `bogus0`"),
        (10, 14, wrong),
        (14, 5, "unknown key `bogus2`"),
        (17, 14, wrong),
        (15, 5, stopped),
    ];
    assert_eq!(found, expected);
    // With the whole budget, the round cap comes first.
    assert!(text.len() * MAX_ROUNDS < MAX_READ);
    assert_eq!(all(&text).len(), 40, "every problem");
}

/// An action whose `count` request parameters have, in turn, an unknown key (`bogus0`) and a
/// summary of the wrong type.
fn problems_of_two_kinds_in_turn(count: usize) -> String {
    let items: String = (0..count)
        .map(|i| match i % 2 {
            0 => format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n"),
            _ => format!("  - name: F{i}\n    type: string\n    summary: [x]\n"),
        })
        .collect();
    format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n")
}

/// A batch of unknown keys that lists none, since another problem comes first, does not
/// end batching for the rest of the file: here the other problem is followed by forty
/// unknown keys, found with one read for all instead of one each (which would spend the
/// budget of sixteen reads of the file).
#[test]
fn batching_resumes_after_a_batch_that_lists_nothing() {
    let items: String =
        (2..42).map(|i| format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n")).collect();
    let text = format!(
        "action: A\nsummary: s\nrequest:\n  - name: F0\n    type: string\n    summary: s\n    bogus0: 1\n  \
         - name: F1\n    type: string\n    summary: [x]\n{items}response: []\nerrors: []\n"
    );
    let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.clone());
    let found = parse::<ActionSpec>(&source, MAX_LISTED, 16 * text.len()).unwrap_err();
    let found: Vec<(usize, usize, String)> = found.into_iter().map(|d| (d.line, d.column, d.message)).collect();
    assert_eq!(found.len(), 42, "{found:#?}");
    assert_eq!(found[1], (10, 14, "wrong value type: list, expected a string".to_owned()));
    assert_eq!(found[41], (11 + 4 * 39 + 3, 5, "unknown key `bogus41`".to_owned()));
    assert_eq!(found, all(&text));
}

/// Batches that list nothing, in a row, start fewer and fewer batches after them (the next
/// 1, 3, 7, ... unknown keys start none), so that where they would list nothing they cost
/// few reads: here, with unknown keys and wrong values in turn, the budget of eighty reads
/// of the file lasts 48 passes.
#[test]
fn batches_that_list_nothing_in_a_row_are_tried_less_and_less_often() {
    let text = problems_of_two_kinds_in_turn(60);
    let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.clone());
    let found = parse::<ActionSpec>(&source, MAX_LISTED, 80 * text.len()).unwrap_err();
    let stopped = "the file is not checked past here: recovering from the problems before it took 48 passes over \
                   the file's 4 KiB, 259 KiB read in all, the most a file is given";
    assert_eq!(found.len(), 33);
    let last = found.last().expect("a stop");
    assert_eq!((last.line, last.column, last.message.as_str()), (119, 5, stopped));
}

/// Recovery gives every missing key's placeholder a value of the key's type, as long as
/// its passes last; it used to stop at the sixteenth, without a word at first, and here
/// at the ninth rate limit, not listing `extra`.
#[test]
fn recovery_gives_every_missing_key_a_stand_in_value_while_its_passes_last() {
    // Two keys of other types than text missing from each rate limit.
    let limits = "  - scope: all\n".repeat(9);
    let found =
        all(&format!("action: A\nsummary: s\nrate_limits:\n{limits}request: []\nresponse: []\nerrors: []\nextra: 1\n"));
    let missing = |key: &'static str| (0..9).map(move |i| (4 + i, 5, format!("missing required key `{key}`")));
    let mut expected: Vec<(usize, usize, String)> =
        missing("requests").zip(missing("per")).flat_map(|(r, p)| [r, p]).collect();
    expected.push((16, 1, "unknown key `extra`".to_owned()));
    assert_eq!(found, expected);
    // Four passes a limit: the round cap ends the forty limits' recovery in the thirty-third.
    let limits = "  - scope: all\n".repeat(40);
    let found = all(&format!("action: A\nsummary: s\nrate_limits:\n{limits}request: []\nresponse: []\nerrors: []\n"));
    assert_eq!(found.len(), 2 * 32 + 1, "{found:#?}");
    let stopped = "the file is not checked past here: recovering from the problems before it took 128 passes";
    assert_eq!(found[64], (4 + 32, 5, stopped.to_owned()));
    // A type recovery has no stand-in value of (no spec key has one yet).
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        address: std::net::IpAddr,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Items {
        items: Vec<Item>,
    }
    let source = Source::new(Path::new("specs/v/s/1/A.yaml"), "items:\n  - name: x\nextra: 1\n".to_owned());
    let found = parse::<Items>(&source, MAX_LISTED, MAX_READ).unwrap_err();
    let found = placed(&found);
    let stopped = "the file is not checked past here: recovery has no stand-in value of the type `address` takes";
    assert_eq!(found, [(2, 5, "missing required key `address`"), (2, 5, stopped)]);
}

/// A key given twice is reported at its second place, a key of its own map's (not one of
/// the same name in a map nested between them), and set aside there: the rest of the file
/// is still checked.
#[test]
fn a_key_given_twice_is_placed_on_its_second_and_set_aside() {
    let found = all("action: A\nsummary: s\nrequest: []\nresponse:\n  - name: R\n    type: string\n    \
                     summary: s\n    result_codes:\n      enum: E\n      codes:\n        - code: 0\n          \
                     name: Ok\n          summary: s\n    name: Again\nerrors: []\nbogus: 1\n");
    let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
    assert_eq!(found, [(14, 5, "key `name` is given twice"), (16, 1, "unknown key `bogus`")]);
}

/// (line, column, message) of each diagnostic.
fn placed(found: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
    found.iter().map(|d| (d.line, d.column, d.message.as_str())).collect()
}

/// (line, column, message) of every diagnostic of an action file.
fn all(text: &str) -> Vec<(usize, usize, String)> {
    let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).unwrap_err();
    errors.into_iter().map(|d| (d.line, d.column, d.message)).collect()
}

#[test]
fn several_keys_missing_from_one_map_are_all_reported() {
    let found = all("action: A\nrequest:\n  - name: X\n    required: true\n  - name: Y\n    type: string\n    \
                     sumary: y\nerrors: []\n");
    let expected = [
        (3, 5, "missing required key `type`"),
        (3, 5, "missing required key `summary`"),
        (7, 5, "unknown key `sumary`"),
        (1, 1, "missing required key `summary`"),
        (1, 1, "missing required key `response`"),
    ];
    assert_eq!(found, expected.map(|(l, c, m)| (l, c, m.to_owned())));
}

#[test]
fn keys_missing_from_a_placeholder_are_not_reported() {
    // The example lacks `response`; its placeholder map then lacks `body`, which says
    // nothing new, but recovery cannot add it, and says that it stopped there.
    let found = all("action: A\nsummary: s\nrequest: []\nresponse: []\nerrors:\n  - code: E\n    summary: e\n\
                     examples:\n  - title: t\n    request: '{}'\nextra: 1\n");
    let stopped = "the file is not checked past here: the empty map recovery put in for `response` lacks `body`, \
                   which it cannot add";
    assert_eq!(found, [(9, 5, "missing required key `response`".to_owned()), (9, 5, stopped.to_owned())]);
}

/// Where recovery cannot set a problem aside, a last diagnostic says that checking
/// stopped there and why, rather than leaving the problems after it (here `extra`)
/// unmentioned.
#[test]
fn recovery_that_cannot_go_on_says_where_it_stopped() {
    let action =
        |request: &str| all(&format!("action: A\nsummary: s\nrequest:\n{request}response: []\nerrors: []\nextra: 1\n"));
    let stopped = |why: &str| format!("the file is not checked past here: {why}");
    // An unknown key that is a list item's first key, and a wrong value of a quoted key.
    let plainly = stopped("recovery sets aside only a key written plainly at the start of its line");
    let found = action("  - bogus: 1\n    name: X\n    type: string\n    summary: s\n");
    assert_eq!(found, [(4, 5, "unknown key `bogus`".to_owned()), (4, 5, plainly.clone())]);
    let found = action("  - name: X\n    type: string\n    'summary': [x]\n");
    let wrong = "wrong value type: list, expected a string".to_owned();
    assert_eq!(found, [(6, 16, wrong.clone()), (6, 16, plainly)]);
    // Commenting out a key whose flow list goes on less indented than the key leaves the
    // list's end alone, which then does not parse.
    let broken = stopped("recovery's edits of the problems before it left YAML that does not parse");
    let found = action(
        "  - name: X\n    type: string\n    summary: [a,\n  b]\n  - name: Y\n    type: string\n    summary: s\n",
    );
    assert_eq!(found, [(6, 14, wrong), (8, 3, broken.clone())]);
    let found = action("  - name: X\n    type: string\n    summary: s\n    bogus: [a,\n  b]\n  - name: Y\n    type: string\n    summary: s\n");
    assert_eq!(found, [(7, 5, "unknown key `bogus`".to_owned()), (9, 3, broken)]);
}

/// Where recovery stops, it stops for the unknown keys found in one read as well: a key of
/// the kind being listed that lies past the stop (here inside the list item whose first key,
/// unknown, stopped it) is not reported.
#[test]
fn unknown_keys_found_in_one_read_are_not_reported_past_a_stop() {
    let item = |first: &str, bogus: &str| {
        format!("  - {first}\n    name: X\n    type: string\n    summary: s\n    limits:\n      {bogus}: 1\n")
    };
    let request = [item("required: true", "bogus0"), item("oops: 1", "bogus1")].concat();
    let found = all(&format!("action: A\nsummary: s\nrequest:\n{request}response: []\nerrors: []\n"));
    let stopped = "the file is not checked past here: recovery sets aside only a key written plainly at the start of \
                   its line";
    let expected = [(9, 7, "unknown key `bogus0`"), (10, 5, "unknown key `oops`"), (10, 5, stopped)];
    assert_eq!(found, expected.map(|(line, column, message)| (line, column, message.to_owned())));
}

/// A block list where one value or a map belongs is set aside with its key, however the list
/// is indented, so the problems after it are still found (recovery used to stop there); the
/// key set aside is not then called missing. An unknown key inside a flow map is where
/// recovery stops: only a key that starts its line is set aside.
#[test]
fn a_list_where_one_value_belongs_is_set_aside_with_its_key() {
    let action = |body: &str| all(&format!("action: A\n{body}response: []\nerrors: []\nextra: 1\n"));
    let wrong = |line, column, expected| (line, column, format!("wrong value type: list, expected {expected}"));
    let extra = |line| (line, 1, "unknown key `extra`".to_owned());
    let found = action("summary:\n  - one\n  - two\nrequest: []\n");
    assert_eq!(found, [wrong(3, 3, "a string"), extra(8)]);
    let found = action("summary:  # a list\n\n- one\n- two\nrequest: []\n");
    assert_eq!(found, [wrong(4, 1, "a string"), extra(9)]);
    let field = "  - name: X\n    type: string\n    summary: s\n    limits:\n      - max_length: 3\n    bogus: 1\n";
    let found = action(&format!("summary: s\nrequest:\n{field}"));
    let bogus = (9, 5, "unknown key `bogus`".to_owned());
    assert_eq!(found, [wrong(8, 7, "a map of keys"), bogus, extra(12)]);
    // A wrong item of a list, however deeply the list is indented, goes alone.
    let found = action("summary: s\nrequest: []\nrules:\n      - at_least_one\n      - exactly_one: [A]\n");
    let item = (5, 9, "wrong value type: string \"at_least_one\", expected a map of keys".to_owned());
    assert_eq!(found, [item, extra(9)]);
    // A list that is a list item's first key's value stays where recovery stops.
    let found = action("summary: s\nrequest:\n  - summary:\n      - one\n    name: X\n    type: string\n");
    let stopped = "the file is not checked past here: recovery sets aside only a key written plainly at the start of \
                   its line";
    assert_eq!(found, [wrong(5, 7, "a string"), (5, 7, stopped.to_owned())]);
    let found = action(
        "summary: s\nrequest:\n  - name: X\n    type: string\n    summary: s\n    limits: {max_length: 3, odd: 1}\n",
    );
    assert_eq!(found, [(7, 29, "unknown key `odd`".to_owned()), (7, 29, stopped.to_owned())]);
}

/// The unknown keys found in one read are listed up to where serde raises its next problem:
/// where it points, except that a key missing from a block map is raised where the map
/// ends, past blank lines and comments, and one missing from the whole file at its end. A
/// place too early costs only passes, so this pins it directly.
#[test]
fn the_next_problem_is_raised_where_serde_reads_it() {
    let raised = |text: &str| {
        let error = yaml_serde::from_str::<ActionSpec>(text).expect_err(text);
        read_at_or_after(text, &error)
    };
    let tail = "  - name: Y\n    type: string\n    summary: s\nresponse: []\nerrors: []\n";
    // A wrong value, where it stands.
    assert_eq!(raised("action: A\nsummary: [x]\nrequest: []\nresponse: []\nerrors: []\n"), (2, 10));
    // A key missing from the first item, at the next item, past a blank line and a comment.
    let block = format!("action: A\nsummary: s\nrequest:\n  - name: X\n    summary: s\n\n# aside\n{tail}");
    assert_eq!(raised(&block), (8, 1));
    // From a flow map, at the map (its keys are never listed).
    assert_eq!(raised(&format!("action: A\nsummary: s\nrequest:\n  - {{name: X, summary: s}}\n{tail}")), (4, 5));
    // From the file, at the end of its document, or past every line.
    assert_eq!(raised("summary: s\nrequest: []\nresponse: []\nerrors: []\n...\n"), (5, 1));
    assert_eq!(raised("summary: s\nrequest: []\nresponse: []\nerrors: []\n"), (usize::MAX, 1));
}

/// The unknown keys after one set aside in its map are commented out and listed together,
/// past blank lines and comments, up to the first key the map takes.
#[test]
fn unknown_keys_after_one_set_aside_are_listed_past_blank_lines_and_comments() {
    let mut text = "action: A\n#bogus: 1\n\nmore: 2\n# aside\nlast: 3\nsummary: s\nodd: 4\n".to_owned();
    let known = ["action", "summary", "request", "response", "errors"].map(str::to_owned);
    let (listed, more) = unknown_siblings(&mut text, 2, 1, &known, 10);
    assert_eq!(listed, [(4, "more".to_owned()), (6, "last".to_owned())]);
    assert_eq!(more, None);
    assert_eq!(text, "action: A\n#bogus: 1\n\n#more: 2\n# aside\n#last: 3\nsummary: s\nodd: 4");
}

#[test]
fn a_missing_key_of_another_type_gets_a_value_of_that_type() {
    // `per` is one of some words, `codes` a list, `requests` a number, `http` a map: each
    // placeholder is given a value serde takes, and later mistakes are still found.
    let found = all("action: A\nsummary: s\nhttp:\n  path: /x\nrate_limits:\n  - scope: all\n\
                     request: []\nresponse:\n  - name: R\n    type: u32\n    summary: r\n    result_codes:\n      \
                     enum: RCode\nerrors:\n  - code: E\n    summary: e\n    retry: nevr\n");
    let messages: Vec<(usize, &str)> = found.iter().map(|(l, _, m)| (*l, m.as_str())).collect();
    assert_eq!(
        messages,
        [
            (4, "missing required key `method`"),
            (6, "missing required key `requests`"),
            (6, "missing required key `per`"),
            (13, "missing required key `codes`"),
            (17, "unknown value `nevr`"),
        ]
    );
}

#[test]
fn a_key_set_aside_in_one_map_is_still_reported_missing_from_another() {
    let found = all("action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    summary: [x]\n  \
                     - name: Y\n    type: string\nresponse: []\nerrors: []\n");
    let messages: Vec<(usize, &str)> =
        found.iter().map(|(l, _, m)| (*l, &m[..m.find(':').unwrap_or(m.len())])).collect();
    assert_eq!(messages, [(6, "wrong value type"), (7, "missing required key `summary`")]);
}

/// The key an unknown key's hint names is not called missing; but where the file has that
/// key too, its own mistakes are its own, and reported.
#[test]
fn a_key_an_unknown_key_is_taken_for_keeps_its_own_mistakes() {
    let found = all("action: A\nsummary: s\nrequst: []\nrequest:\n  - name: X\n    summary: x\nresponse: []\n\
                     errors: []\n");
    let expected = [(3, 1, "unknown key `requst`"), (5, 5, "missing required key `type`")];
    assert_eq!(found, expected.map(|(l, c, m)| (l, c, m.to_owned())));
    // Where it has no such key, the hint says it already.
    let found = all("action: A\nsummary: s\nrequst: []\nresponse: []\nerrors: []\n");
    assert_eq!(found, [(3, 1, "unknown key `requst`".to_owned())]);
}

#[test]
fn a_required_key_with_a_wrong_value_does_not_hide_later_mistakes() {
    let found = all("action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    summary: [x]\n  \
                     - name: Y\n    type: string\n    summary: y\n    bogus: 1\nresponse: []\nerrors: []\n");
    let messages: Vec<(usize, &str)> =
        found.iter().map(|(l, _, m)| (*l, &m[..m.find(':').unwrap_or(m.len())])).collect();
    assert_eq!(messages, [(6, "wrong value type"), (10, "unknown key `bogus`")]);
}

#[test]
fn an_empty_document_is_missing_every_required_key_at_its_start() {
    let missing = |key: &str| (1, 1, format!("missing required key `{key}`"));
    let expected = ["action", "summary", "request", "response", "errors"].map(missing);
    for text in ["---", "---\n", "--- # nothing yet\n\n...\n"] {
        assert_eq!(all(text), expected, "{text:?}");
    }
    // As for a file with one key.
    assert_eq!(all("action: A\n"), expected[1..]);
}

#[test]
fn missing_key_is_named() {
    let text = "vendor: x\nname: X\n".to_owned();
    let error = load_file(Path::new("specs/x/vendor.yaml"), text, Kind::Vendor).unwrap_err();
    assert_eq!(error.message, "missing required key `summary`");
}

#[test]
fn each_placeholder_in_a_value_is_placed_and_comments_and_keys_are_not_values() {
    let text = "# Replace every <fill in>.\naction: A\nsummary: \"Adds <fill in> to <fill in>.\"\nnotes: >\n  \
                Long text\n  ending in <fill in>\nrequest: []\nresponse: []\nerrors: [{code: <fill in>, summary: s}]\n\
                examples: []\n";
    let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).unwrap_err();
    let places: Vec<(usize, usize, &str)> = found.iter().map(|d| (d.line, d.column, d.path.as_str())).collect();
    assert_eq!(places, [(3, 16, "summary"), (3, 29, "summary"), (6, 13, "notes"), (9, 17, "errors[0].code")]);
    assert!(found.iter().all(|d| d.message.contains(PLACEHOLDER) && d.note.is_none()), "{found:?}");
    // A key holding one is not a placeholder to fill in, but an unknown key.
    let text = "action: A\nsummary: <fill in>\nrequest: []\nresponse: []\nerrors: []\n<fill in>: x\n";
    let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).unwrap_err();
    let found = placed(&found);
    let placeholder = "`<fill in>` is a placeholder `cargo xtask new` wrote, still to be filled in";
    assert_eq!(found, [(2, 10, placeholder), (6, 1, "unknown key `<fill in>`")]);
}

/// A control character is named where it stands (the parser says only that one is
/// there), and a no-break space where YAML wants a space is named instead of the
/// indentation error it causes on the next line.
#[test]
fn stray_characters_are_named_where_they_stand() {
    let load = |text: &str| load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).unwrap_err();
    let place = |found: Vec<Diagnostic>| {
        assert_eq!(found.len(), 1, "{found:?}");
        (found[0].line, found[0].column, found[0].message.clone())
    };
    let spec =
        "action: A\nsummary: s\nrequest:\n  - name: Timeout\n    type: u32\n    summary: s\nresponse: []\nerrors: []\n";
    let cases = [
        ("s\nrequest", "s\u{0}\nrequest", 2, 11, "the file holds a NUL character (U+0000), which YAML does not allow"),
        (
            "type: u32",
            "type:\u{b} u32",
            5,
            10,
            "the file holds the control character U+000B, which YAML does not allow",
        ),
        (
            "name: Timeout",
            "name:\u{a0}Timeout",
            4,
            10,
            "a no-break space (U+00A0) after `name:`, where YAML needs a space to end the key",
        ),
        (
            "    type: u32",
            "  \u{a0} type: u32",
            5,
            3,
            "a no-break space (U+00A0) in the indentation, where YAML takes only spaces",
        ),
    ];
    for (from, to, line, column, message) in cases {
        assert_eq!(place(load(&spec.replace(from, to))), (line, column, message.to_owned()), "{to:?}");
    }
    // In prose, after text that is no key, it is the writer's to keep: text with a space,
    // or starting with a digit, before the colon.
    let prose = spec.replace("summary: s\nrequest", "summary: \"Adds a face:\u{a0}fast\"\nrequest");
    assert!(load_file_all(Path::new("specs/v/s/1/A.yaml"), prose, Kind::Action).is_ok());
    for line in ["The face:\u{a0}fast", "2024:\u{a0}a year"] {
        let block = spec.replace("summary: s\nrequest", &format!("summary: s\nnotes: |\n  {line}\nrequest"));
        load_file_all(Path::new("specs/v/s/1/A.yaml"), block, Kind::Action)
            .unwrap_or_else(|e| panic!("{line:?}: {e:?}"));
    }
}

/// The quick look for bytes worth a scan misses no control character: not in a file that
/// holds nothing else (no space, line break or letter to start the scan for another reason).
#[test]
fn a_control_character_is_named_whatever_surrounds_it() {
    let load = |text: &str| load_file_all(Path::new("specs/x/vendor.yaml"), text.to_owned(), Kind::Vendor).unwrap_err();
    let cases = [
        ("\u{0}", 1, 1, "the file holds a NUL character (U+0000), which YAML does not allow"),
        ("vendor:\u{1b}", 1, 8, "the file holds the control character U+001B, which YAML does not allow"),
    ];
    for (text, line, column, message) in cases {
        let found: Vec<(usize, usize, String)> =
            load(text).into_iter().map(|d| (d.line, d.column, d.message)).collect();
        assert_eq!(found, [(line, column, message.to_owned())], "{text:?}");
    }
}

/// A key with nothing after it is reported, once, right after its colon, however serde
/// would have read it (as no limits, no default, or a wrong value for `required`).
#[test]
fn a_key_given_no_value_is_reported_instead_of_read_as_absent() {
    let text = "action: A\nsummary: s\nrequest:\n  - name: N\n    type: string\n    summary: s\n    \
                required:\n    limits:\n      allowed:\n  - name: M\n    type: string\n    summary: s\n    \
                default:\n    example: ~\nresponse: []\nerrors: []\nexamples: []\n";
    let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).unwrap_err();
    let places: Vec<(usize, usize, &str, &str)> =
        found.iter().map(|d| (d.line, d.column, d.path.as_str(), d.message.as_str())).collect();
    let expected = [
        (7, 14, "request[0].required", "`required` has no value"),
        (9, 15, "request[0].limits.allowed", "`allowed` has no value"),
        (13, 13, "request[1].default", "`default` has no value"),
    ];
    assert_eq!(places, expected);
    // `~` is written on purpose, so it is not a slip: the loader reads it as serde does.
    assert!(found.iter().all(|d| d.hint.as_deref().is_some_and(|h| h.contains("leave the key out"))));
    // Where serde reads every key, the file loads, and its empty values go to the checker.
    let text = text.replace("    required:\n", "");
    let loaded = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).expect("loads");
    let places: Vec<(usize, &str)> = loaded.empty_values.iter().map(|d| (d.line, d.path.as_str())).collect();
    assert_eq!(places, [(8, "request[0].limits.allowed"), (12, "request[1].default")]);
    // The lines alone clear a spec without one, which is then not parsed again for it.
    for spec in [
        include_str!("../../../specs/tencent/iai/2018-03-01/CreateFace.yaml"),
        include_str!("../../../specs/azure/face/v1.0/PersonGroupPersonAddFace.yaml"),
        include_str!("../../../specs/tencent/vendor.yaml"),
    ] {
        assert!(!may_hold_an_empty_value(spec));
    }
    assert!(may_hold_an_empty_value("request:\n  - name:\n  - name: B\n"));
    // Prose ending in a colon is no key; the key after the prose is one.
    assert!(!may_hold_an_empty_value("notes: |\n  As follows:\n  one.\nerrors: []\n"));
    assert!(may_hold_an_empty_value("request:\n  - notes: >-\n      Text:\n    limits:\n  - name: B\n"));
    assert!(may_hold_an_empty_value("errors:\n  # none yet\nexamples: []\n"));
    assert!(!may_hold_an_empty_value("errors:\n- code: X\n"));
}

/// The look at the lines alone passes over what is no key given no value: a comment ending
/// in a colon, a list's plain items, and prose ending in a colon in a block under a list
/// item's key, indented deeper than that key.
#[test]
fn lines_that_only_look_like_an_empty_key_do_not_need_a_parse() {
    for text in [
        "# Keys:\naction: A\n",
        "rules:\n  - at_least_one:\n      - A\n      - B\nerrors: []\n",
        "request:\n  - notes: >-\n      As follows:\n      one.\n    type: string\n",
    ] {
        assert!(!may_hold_an_empty_value(text), "{text:?}");
    }
}

/// With the list full of placeholders, a placeholder that is also a wrong value is not
/// one more problem: it is listed already.
#[test]
fn a_placeholder_in_a_full_list_is_not_counted_again() {
    let mut text = "action: A\nsummary: s\nrequest:\n  - name: N\n    type: string\n    summary: s\n    \
                    limits:\n      max_length: <fill in>\nresponse: []\nerrors:\n"
        .to_owned();
    for i in 1..MAX_LISTED {
        text.push_str(&format!("  - code: E{i}\n    summary: <fill in>\n"));
    }
    let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).unwrap_err();
    assert_eq!(found.len(), MAX_LISTED, "{:?}", found.last());
    assert!(found.iter().all(|d| d.message.contains(PLACEHOLDER)), "{:?}", found.last());
    assert_eq!(found[0].path, "request[0].limits.max_length");
}

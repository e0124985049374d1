//! The human-readable reference of each service version, rendered with askama.

use askama::Template;

use super::describe;
use super::markdown::{code, esc, esc_link_text};
use crate::ir::{Action, ErrorCode, ErrorOrigin, Field, Service};

#[derive(Template)]
#[template(path = "service.md", escape = "none")]
struct ServiceDoc {
    header: String,
    title: String,
    summary: String,
    vendor: String,
    /// The vendor's name in a table cell.
    vendor_cell: String,
    service: String,
    version: String,
    protocol: String,
    endpoint: String,
    region: String,
    regions: String,
    module: String,
    feature: String,
    spec_file: String,
    notes: String,
    vendor_notes: String,
    actions: Vec<ActionView>,
    models: Vec<ModelView>,
    common_errors: Vec<ErrorRow>,
}

struct ActionView {
    title: String,
    /// The title as the text of the link to the action's heading: without autolinks.
    link_text: String,
    anchor: String,
    summary: String,
    description: String,
    notes: String,
    marker: String,
    request_type: String,
    response_type: String,
    error_code_type: String,
    error_type: String,
    method: String,
    path: String,
    spec_file: String,
    rate_limits: Vec<String>,
    rules: Vec<String>,
    request: Vec<FieldRow>,
    request_notes: Vec<NoteRow>,
    response: Vec<FieldRow>,
    response_notes: Vec<NoteRow>,
    /// The type of a response body that is a JSON list; empty otherwise.
    response_body: String,
    result_codes: Vec<ResultCodesView>,
    errors: Vec<ErrorRow>,
    error_notes: Vec<NoteRow>,
    examples: Vec<ExampleView>,
}

/// What a table row has no room for: a field's description, example and notes, or an error
/// code's notes, as one line under the table.
struct NoteRow {
    name: String,
    text: String,
}

struct FieldRow {
    wire: String,
    rust: String,
    ty: String,
    required: &'static str,
    location: String,
    default: String,
    limits: String,
    summary: String,
}

struct ResultCodesView {
    field: String,
    enum_name: String,
    /// The method that reads them (`CreateFaceResponse::ret_code_results()`).
    accessor: String,
    codes: Vec<ResultCodeRow>,
}

struct ResultCodeRow {
    code: String,
    variant: String,
    success: &'static str,
    summary: String,
}

struct ErrorRow {
    code: String,
    variant: String,
    http: String,
    retry: &'static str,
    summary: String,
}

struct ModelView {
    name: String,
    rust: String,
    summary: String,
    notes: String,
    fields: Vec<FieldRow>,
    field_notes: Vec<NoteRow>,
    result_codes: Vec<ResultCodesView>,
}

struct ExampleView {
    title: String,
    /// The code fence of the request and body: longer than any backtick run in them.
    fence: String,
    request: String,
    request_note: String,
    status: String,
    body: String,
}

/// A table cell: no line breaks, no bare `|`. Its lines are trimmed and joined with a space;
/// white space within a line stays, as a code span must show it.
pub(super) fn cell(text: &str) -> String {
    let lines: Vec<&str> = text.split(['\n', '\r']).map(str::trim).filter(|line| !line.is_empty()).collect();
    lines.join(" ").replace('|', "\\|")
}

/// Spec prose on one line, escaped like rustdoc's (see [`esc`]), so it can open no heading,
/// list, link, emphasis or HTML tag: a heading's, a list item's or a one-line note's text.
pub(super) fn prose_line(text: &str) -> String {
    esc(&one_line(text))
}

/// Spec prose on one line as a link's text: [`prose_line`] without autolinks.
pub(super) fn link_text(text: &str) -> String {
    esc_link_text(&one_line(text))
}

/// Spec prose as a table cell: [`prose_line`] with each `|` escaped. Only a table reads `\|`
/// in a code span as `|`; elsewhere the backslash would show.
pub(super) fn prose_cell(text: &str) -> String {
    prose_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A code fence for a block holding `a` and `b`: three backticks, or more than they hold in a row.
fn fence(a: &str, b: &str) -> String {
    let longest = super::markdown::longest_backtick_run(a).max(super::markdown::longest_backtick_run(b));
    "`".repeat(longest.max(2) + 1)
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn field_row(field: &Field) -> FieldRow {
    let mut summary = esc(&field.summary);
    if let Some(page) = &field.page_name {
        summary.push_str(&format!(" (The page prints {}.)", code(page)));
    }
    let mut limits = describe::field_limits(field).join("; ");
    if let Some(values) = &field.values {
        limits.push_str(&format!(" (Rust enum `{}`)", values.enum_name));
    }
    FieldRow {
        wire: cell(&code(&field.wire_name)),
        rust: field.rust_name.clone(),
        ty: field.ty.spelling(),
        required: yes_no(field.required),
        // The media type too, as rustdoc says it: for a body parameter it picks the body's form.
        location: match (field.raw_body_type(), &field.content_type) {
            (Some(media), _) => format!("whole body ({})", code(media)),
            (None, Some(media)) => format!("{} ({})", describe::location(field.location), code(media)),
            (None, None) => describe::location(field.location).to_owned(),
        },
        default: field.default.as_ref().map(|d| cell(&code(&d.to_string()))).unwrap_or_default(),
        limits: cell(&limits),
        summary: cell(&summary),
    }
}

/// The note line of a field, if it has a description, an example or notes.
fn field_note(field: &Field) -> Option<NoteRow> {
    let mut parts = Vec::new();
    parts.extend(field.description.as_deref().map(prose_line));
    parts.extend(field.example.as_ref().map(|example| format!("Example: {}.", code(&example.to_string()))));
    parts.extend(field.notes.as_deref().map(prose_line));
    (!parts.is_empty()).then(|| NoteRow { name: code(&field.wire_name), text: parts.join(" ") })
}

fn error_note(error: &ErrorCode) -> Option<NoteRow> {
    Some(NoteRow { name: code(&error.code), text: prose_line(error.notes.as_deref()?) })
}

/// The result-code tables of `fields`, those of the Rust type `owner` (the model `model`, if
/// any).
fn result_codes(owner: &str, model: Option<&str>, fields: &[Field]) -> Vec<ResultCodesView> {
    fields
        .iter()
        .filter_map(|field| {
            let codes = field.result_codes.as_ref()?;
            Some(ResultCodesView {
                field: code(&match model {
                    Some(model) => format!("{model}.{}", field.wire_name),
                    None => field.wire_name.clone(),
                }),
                enum_name: codes.enum_name.clone(),
                accessor: format!("{owner}::{}()", super::rust::result_accessor(field)),
                codes: codes
                    .codes
                    .iter()
                    .map(|c| ResultCodeRow {
                        code: cell(&code(&describe::plain(&c.code))),
                        variant: c.variant.clone(),
                        success: yes_no(c.success),
                        summary: prose_cell(&c.summary),
                    })
                    .collect(),
            })
        })
        .collect()
}

fn error_row(error: &ErrorCode) -> ErrorRow {
    let http: Vec<String> = error.http_status.iter().map(u16::to_string).collect();
    ErrorRow {
        code: cell(&code(&error.code)),
        variant: error.variant.clone(),
        http: http.join(", "),
        retry: describe::retry(error.retry),
        summary: prose_cell(&error.summary),
    }
}

fn action_view(action: &Action) -> ActionView {
    let own_errors = || action.errors.iter().filter(|e| e.origin == ErrorOrigin::Action);
    let title = action.title.clone().unwrap_or_else(|| action.name.clone());
    ActionView {
        // The id of a heading no earlier heading repeats (checked once the page is rendered).
        anchor: slug(&title),
        title: prose_line(&title),
        link_text: link_text(&title),
        summary: prose_line(&action.summary),
        description: esc(action.description.as_deref().unwrap_or_default()),
        notes: prose_line(action.notes.as_deref().unwrap_or_default()),
        marker: action.marker.clone(),
        request_type: action.request_type.clone(),
        response_type: action.response_type.clone(),
        error_code_type: action.error_code_type.clone(),
        error_type: action.error_type.clone(),
        method: action.method.clone(),
        path: action.path.clone(),
        spec_file: action.spec_file.clone(),
        rate_limits: action.rate_limits.iter().map(|limit| prose_line(&describe::rate_limit(limit))).collect(),
        rules: action.rules.iter().map(describe::rule).collect(),
        request: action.request.iter().map(field_row).collect(),
        request_notes: action.request.iter().filter_map(field_note).collect(),
        response: action.response.iter().map(field_row).collect(),
        response_notes: action.response.iter().filter_map(field_note).collect(),
        response_body: action.response_body.as_ref().map(|ty| ty.spelling()).unwrap_or_default(),
        result_codes: result_codes(&action.response_type, None, &action.response),
        errors: own_errors().map(error_row).collect(),
        error_notes: own_errors().filter_map(error_note).collect(),
        examples: action
            .examples
            .iter()
            .map(|example| ExampleView {
                title: prose_line(&example.title),
                fence: fence(example.request.as_deref().unwrap_or_default(), &example.body),
                request: example.request.clone().unwrap_or_default().trim_end().to_owned(),
                request_note: example.request_note.as_deref().map(prose_line).unwrap_or_default(),
                status: example.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
                body: example.body.trim_end().to_owned(),
            })
            .collect(),
    }
}

/// Renders the reference of one service version; `header` is the generated-file header.
pub fn service(service: &Service, target: &super::Target, header: &str) -> Result<String, String> {
    let doc = ServiceDoc {
        header: header.to_owned(),
        title: format!("{} {} ({})", prose_line(&service.vendor_name), prose_line(&service.name), service.version),
        summary: esc(&service.summary),
        vendor: prose_line(&service.vendor_name),
        vendor_cell: prose_cell(&service.vendor_name),
        service: service.id.clone(),
        version: service.version.clone(),
        protocol: describe::protocol(service.protocol).to_owned(),
        endpoint: service.endpoint.clone(),
        region: describe::region(service.region).to_owned(),
        regions: prose_cell(&service.regions.join(", ")),
        module: format!(
            "{}::{}::{}::{}",
            target.lib_name(),
            service.vendor_module,
            service.module,
            service.version_module
        ),
        feature: service.feature.clone(),
        spec_file: service.spec_file.clone(),
        notes: esc(service.notes.as_deref().unwrap_or_default()),
        vendor_notes: esc(service.vendor_notes.as_deref().unwrap_or_default()),
        actions: service.actions.iter().map(action_view).collect(),
        models: service
            .models
            .iter()
            .map(|model| ModelView {
                name: model.name.clone(),
                rust: model.rust_name.clone(),
                summary: prose_line(&model.summary),
                notes: [model.description.as_deref(), model.notes.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(prose_line)
                    .collect::<Vec<_>>()
                    .join(" "),
                fields: model.fields.iter().map(field_row).collect(),
                field_notes: model.fields.iter().filter_map(field_note).collect(),
                result_codes: result_codes(&model.rust_name, Some(&model.name), &model.fields),
            })
            .collect(),
        common_errors: service.common_errors.iter().map(error_row).collect(),
    };
    let render = |doc: &ServiceDoc| doc.render().map_err(|e| format!("docs template failed: {e}"));
    // The action list links each action's heading by the id GitHub gives it, which depends on
    // every heading before it (a second heading of the same text gets `-1`). The headings do
    // not depend on the links, so when one is numbered a second rendering corrects the links.
    let mut doc = doc;
    let mut page = render(&doc)?;
    let ids = heading_ids(&page);
    // The page's level-2 headings: `Actions`, one per action, then `Models` and `Common error codes`.
    let action_ids = ids.into_iter().filter(|(level, _)| *level == 2).skip(1).map(|(_, id)| id);
    let mut numbered = false;
    for (action, id) in doc.actions.iter_mut().zip(action_ids) {
        if action.anchor != id {
            action.anchor = id;
            numbered = true;
        }
    }
    if numbered {
        page = render(&doc)?;
    }
    Ok(format!("{}\n", page.trim_end()))
}

/// A heading's id as GitHub derives it from its text, before numbering: lowercased, without
/// punctuation but `-` and `_`, spaces as `-`.
fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The level and id of each heading of Markdown `page`, in order, as GitHub derives them: the
/// heading's text (escapes and code-span backticks gone) lowercased, without punctuation but
/// `-` and `_`, spaces as `-`; a repeated id gets `-1`, `-2`, ... Fenced blocks hold none.
fn heading_ids(page: &str) -> Vec<(usize, String)> {
    let mut ids = Vec::new();
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut fence: Option<(char, usize)> = None;
    for line in page.lines() {
        let run = |mark: char| line.len() - line.trim_start_matches(mark).len();
        let opening = ['`', '~'].into_iter().map(|mark| (mark, run(mark))).find(|(_, len)| *len >= 3);
        match (fence, opening) {
            (None, Some(open)) => fence = Some(open),
            (Some((mark, len)), Some((closing, at))) if closing == mark && at >= len => fence = None,
            _ => {}
        }
        let level = run('#');
        if fence.is_some() || opening.is_some() || !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
            continue;
        }
        let mut text = String::new();
        let mut chars = line[level..].trim().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => text.extend(chars.next()),
                '`' => {}
                c => text.push(c),
            }
        }
        let base = slug(&text);
        let mut id = base.clone();
        while taken.contains_key(&id) {
            let count = taken.entry(base.clone()).or_default();
            *count += 1;
            id = format!("{base}-{count}");
        }
        taken.insert(id.clone(), 0);
        ids.push((level, id));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec prose in a table cell stays in its cell and is text, as in rustdoc.
    #[test]
    fn prose_in_a_cell_is_one_escaped_line() {
        assert_eq!(
            prose_cell("a | `x|y`\n# not a heading, *not* <b>bold</b>"),
            "a \\| `x\\|y` # not a heading, \\*not\\* \\<b\\>bold\\</b\\>"
        );
        assert_eq!(prose_cell("at most 1080*1080 pixels, within 3k*3k"), "at most 1080\\*1080 pixels, within 3k\\*3k");
    }

    /// Outside a table a `|` is not escaped: in a code span of a heading or a note the backslash
    /// would show (found by the `markdown_cell` fuzz target).
    #[test]
    fn a_pipe_is_escaped_in_table_cells_only() {
        assert_eq!(prose_line("Use `a|b` | c"), "Use `a|b` | c");
        assert_eq!(prose_cell("Use `a|b` | c"), "Use `a\\|b` \\| c");
    }

    /// A cell keeps the white space of a code span: `a  b` is not `a b` (found by the
    /// `markdown_code` fuzz target).
    #[test]
    fn a_cell_keeps_the_spaces_of_a_code_span() {
        assert_eq!(cell(&code("a  b")), "`a  b`");
        assert_eq!(cell(&code("  x  ")), "`   x   `");
        assert_eq!(cell("a\n\n  `b  c`|\r\n"), "a `b  c`\\|");
    }

    /// A URL ends at a `|`: escaped as `\|` inside an autolink, it would stay in the link on
    /// GitHub but be a backslash and a pipe to other readers (found by the `markdown_cell`
    /// fuzz target).
    #[test]
    fn a_pipe_ends_a_url_in_a_cell() {
        assert_eq!(prose_cell("http://x.y/a_b*c|d"), "<http://x.y/a_b*c>\\|d");
    }

    /// A URL in a link's text is text: an autolink would be a link inside the link to the
    /// action, which GitHub renders (and then links the e-mail address after it as well).
    #[test]
    fn a_url_in_a_link_text_is_no_link() {
        assert_eq!(
            link_text("List (see https://x.y/a_b*c, www.x.y or a@b.c)"),
            "List (see https://x.y/a_b\\*c, www.x.y or a@b.c)"
        );
        // The heading keeps its autolink.
        assert_eq!(prose_line("see https://x.y/a_b*c"), "see <https://x.y/a_b*c>");
    }

    /// `[^` opens a footnote (found by the `markdown_cell` fuzz target): a title's leading
    /// `^` is escaped in the link's text, and only there.
    #[test]
    fn a_caret_opening_a_link_text_is_escaped() {
        assert_eq!(link_text("^`\\[^1]: n`["), "\\^`\\[^1]: n`\\[");
        assert_eq!(link_text("2^10 faces"), "2^10 faces");
    }

    /// Ids as GitHub gives them: a repeated heading's id is numbered, code spans and escapes
    /// are read as their text, and a fenced block holds no heading.
    #[test]
    fn heading_ids_follow_github() {
        let page = "# Page\n\n## Actions\n\n## Error codes\n\n### Error codes\n\n## `Error` codes!\n\n\
                    ````json\n```\n## not a heading\n````\n\n## A \\*b\\* c\\_d\n#hashtag\n\n## Error codes-1\n";
        let ids = heading_ids(page);
        let ids: Vec<(usize, &str)> = ids.iter().map(|(level, id)| (*level, id.as_str())).collect();
        assert_eq!(
            ids,
            [
                (1, "page"),
                (2, "actions"),
                (2, "error-codes"),
                (3, "error-codes-1"),
                (2, "error-codes-2"),
                (2, "a-b-c_d"),
                // Taken by the second heading: the next free number.
                (2, "error-codes-1-1"),
            ]
        );
    }
}

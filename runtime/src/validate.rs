//! Client-side validation of requests against every limit the vendor documents.
//!
//! Generated code describes each field's limits as rows of a static [`Limits`] table and
//! calls [`Validator::field`] once per field; the field's type picks the checks through
//! [`Check`], and every check is written here once. Violations are collected,
//! never returned early, each with its field path (`FuseParam.ImageCodecParam.MetaData[3].MetaKey`),
//! a stable rule name, the limit and what was found. Cheap checks run before expensive ones;
//! the full base64 alphabet scan runs last and can be switched off by callers that produced
//! the base64 themselves ([`Validated::without_base64_scan`]).

use std::fmt;
use std::sync::OnceLock;

use base64::Engine as _;

/// The rule a value broke. [`Rule::name`] is stable and machine-readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A required value is missing or empty.
    Required,
    /// Too few characters.
    MinLength,
    /// Too many characters.
    MaxLength,
    /// Too many UTF-8 bytes.
    MaxBytes,
    /// A number below its minimum.
    Min,
    /// A number above its maximum.
    Max,
    /// A floating-point number that is NaN or infinite, which JSON cannot carry (serde_json
    /// would send `null`).
    Finite,
    /// A value outside the allowed set.
    Allowed,
    /// Text that does not match its pattern.
    Pattern,
    /// Text that is not a URL.
    Url,
    /// Text that is not a UUID.
    Uuid,
    /// Too few list items.
    MinItems,
    /// Too many list items.
    MaxItems,
    /// base64 text longer than allowed.
    MaxEncodedSize,
    /// Text that is not well-formed base64.
    Base64,
    /// Decoded data smaller than allowed.
    MinDecodedSize,
    /// Decoded data larger than allowed.
    MaxDecodedSize,
    /// An image in a format the vendor does not accept.
    ImageFormat,
    /// An image whose shorter side is too short.
    MinShortSide,
    /// An image too wide.
    MaxWidth,
    /// An image too tall.
    MaxHeight,
    /// None of a group of parameters is given.
    AtLeastOne,
    /// Not exactly one of a group of parameters is given.
    ExactlyOne,
}

impl Rule {
    /// The stable name of the rule (`max_length`).
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::MinLength => "min_length",
            Rule::MaxLength => "max_length",
            Rule::MaxBytes => "max_bytes",
            Rule::Min => "min",
            Rule::Max => "max",
            Rule::Finite => "finite",
            Rule::Allowed => "allowed",
            Rule::Pattern => "pattern",
            Rule::Url => "url",
            Rule::Uuid => "uuid",
            Rule::MinItems => "min_items",
            Rule::MaxItems => "max_items",
            Rule::MaxEncodedSize => "max_encoded_size",
            Rule::Base64 => "base64",
            Rule::MinDecodedSize => "min_decoded_size",
            Rule::MaxDecodedSize => "max_decoded_size",
            Rule::ImageFormat => "image_format",
            Rule::MinShortSide => "min_short_side",
            Rule::MaxWidth => "max_width",
            Rule::MaxHeight => "max_height",
            Rule::AtLeastOne => "at_least_one",
            Rule::ExactlyOne => "exactly_one",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken limit. It serializes as `{"path", "rule", "limit", "found"}`, the rule by its
/// stable [name](Rule::name), for an API that passes violations on to its own callers.
///
/// The fields are public to read and assign, but the struct is `#[non_exhaustive]`, so that
/// a field added later (the limit as a number, say) is no breaking change: outside this
/// crate, [`Violation::new`] builds one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Violation {
    /// Path of wire names and indices to the value (`MetaData[3].MetaKey`); empty for rules
    /// across fields.
    pub path: String,
    /// The rule broken.
    #[serde(serialize_with = "rule_name")]
    pub rule: Rule,
    /// The limit, in words (`at most 120 characters`).
    pub limit: String,
    /// What was found (`121 characters`), never the whole value when it is large.
    pub found: String,
}

impl Violation {
    /// The violation of `rule` at `path` (empty for a rule across fields): the limit and
    /// what was found, in words (see the fields).
    pub fn new(path: impl Into<String>, rule: Rule, limit: impl Into<String>, found: impl Into<String>) -> Self {
        Violation { path: path.into(), rule, limit: limit.into(), found: found.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Cross-field rules belong to the request as a whole, which has the empty path.
        let path = if self.path.is_empty() { "(request)" } else { &self.path };
        write!(f, "{path}: {} ({}; found {})", self.rule, self.limit, self.found)
    }
}

fn rule_name<S: serde::Serializer>(rule: &Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.name())
}

/// Every violation of one request (serializes as `{"violations": [...]}`).
///
/// `#[non_exhaustive]` as [`Violation`] is (the request's action may join the violations):
/// outside this crate, [`ValidationError::new`] builds one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ValidationError {
    /// In the order the fields are declared.
    pub violations: Vec<Violation>,
}

impl ValidationError {
    /// The error of `violations`, in the order given. A [`Validator`] never reports an
    /// empty list; one built here may be.
    pub fn new(violations: Vec<Violation>) -> Self {
        ValidationError { violations }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} invalid value{}:", if n == 1 { "" } else { "s" })?;
        for violation in &self.violations {
            write!(f, "\n- {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A value that checks itself against its documented limits.
pub trait Validate {
    /// Records every violation of `self` (and of nested values) into `v`.
    fn validate_into(&self, v: &mut Validator);

    /// Checks every limit, including the full base64 scan. The value's own fields are checked
    /// as a request's parameters: an empty optional text or list counts as not given. A model
    /// checked on its own is therefore checked more leniently than inside a request, which
    /// sends its empty text as `""` and checks it against the field's limits.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }

    /// Checks every limit and wraps the value as [`Validated`], the form that gets sent. On
    /// failure the value comes back unchanged in [`Invalid`], to fix and check again.
    fn validated(self) -> Result<Validated<Self>, Invalid<Self>>
    where
        Self: Sized,
    {
        Validated::new(self)
    }
}

/// A field type the [`Validator`] can check against rows of [`Limits`] (see
/// [`Validator::field`]): text, numbers, binary data, models, lists of them and optional
/// values. A row the generated code leaves out counts as no limits.
pub trait Check {
    /// Records the violations of `self` against `limits` into `v`. `required` text or data
    /// must not be empty; an optional field's value is not required, a list's items are.
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool);
}

/// The first row of `limits`, or none.
fn own_row(limits: &[Limits]) -> &Limits {
    limits.first().unwrap_or(&Limits::NONE)
}

impl Check for String {
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool) {
        v.text(self, required, own_row(limits));
    }
}

impl Check for str {
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool) {
        v.text(self, required, own_row(limits));
    }
}

impl Check for Vec<u8> {
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool) {
        v.binary(self, required, own_row(limits));
    }
}

macro_rules! check_number {
    ($($number:ty),*) => {$(
        impl Check for $number {
            fn check(&self, v: &mut Validator, limits: &[Limits], _: bool) {
                // Compared as f64 (exact but for i64 and u64 beyond 2^53, far past any
                // documented limit); shown with all its digits.
                v.number_shown(*self as f64, self, own_row(limits));
            }
        }
    )*};
}

check_number!(i32, i64, u32, u64, f32, f64);

impl Check for bool {
    fn check(&self, _: &mut Validator, _: &[Limits], _: bool) {}
}

impl<T: Check> Check for Option<T> {
    fn check(&self, v: &mut Validator, limits: &[Limits], _: bool) {
        if let Some(value) = self {
            value.check(v, limits, false);
        }
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool) {
        // Like empty text, an empty list counts as not given; a documented `min_items` says
        // more, so it speaks instead. An empty optional request parameter is not sent at all.
        if self.is_empty() {
            if required && own_row(limits).min_items.is_none() {
                v.report(Rule::Required, "a non-empty list is required", "an empty list");
                return;
            }
            if !required && v.at_top_level() {
                return;
            }
        }
        v.items(self.len(), own_row(limits));
        let item_limits = limits.get(1..).unwrap_or_default();
        for (i, item) in self.iter().enumerate() {
            v.enter_index(i);
            item.check(v, item_limits, true);
            v.leave();
        }
    }
}

impl<T: Validate> Check for T {
    fn check(&self, v: &mut Validator, _: &[Limits], _: bool) {
        self.validate_into(v);
    }
}

/// A value that passed validation; the way requests are built for sending, so a check
/// cannot be forgotten.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated<T>(T);

impl<T: Validate> Validated<T> {
    /// Validates `value`, returning it wrapped, or every violation with `value` itself.
    pub fn new(value: T) -> Result<Self, Invalid<T>> {
        Self::checked_by(Validator::new(), value)
    }

    /// Like [`Validated::new`] but without the full base64 alphabet scan (see
    /// [`Validator::without_base64_scan`]), for data the caller encoded itself.
    pub fn without_base64_scan(value: T) -> Result<Self, Invalid<T>> {
        Self::checked_by(Validator::without_base64_scan(), value)
    }

    /// `value` wrapped if `v` finds no violation in it; else the violations and `value`,
    /// moved rather than copied (a request may hold megabytes of base64).
    fn checked_by(mut v: Validator, value: T) -> Result<Self, Invalid<T>> {
        value.validate_into(&mut v);
        match v.finish() {
            Ok(()) => Ok(Validated(value)),
            Err(error) => Err(Invalid::new(error, value)),
        }
    }
}

impl<T> Validated<T> {
    /// Wraps `value` without checking anything. For the case where a documented limit turns
    /// out stricter than the service itself (please report it, so the spec gets fixed); the
    /// service then judges the request alone.
    pub fn unchecked(value: T) -> Self {
        Validated(value)
    }

    /// The validated value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Serializes as the value it holds, so a validated request can be logged or queued as the
/// request itself. There is no `Deserialize`: a value read back is checked again with
/// [`Validate::validated`].
impl<T: serde::Serialize> serde::Serialize for Validated<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<T> std::ops::Deref for Validated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A value that failed validation, handed back with its violations so that the caller can
/// fix a field and check it again without having cloned it first.
///
/// `#[non_exhaustive]` as [`ValidationError`] is: outside this crate, [`Invalid::new`] builds
/// one (for a mock, say). `?` turns it into its [`ValidationError`] where a function returns
/// one, and into a `Box<dyn Error + Send + Sync>` for any `T: Send + Sync + 'static`, which
/// downcasts back to `Invalid<T>`.
///
/// `Clone` and `PartialEq` when the value has them, so the result of `validated()` can be
/// kept (a queue of rejected requests) and compared in tests.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Invalid<T> {
    /// Every violation of `value`.
    pub error: ValidationError,
    /// The value as it was given.
    pub value: T,
}

impl<T> Invalid<T> {
    /// The failure of `value` with `error`.
    pub fn new(error: ValidationError, value: T) -> Self {
        Invalid { error, value }
    }

    /// The violations and the value.
    pub fn into_parts(self) -> (ValidationError, T) {
        (self.error, self.value)
    }
}

/// The violations only: the value may hold megabytes of base64, which no log wants, and its
/// type need not be `Debug`.
impl<T> fmt::Debug for Invalid<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invalid").field("error", &self.error).finish_non_exhaustive()
    }
}

/// The [`ValidationError`]'s message.
impl<T> fmt::Display for Invalid<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

/// Without bounds: `Box<dyn Error>` needs `T: 'static` (and `Send + Sync` for the `Send +
/// Sync` box), which generated requests are. No `source()`: `Display` already writes the
/// violations, and a report walking the chain would write them twice.
impl<T> std::error::Error for Invalid<T> {}

/// Drops the value, for `?` in a function that returns [`ValidationError`].
impl<T> From<Invalid<T>> for ValidationError {
    fn from(invalid: Invalid<T>) -> Self {
        invalid.error
    }
}

/// What kind of value a field holds, for the checks its kind implies. More kinds may come:
/// a match needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Plain text.
    Text,
    /// A URL.
    Url,
    /// A UUID.
    Uuid,
    /// base64 text of binary data.
    Base64,
    /// Raw bytes.
    Binary,
    /// A number.
    Number,
    /// Anything without kind-specific checks (booleans, lists, models).
    Other,
}

/// Image formats vendors restrict uploads to. More formats may come: a match needs a `_`
/// arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// GIF.
    Gif,
    /// BMP.
    Bmp,
}

impl ImageFormat {
    fn name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Gif => "GIF",
            ImageFormat::Bmp => "BMP",
        }
    }
}

/// Image limits of a field.
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    /// Accepted formats; empty accepts any.
    pub formats: &'static [ImageFormat],
    /// Minimum length of the shorter side, in pixels.
    pub min_short_side: Option<u32>,
    /// Maximum width in pixels.
    pub max_width: Option<u32>,
    /// Maximum height in pixels.
    pub max_height: Option<u32>,
}

/// A regular expression compiled on first use and then kept.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<regex::Regex>,
}

impl Pattern {
    /// A pattern the whole value must match.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// The pattern as written in the spec.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the whole of `text` matches. Patterns are checked by the generator, so a
    /// pattern that fails to compile matches nothing rather than panicking.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                regex::Regex::new(&format!("^(?:{})$", self.source))
                    .unwrap_or_else(|_| regex::Regex::new("[^\\s\\S]").expect("an empty class compiles"))
            })
            .is_match(text)
    }
}

/// The rows of a generated table of [`Limits`], handed out field by field in table order:
/// generated code names no row numbers, so a field added to a struct changes only its own
/// lines of the output.
#[derive(Debug, Clone)]
pub struct LimitRows(&'static [Limits]);

impl LimitRows {
    /// The rows of `table`, from its first.
    pub const fn new(table: &'static [Limits]) -> Self {
        LimitRows(table)
    }

    /// The next `n` rows (those left, if fewer).
    pub fn take(&mut self, n: usize) -> &'static [Limits] {
        let (taken, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        taken
    }
}

/// The documented limits of one value. Generated code writes them as statics with
/// `..Limits::NONE` for the rest.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// What the value is.
    pub kind: Kind,
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// Maximum UTF-8 length in bytes.
    pub max_bytes: Option<u64>,
    /// Minimum number.
    pub min: Option<f64>,
    /// Maximum number.
    pub max: Option<f64>,
    /// Allowed text values.
    pub allowed_text: &'static [&'static str],
    /// Allowed numbers.
    pub allowed_numbers: &'static [f64],
    /// A pattern the whole text must match.
    pub pattern: Option<&'static Pattern>,
    /// Minimum number of items.
    pub min_items: Option<u64>,
    /// Maximum number of items.
    pub max_items: Option<u64>,
    /// Maximum size of base64 text in bytes.
    pub max_encoded_size: Option<u64>,
    /// Minimum size of the decoded data in bytes.
    pub min_decoded_size: Option<u64>,
    /// Maximum size of the decoded data in bytes.
    pub max_decoded_size: Option<u64>,
    /// Image limits.
    pub image: Option<ImageLimits>,
}

impl Limits {
    /// No limits at all.
    pub const NONE: Limits = Limits {
        kind: Kind::Other,
        min_length: None,
        max_length: None,
        max_bytes: None,
        min: None,
        max: None,
        allowed_text: &[],
        allowed_numbers: &[],
        pattern: None,
        min_items: None,
        max_items: None,
        max_encoded_size: None,
        min_decoded_size: None,
        max_decoded_size: None,
        image: None,
    };
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Name(&'static str),
    Index(usize),
}

/// Collects violations while generated code walks a request.
#[derive(Debug)]
pub struct Validator {
    violations: Vec<Violation>,
    path: Vec<Segment>,
    scan_base64: bool,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    /// A validator running every check.
    pub fn new() -> Self {
        Validator { violations: Vec::new(), path: Vec::new(), scan_base64: true }
    }

    /// A validator that skips the full base64 alphabet scan, for callers that encoded the
    /// data themselves. Sizes, image formats and dimensions are still checked, and text whose
    /// length is no multiple of four, or an image whose first bytes do not decode, is still a
    /// `base64` violation.
    pub fn without_base64_scan() -> Self {
        Validator { scan_base64: false, ..Self::new() }
    }

    /// `Ok` when nothing was violated, else every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.violations })
        }
    }

    /// Whether the value being checked is a request parameter itself, not a part of one.
    fn at_top_level(&self) -> bool {
        self.path.len() <= 1
    }

    /// The violations so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Checks the field `name` against `limits`: for a list, its own row first, then the
    /// rows of its items (a list of lists has a row per level); a model needs none.
    /// Generated code checks each field with this one call: its type picks the checks (see
    /// [`Check`]), so the generated crate has no per-field branches or loops to compile.
    pub fn field<T: Check + ?Sized>(&mut self, name: &'static str, value: &T, limits: &[Limits]) {
        self.enter(name);
        value.check(self, limits, true);
        self.leave();
    }

    /// Appends `name` to the path of the checks that follow, until [`Validator::leave`].
    pub fn enter(&mut self, name: &'static str) {
        self.path.push(Segment::Name(name));
    }

    /// Appends a list index to the path, until [`Validator::leave`].
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Removes the last name or index [`Validator::enter`] or [`Validator::enter_index`] added.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// Checks a list's item count; its items are checked one by one after
    /// [`Validator::enter_index`].
    pub fn items(&mut self, n: usize, limits: &Limits) {
        let n = n as u64;
        if let Some(min) = limits.min_items {
            if n < min {
                self.report(Rule::MinItems, format!("at least {min} items"), format!("{n} items"));
            }
        }
        if let Some(max) = limits.max_items {
            if n > max {
                self.report(Rule::MaxItems, format!("at most {max} items"), format!("{n} items"));
            }
        }
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Name(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, rule: Rule, limit: impl Into<String>, found: impl Into<String>) {
        let path = self.path_string();
        self.violations.push(Violation::new(path, rule, limit, found));
    }

    /// Checks text against its limits (URL, UUID and base64 checks follow from the kind).
    pub fn text(&mut self, value: &str, required: bool, limits: &Limits) {
        if value.is_empty() {
            if required {
                self.report(Rule::Required, "a non-empty value is required", "an empty string");
                return;
            }
            // An empty optional request parameter counts as not given (rules across fields say
            // so, and it is not sent), so no limit applies to it. Inside a model it is sent
            // as `""`, so its limits hold.
            if self.at_top_level() {
                return;
            }
        }
        let bytes = value.len() as u64;
        if let Some(max) = limits.max_bytes {
            if bytes > max {
                self.report(Rule::MaxBytes, format!("at most {max} bytes of UTF-8"), format!("{bytes} bytes"));
            }
        }
        // A character takes one to four bytes, so counting is needed only near the bounds.
        let needs_count = limits.min_length.is_some_and(|min| bytes < min.saturating_mul(4))
            || limits.max_length.is_some_and(|max| bytes > max);
        let chars = if needs_count { value.chars().count() as u64 } else { bytes };
        if let Some(min) = limits.min_length {
            if chars < min {
                self.report(Rule::MinLength, format!("at least {min} characters"), characters(chars));
            }
        }
        if let Some(max) = limits.max_length {
            if chars > max {
                self.report(Rule::MaxLength, format!("at most {max} characters"), characters(chars));
            }
        }
        if !limits.allowed_text.is_empty() && !limits.allowed_text.contains(&value) {
            self.report(Rule::Allowed, format!("one of {}", limits.allowed_text.join(", ")), quote(value));
        }
        // An empty optional value counts as not given (rules across fields say so too), so
        // only required values are held to their syntax when empty.
        match limits.kind {
            _ if value.is_empty() => {}
            Kind::Url if !is_url(value) => self.report(Rule::Url, "an http or https URL", quote(value)),
            Kind::Uuid if !is_uuid(value) => self.report(Rule::Uuid, "a UUID", quote(value)),
            Kind::Base64 => self.base64(value, limits),
            _ => {}
        }
        if let Some(pattern) = limits.pattern {
            if !pattern.is_match(value) {
                self.report(Rule::Pattern, format!("matches {}", pattern.source()), quote(value));
            }
        }
    }

    /// Checks a number against its range and allowed values. NaN and infinities break
    /// [`Rule::Finite`] alone: no range says anything about them.
    pub fn number(&mut self, value: f64, limits: &Limits) {
        self.number_shown(value, &value, limits);
    }

    /// [`Validator::number`], writing the value found as `shown`: an integer past 2^53
    /// keeps its digits, which its `f64` would round.
    fn number_shown(&mut self, value: f64, shown: &dyn fmt::Display, limits: &Limits) {
        if !value.is_finite() {
            self.report(Rule::Finite, "a finite number", value.to_string());
            return;
        }
        if let Some(min) = limits.min {
            if value < min {
                self.report(Rule::Min, format!("at least {min}"), shown.to_string());
            }
        }
        if let Some(max) = limits.max {
            if value > max {
                self.report(Rule::Max, format!("at most {max}"), shown.to_string());
            }
        }
        if !limits.allowed_numbers.is_empty() && !limits.allowed_numbers.contains(&value) {
            let allowed: Vec<String> = limits.allowed_numbers.iter().map(f64::to_string).collect();
            self.report(Rule::Allowed, format!("one of {}", allowed.join(", ")), shown.to_string());
        }
    }

    /// Checks raw binary data: its size, then the image header. Empty data counts as not
    /// given, and is a violation only when `required`.
    pub fn binary(&mut self, value: &[u8], required: bool, limits: &Limits) {
        if value.is_empty() {
            if required {
                self.report(Rule::Required, "non-empty data is required", "no bytes");
            }
            return;
        }
        self.decoded_size(value.len() as u64, limits);
        if let Some(image) = &limits.image {
            self.image(value, true, image);
        }
    }

    /// At least one of the named parameters must be present.
    pub fn at_least_one(&mut self, present: &[(&'static str, bool)]) {
        if !present.iter().any(|(_, p)| *p) {
            let names: Vec<&str> = present.iter().map(|(n, _)| *n).collect();
            self.report(Rule::AtLeastOne, format!("at least one of {}", names.join(", ")), "none");
        }
    }

    /// Exactly one of the named parameters must be present.
    pub fn exactly_one(&mut self, present: &[(&'static str, bool)]) {
        let given: Vec<&str> = present.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect();
        if given.len() != 1 {
            let names: Vec<&str> = present.iter().map(|(n, _)| *n).collect();
            let found = if given.is_empty() { "none".to_owned() } else { given.join(", ") };
            self.report(Rule::ExactlyOne, format!("exactly one of {}", names.join(", ")), found);
        }
    }

    fn decoded_size(&mut self, size: u64, limits: &Limits) {
        if let Some(min) = limits.min_decoded_size {
            if size < min {
                self.report(Rule::MinDecodedSize, format!("at least {min} bytes of data"), format!("{size} bytes"));
            }
        }
        if let Some(max) = limits.max_decoded_size {
            if size > max {
                self.report(Rule::MaxDecodedSize, format!("at most {max} bytes of data"), format!("{size} bytes"));
            }
        }
    }

    /// base64: sizes from the length alone, the image header from a decoded prefix, and
    /// last, the full alphabet scan.
    fn base64(&mut self, value: &str, limits: &Limits) {
        // A data URL is the likeliest mistake; its size and header checks would only mislead.
        if value.starts_with("data:") {
            let found = match value.split_once(',') {
                Some((prefix, _)) => format!("the prefix {}", quote(&format!("{prefix},"))),
                None => quote(value),
            };
            self.report(Rule::Base64, "bare base64, without a `data:` URL prefix", found);
            return;
        }
        let bytes = value.as_bytes();
        let encoded = bytes.len() as u64;
        if let Some(max) = limits.max_encoded_size {
            if encoded > max {
                self.report(Rule::MaxEncodedSize, format!("at most {max} bytes of base64"), format!("{encoded} bytes"));
            }
        }
        self.decoded_size(decoded_len(bytes), limits);
        let mut malformed = false;
        if !bytes.len().is_multiple_of(4) {
            // Not base64 by its length alone (`"base64"`, say): an image read from its first
            // groups would be noise, and the scan would only say it again. A stray byte among
            // the first characters (a line break) says more than the length it causes.
            let prefix = &bytes[..prefix_chars(bytes.len(), PREFIX_BYTES)];
            let found = check_base64(prefix)
                .err()
                .unwrap_or_else(|| format!("{} characters, not a multiple of 4", bytes.len()));
            self.report(Rule::Base64, "well-formed base64", found);
            malformed = true;
        } else if let Some(image) = &limits.image {
            match decode_prefix(bytes, PREFIX_BYTES) {
                Some(prefix) => self.image_from_base64(bytes, prefix, image),
                None => {
                    // The image cannot be read, so say why even when the full scan is off;
                    // the scan would only say it again.
                    let prefix = &bytes[..prefix_chars(bytes.len(), PREFIX_BYTES)];
                    let problem = check_base64(prefix).err().unwrap_or_else(|| "its first bytes do not decode".into());
                    self.report(Rule::Base64, "well-formed base64", problem);
                    malformed = true;
                }
            }
        }
        if self.scan_base64 && !malformed {
            if let Err(problem) = check_base64(bytes) {
                self.report(Rule::Base64, "well-formed base64", problem);
            }
        }
    }

    fn image_from_base64(&mut self, encoded: &[u8], prefix: Vec<u8>, limits: &ImageLimits) {
        // Decode more only when the header lies deeper (JPEG metadata before the frame).
        let mut data = prefix;
        let mut complete = data.len() as u64 >= decoded_len(encoded);
        for budget in [65_536, usize::MAX] {
            if complete || imagesize::blob_size(&data).is_ok() {
                break;
            }
            match decode_prefix(encoded, budget) {
                Some(more) => {
                    complete = budget == usize::MAX;
                    data = more;
                }
                None => break,
            }
        }
        self.image(&data, complete, limits);
    }

    /// Checks the format and dimensions read from the first bytes of an image.
    fn image(&mut self, data: &[u8], complete: bool, limits: &ImageLimits) {
        let format = match imagesize::image_type(data) {
            Ok(imagesize::ImageType::Jpeg) => Some(ImageFormat::Jpeg),
            Ok(imagesize::ImageType::Png) => Some(ImageFormat::Png),
            Ok(imagesize::ImageType::Gif) => Some(ImageFormat::Gif),
            Ok(imagesize::ImageType::Bmp) => Some(ImageFormat::Bmp),
            _ => None,
        };
        let accepted = || limits.formats.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
        match format {
            Some(f) if limits.formats.is_empty() || limits.formats.contains(&f) => {}
            Some(f) => {
                self.report(Rule::ImageFormat, format!("one of {}", accepted()), f.name());
                return;
            }
            None if limits.formats.is_empty() => {}
            None => {
                let found = match imagesize::image_type(data) {
                    Ok(other) => format!("{other:?}"),
                    Err(_) => "no recognised image header".to_owned(),
                };
                self.report(Rule::ImageFormat, format!("one of {}", accepted()), found);
                return;
            }
        }
        if limits.min_short_side.is_none() && limits.max_width.is_none() && limits.max_height.is_none() {
            return;
        }
        let Ok(size) = imagesize::blob_size(data) else {
            if complete {
                self.report(Rule::ImageFormat, "a readable image header", "a header without dimensions");
            }
            return;
        };
        let (w, h) = (size.width as u64, size.height as u64);
        if let Some(min) = limits.min_short_side {
            if w.min(h) < u64::from(min) {
                self.report(Rule::MinShortSide, format!("shorter side at least {min} px"), format!("{w}×{h} px"));
            }
        }
        if let Some(max) = limits.max_width {
            if w > u64::from(max) {
                self.report(Rule::MaxWidth, format!("at most {max} px wide"), format!("{w}×{h} px"));
            }
        }
        if let Some(max) = limits.max_height {
            if h > u64::from(max) {
                self.report(Rule::MaxHeight, format!("at most {max} px tall"), format!("{w}×{h} px"));
            }
        }
    }
}

/// A short quotation of a value for messages.
/// `1 character`, `2 characters`.
fn characters(n: u64) -> String {
    if n == 1 {
        "1 character".to_owned()
    } else {
        format!("{n} characters")
    }
}

fn quote(value: &str) -> String {
    const MAX: usize = 64;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}… ({} bytes)", &value[..cut], value.len()),
        None => format!("{value:?}"),
    }
}

/// Size of the data base64 text decodes to, from its length and padding alone.
pub fn decoded_len(encoded: &[u8]) -> u64 {
    let padding = encoded.iter().rev().take(2).take_while(|b| **b == b'=').count() as u64;
    (encoded.len() as u64 / 4 * 3 + (encoded.len() as u64 % 4) * 3 / 4).saturating_sub(padding)
}

/// Decodes at most `max_bytes` (rounded to whole 4-character groups) of the start of `encoded`.
fn decode_prefix(encoded: &[u8], max_bytes: usize) -> Option<Vec<u8>> {
    use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
    // As lenient as the full scan, which accepts non-zero bits after the last byte.
    const fn lenient(padding: DecodePaddingMode) -> GeneralPurpose {
        let config =
            GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true).with_decode_padding_mode(padding);
        GeneralPurpose::new(&base64::alphabet::STANDARD, config)
    }
    const WHOLE: GeneralPurpose = lenient(DecodePaddingMode::RequireCanonical);
    const PREFIX: GeneralPurpose = lenient(DecodePaddingMode::RequireNone);
    let chars = prefix_chars(encoded.len(), max_bytes);
    let engine = if chars == encoded.len() { &WHOLE } else { &PREFIX };
    engine.decode(&encoded[..chars]).ok()
}

/// How many characters of base64 text `len` long [`decode_prefix`] decodes for `max_bytes`:
/// whole groups of four.
fn prefix_chars(len: usize, max_bytes: usize) -> usize {
    (max_bytes / 3).saturating_mul(4).min(len) / 4 * 4
}

/// Decoded bytes read first for an image header: enough for PNG, GIF, BMP and most JPEGs.
const PREFIX_BYTES: usize = 4096;

/// 1 for bytes outside the standard base64 alphabet.
static NOT_BASE64: [u8; 256] = {
    let mut table = [1u8; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = 0;
        i += 1;
    }
    table
};

/// `data` as the text a `base64` field takes: the standard alphabet, padded, on one line
/// (what [`check_base64`] accepts), so an image read from a file needs no other crate.
///
/// ```
/// use cloudbind_runtime::validate::{check_base64, encode_base64};
/// let png_signature = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// assert_eq!(encode_base64(&png_signature), "iVBORw0KGgo=");
/// assert_eq!(check_base64(encode_base64(&[0xfb, 0xff]).as_bytes()), Ok(()));
/// ```
pub fn encode_base64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Checks that `encoded` is canonical padded base64: a multiple of four characters from the
/// standard alphabet, with at most two `=` at the end. One branch-free pass over the bytes.
pub fn check_base64(encoded: &[u8]) -> Result<(), String> {
    if !encoded.len().is_multiple_of(4) {
        return Err(format!("{} characters, not a multiple of 4", encoded.len()));
    }
    let padding = encoded.iter().rev().take(2).take_while(|b| **b == b'=').count();
    let body = &encoded[..encoded.len() - padding];
    let mut bad = 0u8;
    for chunk in body.chunks(4096) {
        bad |= chunk.iter().fold(0u8, |acc, b| acc | NOT_BASE64[*b as usize]);
        if bad != 0 {
            break;
        }
    }
    if bad == 0 {
        return Ok(());
    }
    let at = body.iter().position(|b| NOT_BASE64[*b as usize] != 0).unwrap_or(0);
    Err(format!("byte {:#04x} at offset {at}", body[at]))
}

/// `http://` or `https://` (in any case) followed by a host and no whitespace.
pub fn is_url(value: &str) -> bool {
    // The scheme is case-insensitive (`HTTP://` is fine).
    let Some((scheme, rest)) = value.split_once("://") else { return false };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Without user info and port, a host must be left (`http://:80` and `http://@/` have none).
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let (host, port) = match host_and_port.strip_prefix('[') {
        // An IPv6 address, bracketed since it holds colons, then perhaps a port.
        Some(literal) => match literal.split_once(']') {
            Some((address, "")) => (address, None),
            Some((address, after)) => match after.strip_prefix(':') {
                Some(port) => (address, Some(port)),
                None => return false,
            },
            None => return false,
        },
        None => match host_and_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_and_port, None),
        },
    };
    // An empty port means the scheme's.
    let port_ok = port.is_none_or(|port| port.is_empty() || is_port(port));
    !host.is_empty() && port_ok && !value.chars().any(char::is_whitespace)
}

/// A TCP port: 1 to 65535, in at most five digits.
pub(crate) fn is_port(text: &str) -> bool {
    text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()) && text.parse::<u16>().is_ok_and(|port| port > 0)
}

/// `8-4-4-4-12` hexadecimal digits. The length is checked first, so that a long text is
/// refused without being split (megabytes of `-` made a piece each).
pub fn is_uuid(value: &str) -> bool {
    if value.len() != 36 {
        return false;
    }
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_rows_are_taken_in_order_and_never_past_the_end() {
        static TABLE: &[Limits] = &[
            Limits { max_length: Some(1), ..Limits::NONE },
            Limits { max_length: Some(2), ..Limits::NONE },
            Limits { max_length: Some(3), ..Limits::NONE },
        ];
        let mut rows = LimitRows::new(TABLE);
        let lengths = |rows: &[Limits]| rows.iter().map(|r| r.max_length).collect::<Vec<_>>();
        assert_eq!(lengths(rows.take(1)), [Some(1)]);
        assert_eq!(lengths(rows.take(0)), []);
        assert_eq!(lengths(rows.take(5)), [Some(2), Some(3)]);
        assert_eq!(lengths(rows.take(1)), []);
    }

    #[test]
    fn violations_serialize_with_the_rules_stable_names() {
        let error = ValidationError {
            violations: vec![Violation {
                path: "Urls[4]".into(),
                rule: Rule::MaxItems,
                limit: "at most 4 items".into(),
                found: "5 items".into(),
            }],
        };
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"violations": [
                {"path": "Urls[4]", "rule": "max_items", "limit": "at most 4 items", "found": "5 items"}
            ]})
        );
    }

    #[test]
    fn base64_sizes_and_alphabet() {
        assert_eq!(decoded_len(b"TWFu"), 3);
        assert_eq!(decoded_len(b"TWE="), 2);
        assert_eq!(decoded_len(b"TQ=="), 1);
        // Without padding, a last group of 3 or 2 characters holds 2 or 1 bytes.
        assert_eq!((decoded_len(b"TWFuTWE"), decoded_len(b"TWFuTQ")), (5, 4));
        assert_eq!(check_base64(b"TWFuTQ=="), Ok(()));
        assert_eq!(check_base64(b"TWF"), Err("3 characters, not a multiple of 4".into()));
        assert_eq!(check_base64(b"TW*u"), Err("byte 0x2a at offset 2".into()));
        assert_eq!(check_base64(b"T=Fu"), Err("byte 0x3d at offset 1".into()));
    }

    #[test]
    fn nan_and_infinities_break_finite_alone_even_without_a_range() {
        static ANY: Limits = Limits { kind: Kind::Number, ..Limits::NONE };
        static RANGE: Limits = Limits { kind: Kind::Number, min: Some(0.0), max: Some(100.0), ..Limits::NONE };
        let mut v = Validator::new();
        for (i, value) in [f64::NAN, f64::INFINITY, 5.0].into_iter().enumerate() {
            v.enter_index(i);
            v.number(value, &ANY);
            v.number(value, &RANGE);
            v.leave();
        }
        let found: Vec<String> = v.violations().iter().map(|v| format!("{} {} {}", v.path, v.rule, v.found)).collect();
        assert_eq!(found, ["[0] finite NaN", "[0] finite NaN", "[1] finite inf", "[1] finite inf"]);
    }

    /// base64 text of a PNG image.
    static IMAGE: Limits = Limits {
        kind: Kind::Base64,
        image: Some(ImageLimits {
            formats: &[ImageFormat::Png],
            min_short_side: None,
            max_width: None,
            max_height: None,
        }),
        ..Limits::NONE
    };

    /// The start of a PNG file of `width` × `height` pixels, as base64: its signature and
    /// header chunk, which is all the dimensions are read from.
    fn png(width: u32, height: u32) -> String {
        let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        data.extend(width.to_be_bytes());
        data.extend(height.to_be_bytes());
        data.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        encode_base64(&data)
    }

    #[test]
    fn image_dimensions_hold_at_their_bounds_and_break_one_pixel_past_them() {
        // No format listed: any format is accepted, and the dimensions are still checked.
        static SIZED: Limits = Limits {
            kind: Kind::Base64,
            image: Some(ImageLimits {
                formats: &[],
                min_short_side: Some(100),
                max_width: Some(200),
                max_height: Some(300),
            }),
            ..Limits::NONE
        };
        let mut v = Validator::new();
        for (i, (width, height)) in [(100, 300), (200, 100), (99, 300), (201, 300), (200, 301)].into_iter().enumerate()
        {
            v.enter_index(i);
            v.text(&png(width, height), true, &SIZED);
            v.leave();
        }
        // Bytes of no known format have no dimensions to check.
        v.enter_index(5);
        v.text(&encode_base64(b"no image header here"), true, &SIZED);
        v.leave();
        let found: Vec<String> = v.violations().iter().map(|v| format!("{} {} {}", v.path, v.rule, v.found)).collect();
        let expected = [
            "[2] min_short_side 99×300 px",
            "[3] max_width 201×300 px",
            "[4] max_height 200×301 px",
            "[5] image_format a header without dimensions",
        ];
        assert_eq!(found, expected);
    }

    /// A camera's JPEG keeps metadata before its frame header: the dimensions are read past
    /// the first 64 KiB decoded.
    #[test]
    fn a_jpeg_frame_behind_large_metadata_is_found() {
        static NARROW: Limits = Limits {
            kind: Kind::Base64,
            image: Some(ImageLimits {
                formats: &[ImageFormat::Jpeg],
                min_short_side: None,
                max_width: Some(100),
                max_height: None,
            }),
            ..Limits::NONE
        };
        let mut jpeg = vec![0xff, 0xd8];
        for _ in 0..2 {
            // An APP1 segment of the largest size a segment has.
            jpeg.extend([0xff, 0xe1, 0xff, 0xff]);
            jpeg.extend(std::iter::repeat_n(0u8, 0xffff - 2));
        }
        // The frame header: 8-bit samples, 50 rows of 200 pixels, three components.
        jpeg.extend([0xff, 0xc0, 0x00, 0x11, 8, 0, 50, 0, 200, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        let mut v = Validator::new();
        v.text(&encode_base64(&jpeg), true, &NARROW);
        let found: Vec<String> = v.violations().iter().map(|v| format!("{} {}", v.rule, v.found)).collect();
        assert_eq!(found, ["max_width 200×50 px"]);
    }

    #[test]
    fn an_image_that_does_not_decode_is_reported_without_the_scan() {
        // Wrapped at 76 characters, as MIME encoders write it.
        let wrapped = format!("{}\n{}", "A".repeat(76), "A".repeat(80));
        for mut v in [Validator::new(), Validator::without_base64_scan()] {
            v.text(&wrapped, true, &IMAGE);
            let found: Vec<String> = v.violations().iter().map(|v| format!("{}: {}", v.rule, v.found)).collect();
            assert_eq!(found, ["base64: byte 0x0a at offset 76"]);
        }
    }

    #[test]
    fn text_of_a_length_no_base64_has_is_named_alone_without_an_image_read_from_it() {
        // FaceFusion's page sends `"Image": "base64"`: six characters, whose first four decode.
        for mut v in [Validator::new(), Validator::without_base64_scan()] {
            v.text("base64", true, &IMAGE);
            let found: Vec<String> = v.violations().iter().map(|v| format!("{}: {}", v.rule, v.found)).collect();
            assert_eq!(found, ["base64: 6 characters, not a multiple of 4"]);
        }
    }

    #[test]
    fn lengths_are_counted_in_characters_in_both_directions() {
        static NAME: Limits = Limits { kind: Kind::Text, min_length: Some(5), max_length: Some(6), ..Limits::NONE };
        let mut v = Validator::new();
        for name in ["éé", "😀", "ééééé", "éééééééé"] {
            v.text(name, true, &NAME);
        }
        let found: Vec<String> = v.violations().iter().map(|v| format!("{} {}", v.rule, v.found)).collect();
        assert_eq!(found, ["min_length 2 characters", "min_length 1 character", "max_length 8 characters"]);
    }

    /// An empty optional parameter is not sent, so no limit applies; inside a model it is
    /// sent as it is, so its limits hold.
    #[test]
    fn empty_optional_values_are_free_at_the_top_and_limited_inside_models() {
        static CODE: Limits = Limits { kind: Kind::Url, min_length: Some(3), ..Limits::NONE };
        static LIST: Limits = Limits { kind: Kind::Other, min_items: Some(1), ..Limits::NONE };
        let (text, list) = (Some(String::new()), Some(Vec::<String>::new()));
        let mut v = Validator::new();
        v.field("Code", &text, std::slice::from_ref(&CODE));
        v.field("Urls", &list, std::slice::from_ref(&LIST));
        assert!(v.violations().is_empty(), "{:?}", v.violations());
        v.enter("Model");
        v.field("Code", &text, std::slice::from_ref(&CODE));
        v.field("Urls", &list, std::slice::from_ref(&LIST));
        v.leave();
        let found: Vec<(&str, &str)> = v.violations().iter().map(|v| (v.path.as_str(), v.rule.name())).collect();
        assert_eq!(found, [("Model.Code", "min_length"), ("Model.Urls", "min_items")]);
    }

    #[test]
    fn non_zero_trailing_bits_read_as_the_scan_reads_them() {
        // `TQ==` decodes to one byte; `TR==` carries the same byte with a non-zero bit after it.
        let mut v = Validator::new();
        v.text("TR==", true, &IMAGE);
        assert!(v.violations().iter().all(|v| v.rule != Rule::Base64), "{:?}", v.violations());
    }

    #[test]
    fn a_large_integer_is_shown_with_all_its_digits() {
        static SMALL: Limits = Limits { kind: Kind::Number, max: Some(100.0), ..Limits::NONE };
        let mut v = Validator::new();
        u64::MAX.check(&mut v, std::slice::from_ref(&SMALL), true);
        assert_eq!(v.violations()[0].found, "18446744073709551615");
    }

    #[test]
    fn a_data_url_is_named_instead_of_misread_as_base64() {
        static IMAGE: Limits = Limits { kind: Kind::Base64, max_encoded_size: Some(8), ..Limits::NONE };
        let mut v = Validator::new();
        v.text("data:image/png;base64,iVBORw0KGgo=", true, &IMAGE);
        v.text("data:nothing-after", true, &IMAGE);
        let found: Vec<String> = v.violations().iter().map(|v| format!("{}: {}", v.rule, v.found)).collect();
        assert_eq!(found, ["base64: the prefix \"data:image/png;base64,\"", "base64: \"data:nothing-after\""]);
    }

    #[test]
    fn urls_and_uuids() {
        assert!(is_url("http://example.com/1.jpg"));
        assert!(is_url("https://a.b?x=1"));
        assert!(!is_url("ftp://a.b"));
        assert!(!is_url("https://"));
        assert!(!is_url("https://a b"));
        assert!(is_url("HTTP://example.com/A.JPG") && is_url("https://user@example.com:8080/a"));
        assert!(is_url("http://[::1]:80/a") && is_url("http://[::1]/a"));
        assert!(!is_url("http://:80") && !is_url("http://@/a") && !is_url("http://user@:80/a"));
        assert!(is_url("https://e.com:65535/a") && is_url("https://e.com:/a"));
        assert!(
            !is_url("https://e.com:65536/a") && !is_url("https://e.com:99999/a") && !is_url("https://e.com:000080/a")
        );
        assert!(!is_url("https://e.com:0/a"));
        // A port is digits; a colon elsewhere in the host is no host name.
        assert!(!is_url("http://host:80abc/") && !is_url("http://host:abc") && !is_url("http://a:1:2/"));
        assert!(!is_url("http://[::1/a") && !is_url("http://[::1]x/a") && !is_url("http://[]/a"));
        assert!(is_url("http://[fe80::1]:8080") && is_url("http://[::1]:/a"));
        assert!(is_uuid("25985303-c537-4467-b41d-bdb45cd95ca1"));
        assert!(!is_uuid("25985303-c537-4467-b41d-bdb45cd95ca"));
        assert!(!is_uuid("g5985303-c537-4467-b41d-bdb45cd95ca1"));
        // The right length, not the right groups.
        assert!(!is_uuid("25985303c-537-4467-b41d-bdb45cd95ca1") && !is_uuid(&"-".repeat(36)));
        assert!(!is_uuid(&format!("{}-", "25985303-c537-4467-b41d-bdb45cd95ca1")));
    }

    #[test]
    fn every_violation_is_collected_with_its_path() {
        static KEY: Limits = Limits { kind: Kind::Text, max_length: Some(3), ..Limits::NONE };
        static PICK: Limits = Limits { kind: Kind::Text, allowed_text: &["url", "base64"], ..Limits::NONE };
        let mut v = Validator::new();
        v.enter("Meta");
        for (i, key) in ["ab", "abcd", "äöü"].into_iter().enumerate() {
            v.enter_index(i);
            v.enter("Key");
            v.text(key, true, &KEY);
            v.leave();
            v.leave();
        }
        v.leave();
        v.enter("RspImgType");
        v.text("jpg", true, &PICK);
        v.leave();
        let error = v.finish().unwrap_err();
        assert_eq!(
            error.to_string(),
            "2 invalid values:\n\
             - Meta[1].Key: max_length (at most 3 characters; found 4 characters)\n\
             - RspImgType: allowed (one of url, base64; found \"jpg\")"
        );
        // Three two-byte characters are three characters, not six bytes.
        assert!(error.violations.iter().all(|v| v.path != "Meta[2].Key"));
    }

    /// A model with one limited field, checked through the blanket `Check` for `Validate`.
    struct Rect {
        width: i64,
    }

    impl Validate for Rect {
        fn validate_into(&self, v: &mut Validator) {
            static LIMITS: [Limits; 1] = [Limits { kind: Kind::Number, min: Some(1.0), ..Limits::NONE }];
            v.field("Width", &self.width, &LIMITS);
        }
    }

    #[test]
    fn field_rows_go_list_first_then_items_and_missing_rows_limit_nothing() {
        static LIMITS: [Limits; 4] = [
            Limits { kind: Kind::Other, max_items: Some(1), ..Limits::NONE },
            Limits { kind: Kind::Other, min_items: Some(2), ..Limits::NONE },
            Limits { kind: Kind::Text, max_length: Some(2), ..Limits::NONE },
            Limits { kind: Kind::Number, max: Some(9.0), ..Limits::NONE },
        ];
        let grid = vec![vec!["ab".to_owned(), "abc".to_owned()], vec![String::new()]];
        let mut v = Validator::new();
        v.field("Grid", &grid, &LIMITS[0..3]);
        // An optional value is checked only when set; when set, empty text is allowed.
        v.field("Unset", &None::<String>, &LIMITS[2..3]);
        v.field("Empty", &Some(String::new()), &LIMITS[2..3]);
        v.field("Count", &Some(10_u32), &LIMITS[3..4]);
        v.field("Rects", &vec![Rect { width: 1 }, Rect { width: 0 }], &[]);
        // No rows: only what the type implies (required text must not be empty).
        v.field("Bare", &vec![String::new()], &[]);
        v.field("Flag", &true, &[]);
        let paths: Vec<String> = v.violations().iter().map(|v| format!("{} {}", v.path, v.rule)).collect();
        assert_eq!(
            paths,
            [
                "Grid max_items",
                "Grid[0][1] max_length",
                "Grid[1] min_items",
                "Grid[1][0] required",
                "Count max",
                "Rects[1].Width min",
                "Bare[0] required",
            ]
        );
    }

    #[test]
    fn invalid_is_an_error_whatever_its_value_and_converts_for_question_marks() {
        // A value that is neither `Debug` nor `Clone`: `Invalid` needs neither.
        struct Opaque(Vec<u8>);
        let error = ValidationError::new(vec![Violation::new("Image", Rule::Required, "required", "nothing")]);
        let invalid = Invalid::new(error.clone(), Opaque(vec![7; 16]));
        assert_eq!(format!("{invalid:?}"), format!("Invalid {{ error: {error:?}, .. }}"));
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(invalid);
        let invalid = boxed.downcast::<Invalid<Opaque>>().expect("downcasts back");
        let (returned, value) = invalid.into_parts();
        assert_eq!((returned, value.0), (error.clone(), vec![7; 16]));

        fn check() -> Result<(), ValidationError> {
            Err(Invalid::new(ValidationError::new(Vec::new()), Opaque(Vec::new())))?
        }
        assert_eq!(check(), Err(ValidationError::new(Vec::new())));
    }
}

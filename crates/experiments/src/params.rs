//! Typed experiment parameters: specs with defaults and bounds, values, and validation.
//!
//! Input never panics: a value out of range, of the wrong type or unknown is reported as a
//! [`ParamError`] and the caller falls back to [`ParamSpec::default_value`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The type and bounds of one parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// An integer in `min..=max`.
    Int { min: i64, max: i64, default: i64, step: i64 },
    /// A real number in `min..=max`.
    Float { min: f64, max: f64, default: f64, step: f64 },
    /// One of a fixed list of integers (sizes, counts that must be powers of two, ...).
    Choice { options: &'static [i64], default: i64 },
}

/// One parameter of an experiment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Stable key used in share links and messages; never renamed once published.
    pub key: &'static str,
    pub label: &'static str,
    /// Unit shown after the value ("px", "threads"); empty for none.
    pub unit: &'static str,
    pub help: &'static str,
    pub kind: ParamKind,
}

/// A parameter value as it travels in messages and links.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Int(i64),
    Float(f64),
}

impl ParamValue {
    pub fn as_f64(self) -> f64 {
        match self {
            ParamValue::Int(i) => i as f64,
            ParamValue::Float(f) => f,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Float(x) => write!(f, "{x}"),
        }
    }
}

/// Parameter values by key.
pub type ParamValues = BTreeMap<String, ParamValue>;

/// Why a value was refused. The message is meant for the person who typed it.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamError {
    Unknown { key: String },
    NotANumber { key: &'static str, label: &'static str, text: String },
    NotAnInteger { key: &'static str, label: &'static str, value: f64 },
    OutOfRange { key: &'static str, label: &'static str, value: f64, min: f64, max: f64 },
    NotAnOption { key: &'static str, label: &'static str, value: i64, options: &'static [i64] },
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::Unknown { key } => write!(f, "unknown parameter \"{key}\""),
            ParamError::NotANumber { label, text, .. } => write!(f, "{label}: “{text}” is not a number"),
            ParamError::NotAnInteger { label, value, .. } => {
                write!(f, "{label}: {value} is not a whole number")
            }
            ParamError::OutOfRange { label, value, min, max, .. } => {
                write!(f, "{label} must be between {min} and {max} (got {value})")
            }
            ParamError::NotAnOption { label, value, options, .. } => {
                let list: Vec<String> = options.iter().map(i64::to_string).collect();
                write!(f, "{label} must be one of {} (got {value})", list.join(", "))
            }
        }
    }
}

impl std::error::Error for ParamError {}

impl ParamSpec {
    pub fn default_value(&self) -> ParamValue {
        match self.kind {
            ParamKind::Int { default, .. } => ParamValue::Int(default),
            ParamKind::Float { default, .. } => ParamValue::Float(default),
            ParamKind::Choice { default, .. } => ParamValue::Int(default),
        }
    }

    /// Checks a value against this spec, returning it in canonical form.
    pub fn validate(&self, value: ParamValue) -> Result<ParamValue, ParamError> {
        let x = value.as_f64();
        match self.kind {
            ParamKind::Int { min, max, .. } => {
                let i = self.integer(x)?;
                if i < min || i > max {
                    return Err(self.out_of_range(x, min as f64, max as f64));
                }
                Ok(ParamValue::Int(i))
            }
            ParamKind::Float { min, max, .. } => {
                if !x.is_finite() || x < min || x > max {
                    return Err(self.out_of_range(x, min, max));
                }
                Ok(ParamValue::Float(x))
            }
            ParamKind::Choice { options, .. } => {
                let i = self.integer(x)?;
                if !options.contains(&i) {
                    return Err(ParamError::NotAnOption {
                        key: self.key,
                        label: self.label,
                        value: i,
                        options,
                    });
                }
                Ok(ParamValue::Int(i))
            }
        }
    }

    /// Parses text typed by a person (or found in a link) and validates it.
    pub fn parse(&self, text: &str) -> Result<ParamValue, ParamError> {
        let t = text.trim();
        let x: f64 = t
            .parse()
            .map_err(|_| ParamError::NotANumber {
                key: self.key,
                label: self.label,
                text: t.chars().filter(|c| !c.is_control()).take(40).collect(),
            })?;
        self.validate(ParamValue::Float(x))
    }

    fn integer(&self, x: f64) -> Result<i64, ParamError> {
        if !x.is_finite() || x.fract() != 0.0 || x.abs() > 9.0e15 {
            return Err(ParamError::NotAnInteger { key: self.key, label: self.label, value: x });
        }
        Ok(x as i64)
    }

    fn out_of_range(&self, value: f64, min: f64, max: f64) -> ParamError {
        ParamError::OutOfRange { key: self.key, label: self.label, value, min, max }
    }
}

/// The defaults of every spec.
pub fn defaults(specs: &[ParamSpec]) -> ParamValues {
    specs.iter().map(|s| (s.key.to_string(), s.default_value())).collect()
}

/// Validates `input` against `specs`. Every spec gets a value: the input's when valid, the default
/// otherwise; each refusal (including unknown keys) is returned beside the values.
pub fn resolve(specs: &[ParamSpec], input: &ParamValues) -> (ParamValues, Vec<ParamError>) {
    let mut errors = Vec::new();
    let mut out = ParamValues::new();
    for spec in specs {
        let value = match input.get(spec.key) {
            None => spec.default_value(),
            Some(v) => spec.validate(*v).unwrap_or_else(|e| {
                errors.push(e);
                spec.default_value()
            }),
        };
        out.insert(spec.key.to_string(), value);
    }
    for key in input.keys() {
        if !specs.iter().any(|s| s.key == key) {
            errors.push(ParamError::Unknown { key: key.chars().take(40).collect() });
        }
    }
    (out, errors)
}

/// The typed parameters of one experiment, and their way to and from [`ParamValues`].
///
/// Implemented by [`typed_params!`], never by hand; building from untrusted values, validating a
/// struct that arrived in a message, and the defaults come with the trait.
pub trait TypedParams: Sized + Copy {
    /// The experiment's parameter specs, in form order.
    fn specs() -> &'static [ParamSpec];

    /// Builds the struct from values that [`resolve`] produced (every spec present and valid).
    fn from_resolved(values: &ParamValues) -> Self;

    fn to_values(&self) -> ParamValues;

    /// Typed parameters from link or form values; refused values fall back to defaults, and
    /// each refusal is returned beside them.
    fn from_values(input: &ParamValues) -> (Self, Vec<ParamError>) {
        let (values, errors) = resolve(Self::specs(), input);
        (Self::from_resolved(&values), errors)
    }

    /// Checks a struct that arrived from elsewhere (a message) against the bounds.
    fn validated(self) -> Result<Self, ParamError> {
        let (p, errors) = Self::from_values(&self.to_values());
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(p),
        }
    }

    /// Every parameter at its default.
    fn defaults() -> Self {
        Self::from_values(&defaults(Self::specs())).0
    }
}

/// A type a parameter struct's field may have: how it is read from a validated value and written
/// back. Values reach [`ParamField::from_param`] only after [`ParamSpec::validate`], so the casts
/// cannot truncate (every bound fits the field's type; a test per experiment checks the bounds).
pub trait ParamField: Copy {
    fn from_param(value: ParamValue) -> Self;
    fn to_param(self) -> ParamValue;
}

impl ParamField for u32 {
    fn from_param(value: ParamValue) -> Self {
        value.as_f64() as u32
    }
    fn to_param(self) -> ParamValue {
        ParamValue::Int(self.into())
    }
}

impl ParamField for i64 {
    fn from_param(value: ParamValue) -> Self {
        value.as_f64() as i64
    }
    fn to_param(self) -> ParamValue {
        ParamValue::Int(self)
    }
}

impl ParamField for f64 {
    fn from_param(value: ParamValue) -> Self {
        value.as_f64()
    }
    fn to_param(self) -> ParamValue {
        ParamValue::Float(self)
    }
}

/// Reads one field from values that [`resolve`] produced; the spec list guarantees it is present.
pub fn field<T: ParamField>(values: &ParamValues, spec: &ParamSpec) -> T {
    T::from_param(values.get(spec.key).copied().unwrap_or_else(|| spec.default_value()))
}

/// Declares an experiment's typed parameter struct, one field per [`ParamSpec`], and derives its
/// [`TypedParams`] (`from_resolved`, `to_values`), `Default` (every spec's default) and a `SPECS`
/// list in field order, which the experiment's `ExperimentSpec::params` uses.
///
/// ```
/// use interleave_experiments::{ParamKind, ParamSpec, TypedParams, typed_params};
/// const COUNT: ParamSpec = ParamSpec {
///     key: "count", label: "Count", unit: "", help: "",
///     kind: ParamKind::Int { min: 1, max: 9, default: 3, step: 1 },
/// };
/// typed_params! {
///     #[derive(Clone, Copy, Debug, PartialEq)]
///     pub struct Demo { pub count: u32 = COUNT }
/// }
/// assert_eq!(Demo::default().count, 3);
/// assert_eq!(Demo::SPECS[0].key, "count");
/// ```
#[macro_export]
macro_rules! typed_params {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident : $ty:ty = $spec:path ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$field_meta])* $field_vis $field: $ty, )*
        }

        impl $name {
            /// The parameter specs, in form order.
            pub const SPECS: &'static [$crate::ParamSpec] = &[$($spec),*];
        }

        impl $crate::TypedParams for $name {
            fn specs() -> &'static [$crate::ParamSpec] {
                Self::SPECS
            }

            fn from_resolved(values: &$crate::ParamValues) -> Self {
                $name { $( $field: $crate::params::field::<$ty>(values, &$spec), )* }
            }

            fn to_values(&self) -> $crate::ParamValues {
                let mut values = $crate::ParamValues::new();
                $( values.insert($spec.key.to_string(), $crate::params::ParamField::to_param(self.$field)); )*
                values
            }
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                <Self as $crate::TypedParams>::defaults()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: ParamSpec = ParamSpec {
        key: "n",
        label: "Count",
        unit: "",
        help: "",
        kind: ParamKind::Int { min: 1, max: 10, default: 3, step: 1 },
    };
    const F: ParamSpec = ParamSpec {
        key: "f",
        label: "Fraction",
        unit: "",
        help: "",
        kind: ParamKind::Float { min: 0.0, max: 0.5, default: 0.1, step: 0.05 },
    };
    const C: ParamSpec = ParamSpec {
        key: "c",
        label: "Size",
        unit: "px",
        help: "",
        kind: ParamKind::Choice { options: &[256, 512], default: 512 },
    };

    #[test]
    fn validate_accepts_in_range_and_refuses_the_rest() {
        assert_eq!(N.validate(ParamValue::Int(10)), Ok(ParamValue::Int(10)));
        assert_eq!(N.validate(ParamValue::Float(4.0)), Ok(ParamValue::Int(4)));
        assert!(matches!(N.validate(ParamValue::Int(11)), Err(ParamError::OutOfRange { .. })));
        assert!(matches!(N.validate(ParamValue::Float(2.5)), Err(ParamError::NotAnInteger { .. })));
        assert!(matches!(F.validate(ParamValue::Float(f64::NAN)), Err(ParamError::OutOfRange { .. })));
        assert!(matches!(C.validate(ParamValue::Int(300)), Err(ParamError::NotAnOption { .. })));
        assert_eq!(C.parse(" 256 "), Ok(ParamValue::Int(256)));
        assert!(matches!(C.parse("big"), Err(ParamError::NotANumber { .. })));
    }

    #[test]
    fn error_messages_name_the_bounds() {
        let e = N.validate(ParamValue::Int(99)).unwrap_err();
        assert_eq!(e.to_string(), "Count must be between 1 and 10 (got 99)");
        let e = C.validate(ParamValue::Int(7)).unwrap_err();
        assert_eq!(e.to_string(), "Size must be one of 256, 512 (got 7)");
    }

    #[test]
    fn resolve_falls_back_to_defaults_and_reports_every_problem() {
        let mut input = ParamValues::new();
        input.insert("n".into(), ParamValue::Int(-5));
        input.insert("zzz".into(), ParamValue::Int(1));
        let (values, errors) = resolve(&[N, F, C], &input);
        assert_eq!(values["n"], ParamValue::Int(3));
        assert_eq!(values["f"], ParamValue::Float(0.1));
        assert_eq!(values["c"], ParamValue::Int(512));
        assert_eq!(errors.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn resolve_never_panics_and_always_yields_valid_values(
            n in proptest::num::f64::ANY, f in proptest::num::f64::ANY, c in proptest::num::i64::ANY,
        ) {
            let mut input = ParamValues::new();
            input.insert("n".into(), ParamValue::Float(n));
            input.insert("f".into(), ParamValue::Float(f));
            input.insert("c".into(), ParamValue::Int(c));
            let (values, _) = resolve(&[N, F, C], &input);
            for spec in [N, F, C] {
                proptest::prop_assert!(spec.validate(values[spec.key]).is_ok());
            }
        }
    }
}

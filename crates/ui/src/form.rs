//! The state of an experiment's parameter form, shared by every experiment page.

use std::collections::BTreeMap;

use interleave_experiments::{ParamError, TypedParams};

/// What a parameter form remembers: the text of each control as typed, why any text was
/// refused (said in the page's language by the control), and the last valid typed parameters
/// (what Run uses).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamForm<P> {
    pub texts: BTreeMap<&'static str, String>,
    pub errors: BTreeMap<&'static str, ParamError>,
    pub params: P,
}

impl<P: TypedParams> ParamForm<P> {
    pub fn new(params: P) -> Self {
        ParamForm { texts: texts_of(&params), errors: BTreeMap::new(), params }
    }

    /// A control changed to `text`: valid text updates the parameters, any other text is kept as
    /// typed beside its error. Returns false for a key the form does not have.
    pub fn input(&mut self, key: &'static str, text: String) -> bool {
        let Some(spec) = P::specs().iter().find(|p| p.key == key) else { return false };
        match spec.parse(&text) {
            Ok(v) => {
                self.errors.remove(key);
                let mut values = self.params.to_values();
                values.insert(key.to_string(), v);
                self.params = P::from_values(&values).0;
            }
            Err(e) => {
                self.errors.insert(key, e);
            }
        }
        self.texts.insert(key, text);
        true
    }

    /// Replaces the parameters (and so the text of every control).
    pub fn set(&mut self, params: P) {
        *self = ParamForm::new(params);
    }

    /// Whether every control holds valid text.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

fn texts_of<P: TypedParams>(params: &P) -> BTreeMap<&'static str, String> {
    let values = params.to_values();
    P::specs().iter().map(|s| (s.key, values[s.key].to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::speedup::{ITERATIONS, SpeedupParams};

    #[test]
    fn bad_text_is_kept_with_its_error_and_good_text_updates_the_parameters() {
        let mut f = ParamForm::new(SpeedupParams::default());
        assert!(f.input(ITERATIONS.key, "99999".into()));
        assert!(f.errors[ITERATIONS.key].to_string().contains("between 16 and 4096"));
        assert_eq!((f.params.iterations, f.texts[ITERATIONS.key].as_str()), (256, "99999"));
        assert!(!f.is_valid());
        assert!(f.input(ITERATIONS.key, "512".into()));
        assert!(f.is_valid());
        assert_eq!(f.params.iterations, 512);
        assert!(!f.input("nonsense", "1".into()));
    }
}

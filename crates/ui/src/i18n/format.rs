//! Numbers as each language writes them. English and Korean both group thousands with a comma
//! and mark decimals with a point (CLDR `en` and `ko`), so the two agree on digits; they differ in
//! the words around numbers (units, counters), which the catalogs hold. Formatting lives here,
//! in Rust, rather than in `Intl.NumberFormat`, so that it is tested natively and costs no calls
//! across the JavaScript boundary while a chart redraws.

use super::Lang;

/// `x` with `decimals` digits after the point (or as few as show it exactly, for `None`),
/// thousands grouped.
pub fn number(lang: Lang, x: f64, decimals: Option<usize>) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let text = match decimals {
        Some(d) => format!("{x:.d$}"),
        None => format!("{x}"),
    };
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |rest| ("-", rest));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    out.push_str(&group_digits(lang, int));
    if let Some(f) = frac {
        out.push(decimal_mark(lang));
        out.push_str(f);
    }
    out
}

/// A whole number, thousands grouped.
pub fn group(lang: Lang, n: i64) -> String {
    number(lang, n as f64, Some(0))
}

fn decimal_mark(lang: Lang) -> char {
    match lang {
        Lang::En | Lang::Ko => '.',
    }
}

fn group_digits(lang: Lang, int: &str) -> String {
    let sep = match lang {
        Lang::En | Lang::Ko => ',',
    };
    // Four-digit numbers are grouped too ("1,024"), as CLDR's en and ko both do.
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        for lang in Lang::ALL {
            assert_eq!(number(lang, 1234567.891, Some(1)), "1,234,567.9");
            assert_eq!(number(lang, 1024.0, None), "1,024");
            assert_eq!(number(lang, 0.25, None), "0.25");
            assert_eq!(number(lang, -1500.0, Some(0)), "-1,500");
            assert_eq!(number(lang, 999.0, Some(2)), "999.00");
            assert_eq!(number(lang, f64::NAN, Some(2)), "—");
            assert_eq!(group(lang, 100_000), "100,000");
        }
    }
}

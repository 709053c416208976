//! Digits for people: thousands separators, counts with their nouns ("1 warning", "2,048 GPUs") and US dollars
//! — a leaf module (it uses nothing of the crate), shared by the engine's messages and names, the command line
//! and the designer.

/// Thousands separators for counts.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with at most `places` decimals, trailing zeros dropped: 7.2, 12, 0.805; never "-0".
pub fn trim_decimals(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    if s == "-0" { "0".to_owned() } else { s }
}

/// A float with thousands separators and `decimals` decimals; never "-0".
pub fn group_float(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    let grouped = int.parse::<u64>().map_or_else(|_| int.to_owned(), group_digits);
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{frac}") }
}

/// US dollars, short: `$3.12 B`, `$784.0 M`, `$240,000`; negative amounts (differences) with a minus sign.
pub fn usd(x: f64) -> String {
    let sign = if x < 0.0 && x.abs() >= 0.5 { "-" } else { "" };
    let a = x.abs();
    if a >= 1e9 {
        format!("{sign}${} B", group_float(a / 1e9, 2))
    } else if a >= 1e6 {
        format!("{sign}${} M", group_float(a / 1e6, 1))
    } else {
        format!("{sign}${}", group_float(a, 0))
    }
}

/// A count with separators.
pub fn count(n: u64) -> String {
    group_digits(n)
}

/// A count and its noun: "1 warning", "2,048 GPUs". `plural` is the noun's plural form.
pub fn counted(n: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", group_digits(n), if n == 1 { singular } else { plural })
}

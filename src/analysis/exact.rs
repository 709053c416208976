//! Sums that do not depend on the order of their terms, so a total kept up to date by subtracting what an edit
//! took away and adding what it put back equals the total computed afresh (see [`super::live`]).
//!
//! A term is rounded once to a whole number of micro-units (1 µW for a power in kW, 1 mg for a weight in kg)
//! and added as an integer; the sum is exact, and subtracting a term undoes adding it. Read back, a sum of
//! decimal figures is the nearest `f64` to the exact decimal total (`10.2 + 10.2 + 10.2` reads `30.6`).

use std::ops::{AddAssign, SubAssign};

/// Micro-units per unit.
const SCALE: f64 = 1e6;

/// A term as whole micro-units: rounded half away from zero. Non-finite terms (only hand-built layouts, which
/// `io` refuses) count as 0; terms beyond ±9.2e12 units saturate.
#[inline]
pub fn micro(x: f64) -> i64 {
    let scaled = x * SCALE;
    // `as` truncates toward zero and saturates; adding ±0.5 first rounds half away from zero (one instruction
    // instead of a call to `round`).
    (scaled + 0.5_f64.copysign(scaled)) as i64
}

/// An order-independent sum of `f64` terms (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exact(i128);

impl Exact {
    /// The sum as a number.
    #[inline]
    pub fn value(self) -> f64 {
        self.0 as f64 / SCALE
    }

    /// Adds `sign` (+1 or −1) times a term.
    #[inline]
    pub fn add_signed(&mut self, x: f64, sign: i64) {
        self.0 += i128::from(micro(x) * sign);
    }

    /// True when the sum is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl AddAssign<f64> for Exact {
    #[inline]
    fn add_assign(&mut self, x: f64) {
        self.0 += i128::from(micro(x));
    }
}

impl SubAssign<f64> for Exact {
    #[inline]
    fn sub_assign(&mut self, x: f64) {
        self.0 -= i128::from(micro(x));
    }
}

impl AddAssign<Exact> for Exact {
    #[inline]
    fn add_assign(&mut self, other: Exact) {
        self.0 += other.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_read_back_as_decimals_and_subtracting_undoes_adding() {
        let mut s = Exact::default();
        for _ in 0..3 {
            s += 10.2;
        }
        assert_eq!(s.value(), 30.6);
        let mut t = s;
        t += 0.1;
        t += 1e9;
        t -= 1e9;
        t -= 0.1;
        assert_eq!(t, s);
        // Any order of the same terms gives the same sum, to the bit.
        let terms = [0.1, 1e-7, 123_456.789, 2.0 / 3.0, 5e5, 0.3];
        let (mut forward, mut backward) = (Exact::default(), Exact::default());
        terms.iter().for_each(|&x| forward += x);
        terms.iter().rev().for_each(|&x| backward += x);
        assert_eq!(forward, backward);
        assert_eq!(micro(-2.5e-6), -3);
        assert_eq!(micro(f64::NAN), 0);
    }
}

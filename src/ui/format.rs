//! Unit preferences and number formatting for the designer (metric / imperial lengths; kW, BTU/h or tons).

use serde::{Deserialize, Serialize};

use crate::analysis::units::{kw_to_btu_per_hr, kw_to_tons, m_to_ft};
use crate::cli::{group_digits, group_float};

/// Length units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LengthUnit {
    /// Metres and kilometres.
    #[default]
    Metric,
    /// Feet and miles.
    Imperial,
}

/// Units for heat (cooling load).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeatUnit {
    /// kW / MW thermal.
    #[default]
    Kw,
    /// BTU per hour.
    BtuPerHr,
    /// Tons of refrigeration.
    Tons,
}

/// The user's unit choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Units {
    /// Lengths.
    pub length: LengthUnit,
    /// Heat.
    pub heat: HeatUnit,
}

impl Units {
    /// A length, e.g. `12.5 m` or `41.0 ft`.
    pub fn length(&self, m: f64) -> String {
        match self.length {
            LengthUnit::Metric if m.abs() >= 10_000.0 => format!("{} km", group_float(m / 1000.0, 1)),
            LengthUnit::Metric => format!("{} m", group_float(m, if m.abs() < 100.0 { 1 } else { 0 })),
            LengthUnit::Imperial => {
                let ft = m_to_ft(m);
                if ft.abs() >= 52_800.0 {
                    format!("{} mi", group_float(ft / 5280.0, 1))
                } else {
                    format!("{} ft", group_float(ft, if ft.abs() < 100.0 { 1 } else { 0 }))
                }
            }
        }
    }

    /// A long total length (cables): km or miles.
    pub fn long_length(&self, m: f64) -> String {
        match self.length {
            LengthUnit::Metric => format!("{} km", group_float(m / 1000.0, 1)),
            LengthUnit::Imperial => format!("{} mi", group_float(m_to_ft(m) / 5280.0, 1)),
        }
    }

    /// A heat load in the chosen unit.
    pub fn heat(&self, kw: f64) -> String {
        match self.heat {
            HeatUnit::Kw => power(kw),
            HeatUnit::BtuPerHr => format!("{} BTU/h", group_digits(kw_to_btu_per_hr(kw).round() as u64)),
            HeatUnit::Tons => format!("{} tons", group_float(kw_to_tons(kw), 0)),
        }
    }
}

/// Electrical power: kW below 1 MW, MW above.
pub fn power(kw: f64) -> String {
    if kw.abs() >= 1000.0 {
        format!("{} MW", group_float(kw / 1000.0, 2))
    } else {
        format!("{} kW", group_float(kw, 1))
    }
}

/// A count with separators.
pub fn count(n: u64) -> String {
    group_digits(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_format() {
        let metric = Units::default();
        assert_eq!(metric.length(12.34), "12.3 m");
        assert_eq!(metric.length(250.0), "250 m");
        assert_eq!(metric.long_length(35_462.6), "35.5 km");
        let imperial = Units { length: LengthUnit::Imperial, heat: HeatUnit::Tons };
        assert_eq!(imperial.length(3.048), "10.0 ft");
        assert_eq!(imperial.heat(3.5169 * 100.0), "100 tons");
        assert_eq!(Units { heat: HeatUnit::BtuPerHr, ..metric }.heat(1.0), "3,412 BTU/h");
        assert_eq!(power(850.0), "850.0 kW");
        assert_eq!(power(2_210.0), "2.21 MW");
    }
}

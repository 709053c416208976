//! Numbers in the user's units, shared by the command line and the designer: power, lengths, heat, flow and
//! floor load in metric or imperial, percentages; grouped digits and counted nouns come from the leaf module
//! [`crate::digits`] (re-exported here).

use serde::{Deserialize, Serialize};

pub use crate::digits::{count, counted, group_digits, group_float, usd};
use crate::units::{
    BTU_PER_HR_PER_TON, FT_PER_MILE, KG_PER_LB, KPA_PER_KG_PER_M2, KW_PER_TON, LB_PER_FT2_PER_KG_PER_M2,
    LITRES_PER_US_GALLON, M_PER_FT, kw_to_btu_per_hr, kw_to_tons, m_to_ft,
};

/// A tile column as a grid letter, the way halls letter their columns: 0 → "A", 25 → "Z", 26 → "AA", 701 →
/// "ZZ", 702 → "AAA" (a negative column, off the grid, as "−1").
pub fn grid_column(col: i64) -> String {
    if col < 0 {
        return format!("−{}", -col);
    }
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A tile's grid reference: its column's letter and its row's number from 1, e.g. "C14" for column 2, row 13;
/// "off grid" for a tile before the hall's first column or row.
pub fn grid_ref(col: i64, row: i64) -> String {
    if col < 0 || row < 0 {
        return "off grid".to_owned();
    }
    format!("{}{}", grid_column(col), row + 1)
}

/// The grid reference ("C14") of the tile a floor point stands on, on tiles of `tile_m`.
pub fn grid_ref_at(x_m: f64, y_m: f64, tile_m: f64) -> String {
    let tile = |v: f64| if tile_m > 0.0 { (v / tile_m + 1e-9).floor().clamp(-1e12, 1e12) as i64 } else { 0 };
    grid_ref(tile(x_m), tile(y_m))
}

/// Electrical power: kW below 1 MW, MW above.
pub fn power(kw: f64) -> String {
    if kw.abs() >= 1000.0 {
        format!("{} MW", group_float(kw / 1000.0, 2))
    } else {
        format!("{} kW", group_float(kw, 1))
    }
}

/// A percentage of a fraction (0.42 → "42 %").
pub fn percent(fraction: f64) -> String {
    format!("{} %", group_float(fraction * 100.0, 0))
}

/// Length units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LengthUnit {
    /// Metres and kilometres (and litres, m³/h).
    #[default]
    Metric,
    /// Feet and miles (and US gallons, CFM).
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
    /// Lengths, areas and flows.
    pub length: LengthUnit,
    /// Heat.
    pub heat: HeatUnit,
}

impl Units {
    /// True for feet, gallons and CFM.
    pub fn imperial(&self) -> bool {
        self.length == LengthUnit::Imperial
    }

    /// A length, e.g. `12.5 m` or `41.0 ft`.
    pub fn length(&self, m: f64) -> String {
        match self.length {
            LengthUnit::Metric if m.abs() >= 10_000.0 => format!("{} km", group_float(m / 1000.0, 1)),
            LengthUnit::Metric => format!("{} m", group_float(m, if m.abs() < 100.0 { 1 } else { 0 })),
            LengthUnit::Imperial => {
                let ft = m_to_ft(m);
                if ft.abs() >= 52_800.0 {
                    format!("{} mi", group_float(ft / FT_PER_MILE, 1))
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
            LengthUnit::Imperial => format!("{} mi", group_float(m_to_ft(m) / FT_PER_MILE, 1)),
        }
    }

    /// The unit a length field is edited in: "m" or "ft".
    pub fn length_suffix(&self) -> &'static str {
        if self.imperial() { "ft" } else { "m" }
    }

    /// Metres in the user's length unit (for editing).
    pub fn to_user_length(&self, m: f64) -> f64 {
        if self.imperial() { m_to_ft(m) } else { m }
    }

    /// The user's length unit back to metres.
    pub fn from_user_length(&self, v: f64) -> f64 {
        if self.imperial() { v / m_to_ft(1.0) } else { v }
    }

    /// A round length for a scale bar no longer than `max_m`: 1, 2 or 5 × a power of ten in the user's unit,
    /// returned in metres with its label.
    pub fn scale_bar(&self, max_m: f64) -> (f64, String) {
        let in_unit = self.to_user_length(max_m.max(1e-9));
        let pow = 10f64.powf(in_unit.log10().floor());
        let len = [1.0, 2.0, 5.0, 10.0].map(|f| f * pow).into_iter().rfind(|l| *l <= in_unit).unwrap_or(pow);
        let m = self.from_user_length(len);
        let decimals = if len < 1.0 { (-len.log10().floor()) as usize } else { 0 };
        (m, format!("{} {}", group_float(len, decimals), self.length_suffix()))
    }

    /// A compared figure (`analysis::compare`, in metric units and cooling in tons) in the user's units: its unit
    /// and value. Figures in other units are returned as they are.
    pub fn figure(&self, unit: &'static str, v: f64) -> (&'static str, f64) {
        match (unit, self.imperial()) {
            ("km", true) => ("mi", v * 1000.0 / M_PER_FT / FT_PER_MILE),
            ("m²", true) => ("ft²", v / (M_PER_FT * M_PER_FT)),
            ("t", true) => ("lb", v * 1000.0 / KG_PER_LB),
            ("L", true) => ("gal", v / LITRES_PER_US_GALLON),
            ("tons", _) => match self.heat {
                HeatUnit::Tons => ("tons", v),
                HeatUnit::Kw => ("MW", v * KW_PER_TON / 1000.0),
                // Millions as the US writes them (MMBtu/h): "MBTU/h" reads as thousands (MBH) to an HVAC engineer.
                HeatUnit::BtuPerHr => ("MMBtu/h", v * BTU_PER_HR_PER_TON / 1e6),
            },
            _ => (unit, v),
        }
    }

    /// A heat load in the chosen unit.
    pub fn heat(&self, kw: f64) -> String {
        match self.heat {
            HeatUnit::Kw => power(kw),
            HeatUnit::BtuPerHr => format!("{} BTU/h", group_digits(kw_to_btu_per_hr(kw).abs().round() as u64)),
            HeatUnit::Tons => format!("{} tons", group_float(kw_to_tons(kw), 0)),
        }
    }

    /// Water a day given in litres: L/day or US gal/day, in thousands or millions when large.
    pub fn water_per_day(&self, l_per_day: f64) -> String {
        let (v, unit) =
            if self.imperial() { (l_per_day / LITRES_PER_US_GALLON, "gal/day") } else { (l_per_day, "L/day") };
        if v >= 1e6 {
            format!("{} M {unit}", group_float(v / 1e6, 2))
        } else if v >= 1e4 {
            format!("{}k {unit}", group_float(v / 1e3, 0))
        } else {
            format!("{} {unit}", group_float(v, 0))
        }
    }

    /// A liquid flow given in litres per minute: L/min or US gal/min.
    pub fn liquid_flow(&self, lpm: f64) -> String {
        if self.imperial() {
            format!("{} gpm", group_float(lpm / LITRES_PER_US_GALLON, 0))
        } else {
            format!("{} L/min", group_float(lpm, 0))
        }
    }

    /// A floor load given in kg/m², in the user's unit first and the others beside it:
    /// `1,000 kg/m² (205 lb/ft², 9.8 kPa)` or `205 lb/ft² (1,000 kg/m², 9.8 kPa)`.
    pub fn floor_load(&self, kg_per_m2: f64) -> String {
        let kpa = group_float(kg_per_m2 * KPA_PER_KG_PER_M2, 1);
        let kg = format!("{} kg/m²", group_float(kg_per_m2, 0));
        let lb = format!("{} lb/ft²", group_float(kg_per_m2 * LB_PER_FT2_PER_KG_PER_M2, 0));
        if self.imperial() { format!("{lb} ({kg}, {kpa} kPa)") } else { format!("{kg} ({lb}, {kpa} kPa)") }
    }

    /// A floor load in the user's unit only: `1,528 kg/m²` or `313 lb/ft²`.
    pub fn floor_load_short(&self, kg_per_m2: f64) -> String {
        format!("{} {}", group_float(self.to_user_floor(kg_per_m2), 0), self.floor_suffix())
    }

    /// The unit a floor load is edited in: "kg/m²" or "lb/ft²".
    pub fn floor_suffix(&self) -> &'static str {
        if self.imperial() { "lb/ft²" } else { "kg/m²" }
    }

    /// kg/m² in the user's floor-load unit.
    pub fn to_user_floor(&self, kg_per_m2: f64) -> f64 {
        if self.imperial() { kg_per_m2 * LB_PER_FT2_PER_KG_PER_M2 } else { kg_per_m2 }
    }

    /// The user's floor-load unit back to kg/m².
    pub fn from_user_floor(&self, v: f64) -> f64 {
        if self.imperial() { v / LB_PER_FT2_PER_KG_PER_M2 } else { v }
    }

    /// A weight: `1,360 kg` / `2,998 lb`, or tonnes / short tons past 10 t.
    pub fn weight(&self, kg: f64) -> String {
        let lb = kg / KG_PER_LB;
        match (self.imperial(), kg >= 10_000.0) {
            (false, false) => format!("{} kg", group_float(kg, 0)),
            (false, true) => format!("{} t", group_float(kg / 1000.0, 1)),
            (true, false) => format!("{} lb", group_float(lb, 0)),
            (true, true) => format!("{} short tons", group_float(lb / 2000.0, 1)),
        }
    }

    /// An airflow as the report gives it, in both units: CFM or m³/h (each the report's own figure, so the
    /// designer and the command line show the same number).
    pub fn air_flow(&self, cfm: f64, m3_per_hr: f64) -> String {
        if self.imperial() {
            format!("{} CFM", group_float(cfm, 0))
        } else {
            format!("{} m³/h", group_float(m3_per_hr, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compared_figures_follow_the_users_units() {
        let imperial = Units { length: LengthUnit::Imperial, heat: HeatUnit::Tons };
        let close = |(u, v): (&str, f64), (eu, ev): (&str, f64)| u == eu && (v - ev).abs() < ev.abs() * 1e-6;
        // 1 mile = 1.609344 km; 1 m² = 10.7639 ft²; 1 t = 2,204.62 lb (NIST exact definitions).
        assert!(close(imperial.figure("km", 1.609_344), ("mi", 1.0)));
        assert!(close(imperial.figure("m²", 1.0), ("ft²", 10.763_910_4)));
        assert!(close(imperial.figure("t", 1.0), ("lb", 2_204.622_62)));
        assert!(close(imperial.figure("tons", 1_000.0), ("tons", 1_000.0)));
        // A ton of refrigeration is 12,000 BTU/h = 3.5169 kW.
        let kw = Units { heat: HeatUnit::Kw, ..Units::default() };
        assert!(close(kw.figure("tons", 1_000.0), ("MW", 3.5169)));
        assert!(close(kw.figure("km", 2.0), ("km", 2.0)), "metric lengths stay");
        let btu = Units { heat: HeatUnit::BtuPerHr, ..Units::default() };
        assert!(close(btu.figure("tons", 1_000.0), ("MMBtu/h", 12.0)));
        assert!(close(imperial.figure("USD", 5.0), ("USD", 5.0)));
    }

    #[test]
    fn numbers_format() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(group_float(2_025.54, 1), "2,025.5");
        assert_eq!(group_float(0.456, 2), "0.46");
        assert_eq!(group_float(-1_500.26, 1), "-1,500.3");
        assert_eq!(group_float(-0.01, 1), "0.0", "never -0");
        assert_eq!(power(-0.01), "0.0 kW");
        assert_eq!(power(850.0), "850.0 kW");
        assert_eq!(power(2_210.0), "2.21 MW");
        // Grid references: letters for columns (A … Z, AA …), numbers from 1 for rows.
        let cols: Vec<String> = [0, 2, 25, 26, 27, 701, 702].iter().map(|&c| grid_column(c)).collect();
        assert_eq!(cols, ["A", "C", "Z", "AA", "AB", "ZZ", "AAA"]);
        assert_eq!(grid_ref(2, 13), "C14");
        assert_eq!(grid_ref(-1, 5), "off grid");
        assert_eq!(counted(1, "warning", "warnings"), "1 warning");
        assert_eq!(counted(2_048, "GPU", "GPUs"), "2,048 GPUs");
        assert_eq!(percent(0.894), "89 %");
    }

    #[test]
    fn floor_and_weight_format() {
        let metric = Units::default();
        let imperial = Units { length: LengthUnit::Imperial, ..Units::default() };
        // 1,000 kg/m² × 9.80665 = 9.8 kPa; × 0.3048² / 0.45359237 = 204.8 lb/ft².
        assert_eq!(metric.floor_load(1_000.0), "1,000 kg/m² (205 lb/ft², 9.8 kPa)");
        assert_eq!(imperial.floor_load(1_000.0), "205 lb/ft² (1,000 kg/m², 9.8 kPa)");
        assert!((imperial.from_user_floor(imperial.to_user_floor(733.0)) - 733.0).abs() < 1e-9);
        assert_eq!(
            (metric.floor_load_short(1_528.0), imperial.floor_load_short(1_528.0)),
            ("1,528 kg/m²".into(), "313 lb/ft²".into())
        );
        assert_eq!(metric.weight(1_360.0), "1,360 kg");
        assert_eq!(imperial.weight(1_360.0), "2,998 lb");
        assert_eq!(metric.weight(8_160_000.0), "8,160.0 t");
    }

    #[test]
    fn units_format() {
        let metric = Units::default();
        assert_eq!(metric.length(12.34), "12.3 m");
        assert_eq!(metric.length(250.0), "250 m");
        assert_eq!(metric.long_length(35_462.6), "35.5 km");
        assert_eq!(metric.liquid_flow(3785.411784), "3,785 L/min");
        let imperial = Units { length: LengthUnit::Imperial, heat: HeatUnit::Tons };
        assert_eq!(imperial.length(3.048), "10.0 ft");
        assert_eq!(imperial.heat(3.5169 * 100.0), "100 tons");
        assert_eq!(imperial.liquid_flow(3785.411784), "1,000 gpm");
        assert_eq!(imperial.air_flow(1_000.0, 1_699.0), "1,000 CFM");
        assert_eq!(metric.air_flow(1_000.0, 1_699.0), "1,699 m³/h");
        assert_eq!(Units { heat: HeatUnit::BtuPerHr, ..metric }.heat(1.0), "3,412 BTU/h");
        // Scale bars are round in the user's unit.
        let (m, label) = imperial.scale_bar(2.0);
        assert_eq!(label, "5 ft");
        assert!((m - 1.524).abs() < 1e-9);
        assert_eq!(metric.scale_bar(7.0).1, "5 m");
        assert_eq!(metric.scale_bar(0.3).1, "0.2 m");
        assert!((imperial.from_user_length(imperial.to_user_length(7.3)) - 7.3).abs() < 1e-12);
    }
}

//! Physical constants and unit conversions (sources in `shared/reference/domain.md` §6): a leaf module — it uses
//! nothing of the crate — shared by the live model, the generator and the formatting of numbers in the user's
//! units.

/// BTU per hour in one kW (1 W = 3.41214 BTU/h).
pub const BTU_PER_HR_PER_KW: f64 = 3_412.14;
/// kW in one ton of refrigeration (12,000 BTU/h).
pub const KW_PER_TON: f64 = 3.5169;
/// A ton of refrigeration is defined as 12,000 BTU/h.
pub const BTU_PER_HR_PER_TON: f64 = 12_000.0;
/// Degrees Fahrenheit per kelvin of temperature difference.
pub const DEG_F_PER_K: f64 = 1.8;
/// Density of air in kg/m³ (metric airflow formula).
pub const AIR_DENSITY_KG_PER_M3: f64 = 1.2;
/// Specific heat of air in kJ/(kg·K).
pub const AIR_CP_KJ_PER_KG_K: f64 = 1.005;
/// Specific heat of water in kJ/(kg·K); coolant flow is computed for water (1 kg/L).
pub const WATER_CP_KJ_PER_KG_K: f64 = 4.186;
/// Continuous-load derating of a PDU or breaker (NEC 80 % rule).
pub const PDU_CONTINUOUS_DERATE: f64 = 0.8;
/// Metres in one foot.
pub const M_PER_FT: f64 = 0.3048;
/// Litres in a US gallon.
pub const LITRES_PER_US_GALLON: f64 = 3.785_411_784;
/// Kilograms in a pound (exact).
pub const KG_PER_LB: f64 = 0.453_592_37;
/// Feet in a mile.
pub const FT_PER_MILE: f64 = 5_280.0;
/// kPa of floor load per kg/m² (standard gravity, 9.80665 m/s²).
pub const KPA_PER_KG_PER_M2: f64 = 9.806_65e-3;
/// lb/ft² per kg/m² (exact from the foot and the pound).
pub const LB_PER_FT2_PER_KG_PER_M2: f64 = 0.3048 * 0.3048 / 0.453_592_37;

/// BTU/h for a heat load in kW.
pub fn kw_to_btu_per_hr(kw: f64) -> f64 {
    kw * BTU_PER_HR_PER_KW
}

/// Tons of refrigeration for a heat load in kW.
pub fn kw_to_tons(kw: f64) -> f64 {
    kw / KW_PER_TON
}

/// Cubic feet per minute in one m³/h (1 ft³ = 0.028316846592 m³, exact).
pub const CFM_PER_M3_PER_HR: f64 = 1.0 / (0.028_316_846_592 * 60.0);

/// Airflow in CFM that removes `kw` of heat at an air temperature rise of `delta_t_k` kelvin: the metric
/// formula converted, so CFM and m³/h always describe the same flow.
pub fn air_cfm(kw: f64, delta_t_k: f64) -> f64 {
    m3_per_hr_to_cfm(air_m3_per_hr(kw, delta_t_k))
}

/// CFM for an airflow in m³/h.
pub fn m3_per_hr_to_cfm(m3_per_hr: f64) -> f64 {
    m3_per_hr * CFM_PER_M3_PER_HR
}

/// Airflow in m³/h that removes `kw` of heat at an air temperature rise of `delta_t_k` kelvin.
pub fn air_m3_per_hr(kw: f64, delta_t_k: f64) -> f64 {
    if delta_t_k <= 0.0 {
        return 0.0;
    }
    3_600.0 * kw / (AIR_DENSITY_KG_PER_M3 * AIR_CP_KJ_PER_KG_K * delta_t_k)
}

/// Water flow in L/min that removes `kw` of heat at a coolant temperature rise of `delta_t_k` kelvin.
pub fn coolant_lpm(kw: f64, delta_t_k: f64) -> f64 {
    if delta_t_k <= 0.0 {
        return 0.0;
    }
    kw * 60.0 / (WATER_CP_KJ_PER_KG_K * delta_t_k)
}

/// Feet for a length in metres.
pub fn m_to_ft(m: f64) -> f64 {
    m / M_PER_FT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn conversions_match_hand_computed_values() {
        // 1,000 kW → 3,412,140 BTU/h → 284.34 tons.
        assert!(close(kw_to_btu_per_hr(1_000.0), 3_412_140.0, 1e-6));
        assert!(close(kw_to_tons(1_000.0), 284.341, 1e-3));
        // 12,000 BTU/h is one ton: 3.5169 kW.
        assert!(close(kw_to_tons(3.5169), 1.0, 1e-9));
        // One formula for both units: 10.2 kW at ΔT 16 K → 3600×10.2/(1.2×1.005×16) = 1,902.99 m³/h
        // = 1,902.99 / 1.69901 = 1,120.05 CFM (the reference's DGX H100 check: 1,105 CFM at 80 % fan, ~29 °F).
        assert!(close(air_m3_per_hr(10.2, 16.0), 1_902.99, 0.01));
        assert!(close(air_cfm(10.2, 16.0), 1_120.05, 0.01));
        // 1 kW at 25 °F (13.889 K) → 214.93 m³/h = 126.5 CFM (reference: ~126 by the imperial rule of thumb).
        assert!(close(air_cfm(1.0, 25.0 / 1.8), 126.50, 0.01));
        // The two units agree exactly: 1 m³/h = 0.588578 CFM.
        assert!(close(m3_per_hr_to_cfm(1.0), 0.588_578, 1e-6));
        // Metric: 1 kW at 12 K → 3600/(1.2×1.005×12) = 248.76 m³/h (reference: ~249).
        assert!(close(air_m3_per_hr(1.0, 12.0), 248.76, 0.01));
        // Water: 1 kW at 10 K → 60/(4.186×10) = 1.4333 L/min (reference physics value 1.44).
        assert!(close(coolant_lpm(1.0, 10.0), 1.4333, 1e-4));
        assert_eq!(coolant_lpm(5.0, 0.0), 0.0);
        assert!(close(m_to_ft(0.3048), 1.0, 1e-12));
    }
}

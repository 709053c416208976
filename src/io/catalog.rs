//! The built-in equipment catalog, embedded from `assets/catalog.ron` at build time.

use std::sync::OnceLock;

use crate::model::{Catalog, EquipmentType};

/// The catalog's RON source, as shipped.
pub const BUILTIN_CATALOG_RON: &str = include_str!("../../assets/catalog.ron");

/// Parses a catalog file (a RON list of equipment types).
pub fn parse_catalog(src: &str) -> Result<Catalog, ron::error::SpannedError> {
    ron::from_str::<Vec<EquipmentType>>(src).map(Catalog::new)
}

/// The built-in catalog, parsed once.
pub fn builtin_catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| match parse_catalog(BUILTIN_CATALOG_RON) {
        Ok(c) => c,
        // The file is compiled in and checked by `builtin_catalog_parses`; failing here is a build defect.
        Err(e) => panic!("assets/catalog.ron is invalid at {}: {}", e.span.start, e.code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EquipmentKind;

    #[test]
    fn builtin_catalog_parses_and_is_complete() {
        let c = parse_catalog(BUILTIN_CATALOG_RON).unwrap_or_else(|e| panic!("{}: {}", e.span.start, e.code));
        assert!(c.types.len() >= 15, "{} types", c.types.len());
        for id in [
            "rack-dgx-h100-4",
            "rack-colossus-64",
            "rack-dgx-h200-4",
            "rack-dgx-b200-4",
            "rack-gb200-nvl72",
            "rack-gb300-nvl72",
            "sw-qm9700",
            "sw-sn5600",
            "sw-q3400",
            "sw-sn2201",
            "pdu-floor-500kva",
            "cdu-inrack-250",
            "cdu-inrow-1500",
            "crah-cw-150",
            "rdhx-40",
        ] {
            assert!(c.get(&id.into()).is_some(), "{id} missing");
        }
        for t in &c.types {
            assert!(!t.source.is_empty(), "{} has no source", t.id);
            assert!(
                !t.assumption || !t.assumption_note.is_empty(),
                "{} flags an assumption without saying which",
                t.id
            );
            assert!(t.power_typical_kw <= t.power_peak_kw, "{}", t.id);
            let price = t.price.as_ref().unwrap_or_else(|| panic!("{} has no list price", t.id));
            assert!(price.usd > 0.0 && !price.source.is_empty(), "{}: price without a figure or a source", t.id);
            assert!(!price.assumption || !price.note.is_empty(), "{}: an estimated price needs its note", t.id);
            match t.kind {
                EquipmentKind::GpuRack => assert!(t.gpu.is_some(), "{}", t.id),
                EquipmentKind::Switch => assert!(t.switch.is_some(), "{}", t.id),
                EquipmentKind::Pdu => assert!(t.pdu.is_some(), "{}", t.id),
                EquipmentKind::Cooling => assert!(t.cooling.is_some(), "{}", t.id),
                _ => {}
            }
        }
        // Figures straight from the reference.
        let h100 = c.get(&"rack-dgx-h100-4".into()).and_then(|t| t.gpu.clone()).map(|g| (g.gpus(), g.bf16_tflops));
        assert_eq!(h100, Some((32, 989.0)));
        assert_eq!(c.get(&"rack-dgx-h100-4".into()).map(|t| t.power_peak_kw), Some(40.8));
        assert_eq!(c.get(&"rack-colossus-64".into()).map(|t| t.gpus()), Some(64));
        assert_eq!(c.get(&"sw-sn5600".into()).and_then(|t| t.switch.as_ref()).map(|s| s.radix_at(400)), Some(128));
        assert_eq!(c.get(&"sw-qm9700".into()).and_then(|t| t.switch.as_ref()).map(|s| s.radix_at(400)), Some(64));
    }
}

//! The built-in equipment catalog, embedded from `assets/catalog.ron` at build time.

use std::sync::OnceLock;

use crate::model::{Catalog, EquipmentType, PlantType};

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

/// The plant catalog's RON source, as shipped (`assets/plant.ron`).
pub const BUILTIN_PLANT_RON: &str = include_str!("../../assets/plant.ron");

/// Parses a plant catalog file (a RON list of plant types).
pub fn parse_plant(src: &str) -> Result<Vec<PlantType>, ron::error::SpannedError> {
    ron::from_str::<Vec<PlantType>>(src)
}

/// The built-in plant types (transformers, UPS, generation, storage, heat rejection), parsed once.
pub fn builtin_plant() -> &'static [PlantType] {
    static PLANT: OnceLock<Vec<PlantType>> = OnceLock::new();
    PLANT.get_or_init(|| match parse_plant(BUILTIN_PLANT_RON) {
        Ok(p) => p,
        // Compiled in and checked by `builtin_plant_parses`; failing here is a build defect.
        Err(e) => panic!("assets/plant.ron is invalid at {}: {}", e.span.start, e.code),
    })
}

/// The built-in plant type with this id.
pub fn builtin_plant_type(id: &str) -> Option<&'static PlantType> {
    builtin_plant().iter().find(|t| t.id.0 == id)
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

    #[test]
    fn builtin_plant_parses_with_a_source_and_price_for_every_type() {
        let plant = parse_plant(BUILTIN_PLANT_RON).unwrap_or_else(|e| panic!("{}: {}", e.span.start, e.code));
        for kind in crate::model::PlantKind::ALL {
            assert!(plant.iter().any(|t| t.kind == kind), "a {} in the catalog", kind.label());
        }
        for t in &plant {
            assert!(!t.source.is_empty() && t.price.is_some(), "{} has a source and a price", t.id);
            assert!(t.rating() > 0.0 && t.efficiency > 0.0 && t.efficiency <= 1.0, "{} rated", t.id);
            assert_eq!(t.assumption, !t.assumption_note.is_empty(), "{} says which figure is estimated", t.id);
        }
        // The Megapack 2 XL figures as Tesla's datasheet gives them.
        let two = builtin_plant_type("bess-megapack2xl-2h").map(|t| (t.rating_kw, t.energy_kwh, t.efficiency));
        assert_eq!(two, Some((1927.0, 3854.0, 0.92)));
    }
}

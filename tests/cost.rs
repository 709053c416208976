//! The bill of materials and the cost figures: hand-computed prices, quantities equal to the report's counts,
//! a layout's own prices (kept through a save), unpriced types, and the CSV read back with a real parser.

mod common;

use clusterplan::analysis::{Report, analyse};
use clusterplan::export::{BOM_COLUMNS, bom_csv, bom_json, bom_table};
use clusterplan::generate::{generate, preset_params};
use clusterplan::io::{load_layout, save_layout};
use clusterplan::model::{Layout, PartPrice};
use common::{add, close, hall, item};

/// Two GB200 NVL72 racks, an A/B pair of 300 kVA PDUs, an in-row CDU and a CRAH.
fn nvl72_pair() -> Layout {
    let mut l = hall();
    let a = add(&mut l, "pdu-floor-300kva", 0, 0);
    let b = add(&mut l, "pdu-floor-300kva", 2, 0);
    let cdu = add(&mut l, "cdu-inrow-1500", 8, 0);
    add(&mut l, "crah-cw-150", 0, 14);
    for x in [5, 6] {
        let r = add(&mut l, "rack-gb200-nvl72", x, 0);
        let it = item(&mut l, r);
        (it.feed_a, it.feed_b, it.cooling, it.su) = (Some(a), Some(b), Some(cdu), Some(0));
    }
    // Without the storage network the trays declare (its switches and optics are priced and tested in
    // analysis.rs), so the sums below stay the racks', PDUs' and cooling's.
    for t in &mut l.catalog.types {
        if let Some(g) = &mut t.gpu {
            g.networks.clear();
        }
    }
    l
}

fn row<'a>(r: &'a Report, part: &str) -> &'a clusterplan::analysis::BomRow {
    r.bom.iter().find(|b| b.part == part).unwrap_or_else(|| panic!("no BOM row {part}"))
}

#[test]
fn a_small_hall_costs_what_its_prices_add_up_to() {
    let r = analyse(&nvl72_pair());
    // Catalog prices: NVL72 $3,100,000 a rack (the reported quote; 18 compute trays: $172,222.22 each), 300 kVA
    // PDU $45,000, in-row CDU $250,000, CRAH $40,000. No switches, so no cables.
    // Capital: 2 × 3,100,000 + 2 × 45,000 + 250,000 + 40,000 = $6,580,000.
    let nvl = row(&r, "rack-gb200-nvl72");
    assert_eq!((nvl.category, nvl.unit, nvl.quantity), ("compute", "server", 36));
    close(nvl.unit_price_usd, 3_100_000.0 / 18.0, 1e-6);
    close(nvl.extended_usd, 6_200_000.0, 1e-6);
    assert_eq!((row(&r, "pdu-floor-300kva").quantity, row(&r, "cdu-inrow-1500").quantity), (2, 1));
    close(r.cost.capex_usd, 6_580_000.0, 1e-6);
    close(r.cost.by_category["compute"], 6_200_000.0, 1e-6);
    close(r.cost.by_category["power"], 90_000.0, 1e-6);
    close(r.cost.by_category["cooling"], 290_000.0, 1e-6);
    // Per GPU: 6,580,000 / 144 = 45,694.44; per BF16 PFLOPS: 6,580,000 / 360 = 18,277.78.
    close(r.cost.usd_per_gpu, 45_694.444, 1e-3);
    close(r.cost.usd_per_pflops, 18_277.778, 1e-3);
    // Energy: the facility's typical power for 8,760 h at $0.08/kWh (the default, EIA industrial average).
    close(r.cost.energy_usd_per_kwh, 0.08, 1e-12);
    // Two NVL72 at 120 kW typical × PUE 1.25 = 300 kW: 300 × 8,760 × 0.08 = $210,240 a year.
    close(r.power.facility_kw, 300.0, 1e-9);
    close(r.cost.opex_usd_per_year, 210_240.0, 1e-6);
    // Every catalog price here is a planning estimate, and says so.
    close(r.cost.estimated_share, 1.0, 1e-12);
    assert!(r.cost.unpriced.is_empty());
}

#[test]
fn layout_prices_replace_the_catalogs_and_survive_a_save() {
    let mut l = nvl72_pair();
    l.prices.types.insert("rack-gb200-nvl72".into(), 3_000_000.0);
    // A price for racks still to come (no item of the type yet) is kept through the save too.
    l.prices.types.insert("rack-colossus-h200-64".into(), 2_000_000.0);
    l.prices.parts.insert("mpo12-om4".into(), PartPrice { usd: 10.0, per_m_usd: 2.0 });
    let r = analyse(&l);
    // The hall has no fibre: the part price changes nothing, and the analysis says so.
    let unused = r.warnings.iter().find(|w| w.code == "price-unused").unwrap_or_else(|| panic!("{:?}", r.warnings));
    assert!(unused.message.contains("mpo12-om4"), "{}", unused.message);
    let nvl = row(&r, "rack-gb200-nvl72");
    assert_eq!((nvl.source.as_str(), nvl.assumption), ("layout price", false));
    // 2 × 3,000,000 + 90,000 + 250,000 + 40,000 = 6,380,000.
    close(r.cost.capex_usd, 6_380_000.0, 1e-6);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("priced.ron");
    save_layout(&l, &path).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("prices:") && text.contains("\"mpo12-om4\""), "{text}");
    let back = load_layout(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.prices, l.prices);
    assert!(back.catalog.get(&"rack-colossus-h200-64".into()).is_some());
    assert_eq!(analyse(&back).cost, r.cost);
}

#[test]
fn part_prices_follow_the_stock_length_and_a_layout_override() {
    let mut l =
        preset_params("superpod-h100", None, Some(1)).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    // Every part row is the parts list's part at its stock length, at the parts list's price.
    // (The compute fabric's parts: the hall's GPU types here declare no networks beside it.)
    for t in &mut l.catalog.types {
        if let Some(g) = &mut t.gpu {
            g.networks.clear();
        }
    }
    let r = analyse(&l);
    let parts: Vec<_> = r.bom.iter().filter(|b| matches!(b.category, "cable" | "transceiver" | "fibre")).collect();
    assert_eq!(parts.len(), r.cables.parts.len());
    for (b, p) in parts.iter().zip(&r.cables.parts) {
        assert_eq!(b.quantity, p.quantity, "{}", p.part);
        close(b.unit_price_usd, p.unit_price_usd, 1e-9);
        assert!(b.part.starts_with(&p.part), "{} / {}", b.part, p.part);
    }
    // A twin-port 800G (2 × 400G) transceiver, the switch's or the server's flat-top: $1.25 (SR) or $1.55 (DR)
    // per Gb/s × 800.
    assert!(parts.iter().any(|b| b.part == "osfp-800g-2x400g-sr-flat"), "a DGX's cages take the flat-top part");
    for b in parts.iter().filter(|b| b.part.starts_with("osfp-800g-2x400g-")) {
        let rate = if b.part.contains("-sr") { 1.25 } else { 1.55 };
        close(b.unit_price_usd, rate * 800.0, 1e-9);
    }
    // A layout price per part: $5 + $3/m on every length of MPO-12 OM4 fibre (7.5 m: $27.50).
    assert!(parts.iter().any(|b| b.part == "mpo12-om4-7.5m"), "{:?}", r.cables.parts);
    l.prices.parts.insert("mpo12-om4".into(), PartPrice { usd: 5.0, per_m_usd: 3.0 });
    let r2 = analyse(&l);
    for b in r2.bom.iter().filter(|b| b.part.starts_with("mpo12-om4-")) {
        let length_m: f64 = b.part.trim_start_matches("mpo12-om4-").trim_end_matches('m').parse().unwrap_or(0.0);
        close(b.unit_price_usd, 5.0 + 3.0 * length_m, 1e-9);
        assert_eq!(b.source, "layout price");
    }
    let b = row(&r2, "mpo12-om4-7.5m");
    close(b.unit_price_usd, 27.5, 1e-9);
    assert_eq!(b.source, "layout price");
}

#[test]
fn bom_quantities_equal_the_report_and_the_csv_reads_back() {
    let l = preset_params("colossus", Some(20_480), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let r = analyse(&l);
    let sum = |category: &str| r.bom.iter().filter(|b| b.category == category).map(|b| b.quantity).sum::<u64>();
    assert_eq!(sum("compute"), r.gpus.servers);
    let n = &r.network;
    let switches: u64 = r.bom.iter().filter(|b| b.unit == "switch").map(|b| b.quantity).sum();
    // Placed switches, and those the networks beside the fabric are sized to.
    let side: u64 = n.side.iter().map(|s| s.leaf_switches + s.spine_switches + s.core_switches).sum();
    assert!(side > 0);
    assert_eq!(switches, n.leaf_switches + n.spine_switches + n.core_switches + n.management_switches + side);
    assert_eq!(sum("power"), r.power.pdus.len() as u64);
    assert_eq!(sum("cooling"), r.cooling.units.len() as u64);
    let side_modules: u64 = n.side.iter().map(|s| s.transceivers).sum();
    assert_eq!(sum("transceiver"), r.cables.transceivers + side_modules);
    let total: f64 = r.bom.iter().map(|b| b.extended_usd).sum();
    close(r.cost.capex_usd, total, 1e-3);
    close(r.cost.by_category.values().sum::<f64>(), total, 1e-3);

    let text = bom_csv(&l, &r, "2026-12-06").unwrap_or_else(|e| panic!("{e}"));
    let table = bom_table(&text).unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<&str> = table[0].iter().collect();
    assert_eq!(header, BOM_COLUMNS);
    let (records, total) = (&table[1..table.len() - 1], &table[table.len() - 1]);
    assert_eq!(records.len(), r.bom.len());
    let mut csv_total = 0.0;
    for (rec, b) in records.iter().zip(&r.bom) {
        assert_eq!((&rec[0], &rec[3]), (b.category, b.part.as_str()));
        assert_eq!(rec[5].parse::<u64>().ok(), Some(b.quantity), "{}", b.part);
        assert!(["quoted", "list", "estimate", "unpriced"].contains(&&rec[10]), "{}: {}", b.part, &rec[10]);
        assert!(!rec[11].contains("eference"), "a buyer's source names no section of our reference: {}", &rec[11]);
        csv_total += rec[9].parse::<f64>().unwrap_or(f64::NAN);
    }
    close(csv_total, r.cost.capex_usd, 0.01 * records.len() as f64);
    // The total row says the capital cost to the cent.
    assert_eq!(&total[0], "total");
    close(total[9].parse::<f64>().unwrap_or(f64::NAN), r.cost.capex_usd, 0.01);
    let json: serde_json::Value =
        serde_json::from_str(&bom_json(&r).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(r.bom.len()));
    assert_eq!(json["cost"]["capex_usd"].as_f64(), Some(r.cost.capex_usd));
}

#[test]
fn a_partly_filled_rack_costs_its_servers_share() {
    // One NVL72 with 9 of its 18 compute trays: 36 − 9 = 27 servers at $3,100,000 / 18 each = $4,650,000.
    let mut l = nvl72_pair();
    let rack = l.items.iter().find(|i| i.type_id.as_str() == "rack-gb200-nvl72").map(|i| i.id);
    item(&mut l, rack.unwrap_or_else(|| panic!("no rack"))).servers = Some(9);
    let r = analyse(&l);
    let nvl = row(&r, "rack-gb200-nvl72");
    assert_eq!((nvl.quantity, r.gpus.servers), (27, 27));
    close(nvl.extended_usd, 4_650_000.0, 1e-6);
}

#[test]
fn a_type_without_a_price_is_named_and_left_out() {
    // A file from before prices: its types carry none.
    let mut l = nvl72_pair();
    let mut types = l.catalog.types.clone();
    for t in &mut types {
        if t.id.0 == "cdu-inrow-1500" {
            t.price = None;
        }
    }
    l.catalog = clusterplan::model::Catalog::new(types);
    let r = analyse(&l);
    assert_eq!(r.cost.unpriced, vec!["cdu-inrow-1500".to_owned()]);
    let w = r.warnings.iter().find(|w| w.code == "unpriced").unwrap_or_else(|| panic!("{:?}", r.warnings));
    assert!(w.message.contains("cdu-inrow-1500") && w.items.len() == 1, "{}", w.message);
    // 6,580,000 without the CDU's 250,000.
    close(r.cost.capex_usd, 6_330_000.0, 1e-6);
    assert_eq!(row(&r, "cdu-inrow-1500").source, "no price");
}

#[test]
fn every_switch_is_priced_on_one_basis_per_400g_port() {
    // The QM9700's reported ~$50,000 for 64 × 400G is $781.25 per 400G port (reference §11b); every other switch
    // is priced on that basis by its 400G ports: SN5600 128 (64 × 800G) → $100,000; Q3400 288 (144 × 800G) →
    // $225,000; SN4600C 16 (64 × 100G = 6.4 Tb/s) → $12,500.
    let catalog = clusterplan::io::builtin_catalog();
    for id in ["sw-qm9700", "sw-sn5600", "sw-q3400", "sw-sn4600c"] {
        let t = catalog.get(&id.into()).unwrap_or_else(|| panic!("{id}"));
        let sw = t.switch.as_ref().unwrap_or_else(|| panic!("{id} is a switch"));
        let ports_400g = f64::from(sw.ports) * f64::from(sw.port_gbps) / 400.0;
        let usd = t.price.as_ref().map_or(0.0, |p| p.usd);
        close(usd / ports_400g, 781.25, 1e-9);
    }
    // And the basis each price is, as the bill says it: a quote, a reported figure, an estimate.
    let basis = |id: &str| catalog.get(&id.into()).and_then(|t| t.price.as_ref()).map(|p| p.basis().label());
    assert_eq!(basis("rack-hgx-h100-air-4"), Some("quoted"));
    assert_eq!(basis("rack-dgx-h100-4"), Some("reported"));
    assert_eq!(basis("sw-sn5600"), Some("estimate"));
}

#[test]
fn the_spares_policy_adds_whole_parts_to_optics_cables_and_fibre_and_the_buyers_csv_says_so() {
    let mut l =
        preset_params("colossus", Some(20_480), None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    l.document.project = "Memphis phase 1".into();
    l.document.revisions.push(clusterplan::model::document::Revision {
        rev: "B".into(),
        date: "2026-12-01".into(),
        note: "optics spares".into(),
    });
    let before = analyse(&l);
    l.hall.settings.spares_pct = 2.0;
    let after = analyse(&l);
    let mut added = 0.0;
    for (b, a) in before.bom.iter().zip(&after.bom) {
        assert_eq!(a.part, b.part);
        if matches!(a.category, "transceiver" | "cable" | "fibre") {
            // 2 % of the installed count, rounded up to a whole part.
            let want = (b.quantity * 2).div_ceil(100);
            assert_eq!((a.spares, a.quantity), (want, b.quantity + want), "{}", a.part);
            added += want as f64 * a.unit_price_usd;
        } else {
            assert_eq!((a.spares, a.quantity), (0, b.quantity), "{}", a.part);
        }
    }
    assert!(added > 0.0);
    close(after.cost.capex_usd - before.cost.capex_usd, added, 1e-6);
    // The fabric's own counts are what is installed.
    assert_eq!(after.cables.transceivers, before.cables.transceivers);

    let text = bom_csv(&l, &after, "2026-12-06").unwrap_or_else(|e| panic!("{e}"));
    let head: Vec<&str> = text.lines().take_while(|line| !line.is_empty()).collect();
    for want in [
        "project,Memphis phase 1",
        "revision,B",
        "revision_date,2026-12-01",
        "currency,USD",
        "exported,2026-12-06",
        "spares_policy,\"2 % more transceivers, cables and fibre, rounded up (in the quantities)\"",
    ] {
        assert!(head.contains(&want), "{want} not in {head:?}");
    }
    // The QM9700 leaves carry NVIDIA's OPN; LinkX optics theirs.
    let table = bom_table(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(table.iter().any(|r| &r[0] == "transceiver" && r[2].starts_with("MM")), "no LinkX OPN");
    // A design name a spreadsheet would run as a formula is quoted.
    let mut named = l.clone();
    named.name = "=HYPERLINK(\"x\")".into();
    let text = bom_csv(&named, &after, "2026-12-06").unwrap_or_else(|e| panic!("{e}"));
    assert!(text.starts_with("bill_of_materials,\"'=HYPERLINK"), "{}", &text[..60]);
    let sp = preset_params("superpod-h100", None, None).and_then(|p| generate(&p)).unwrap_or_else(|e| panic!("{e}"));
    let text = bom_csv(&sp, &analyse(&sp), "2026-12-06").unwrap_or_else(|e| panic!("{e}"));
    let table = bom_table(&text).unwrap_or_else(|e| panic!("{e}"));
    let opn = |part: &str| table.iter().find(|r| r[3].starts_with(part)).map(|r| (r[1].to_owned(), r[2].to_owned()));
    assert_eq!(opn("sw-qm9700"), Some(("NVIDIA".to_owned(), "MQM9700-NS2F".to_owned())));
}

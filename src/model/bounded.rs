//! Deserialising lists with a hard upper bound, so a hostile file claiming billions of entries is refused
//! while it is parsed, before the memory is spent.

use serde::de::{Deserialize, Deserializer, Error, SeqAccess, Visitor};

/// Most items a layout may hold.
pub const MAX_ITEMS: usize = 2_000_000;
/// Most equipment types a layout's catalog may hold.
pub const MAX_TYPES: usize = 10_000;
/// Most obstacles a hall may hold.
pub const MAX_OBSTACLES: usize = 100_000;

/// Deserialises a sequence of at most `MAX` elements; more is an error naming the limit.
pub fn bounded_vec<'de, D, T, const MAX: usize>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct BoundedVisitor<T, const MAX: usize>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for BoundedVisitor<T, MAX> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a list of at most {MAX} entries")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(element) = seq.next_element()? {
                if out.len() >= MAX {
                    return Err(A::Error::custom(format!(
                        "the list has more than {MAX} entries, the most a layout may hold; split the design into several files"
                    )));
                }
                out.push(element);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_seq(BoundedVisitor::<T, MAX>(std::marker::PhantomData))
}

/// Deserialises a map of at most `MAX` entries into a `BTreeMap`; more is an error naming the limit.
pub fn bounded_map<'de, D, K, V, const MAX: usize>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    use serde::de::MapAccess;

    struct BoundedVisitor<K, V, const MAX: usize>(std::marker::PhantomData<(K, V)>);

    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>, const MAX: usize> Visitor<'de> for BoundedVisitor<K, V, MAX> {
        type Value = std::collections::BTreeMap<K, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a map of at most {MAX} entries")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = map.next_entry()? {
                if out.len() >= MAX {
                    return Err(A::Error::custom(format!(
                        "the map has more than {MAX} entries, the most a layout may hold"
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_map(BoundedVisitor::<K, V, MAX>(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::bounded_vec;

    #[derive(Debug, Deserialize)]
    struct Small {
        #[serde(deserialize_with = "bounded_vec::<_, _, 3>")]
        list: Vec<u32>,
    }

    #[test]
    fn lists_past_the_bound_are_refused_while_parsing() {
        let ok: Result<Small, _> = ron::from_str("(list: [1, 2, 3])");
        assert_eq!(ok.map(|s| s.list).ok(), Some(vec![1, 2, 3]));
        let err = ron::from_str::<Small>("(list: [1, 2, 3, 4, 5])").map(|_| ()).map_err(|e| e.code.to_string());
        assert_eq!(
            err,
            Err("the list has more than 3 entries, the most a layout may hold; split the design into several files"
                .into())
        );
    }
}

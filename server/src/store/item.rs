//! The item model: what one key holds, when it expires, and how many bytes it is charged for.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::error::StoreError;
use super::zset::SortedSet;

/// The type of an item. Discriminants are the wire numbers of `_ItemGetTypeResponse.ItemType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ItemType {
    Scalar = 0,
    Dictionary = 1,
    Set = 2,
    List = 3,
    SortedSet = 4,
}

impl ItemType {
    /// The protobuf enum number for this type.
    pub fn wire_value(self) -> i32 {
        self as i32
    }

    pub fn name(self) -> &'static str {
        match self {
            ItemType::Scalar => "scalar",
            ItemType::Dictionary => "dictionary",
            ItemType::Set => "set",
            ItemType::List => "list",
            ItemType::SortedSet => "sorted set",
        }
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    Scalar(Bytes),
    Dictionary(HashMap<Bytes, Bytes>),
    Set(HashSet<Bytes>),
    List(VecDeque<Bytes>),
    SortedSet(SortedSet),
}

/// Rough per-element bookkeeping cost (hash slot or tree node plus the `Bytes` handle), so that
/// the memory bound also holds for collections of many tiny elements.
const ELEMENT_OVERHEAD: usize = 48;
/// Rough fixed cost of one cache entry inside moka and of the item header.
const ITEM_OVERHEAD: usize = 128;
/// A score is stored as an f64 beside the element.
const SCORE_BYTES: usize = 8;

impl Value {
    pub(crate) fn item_type(&self) -> ItemType {
        match self {
            Value::Scalar(_) => ItemType::Scalar,
            Value::Dictionary(_) => ItemType::Dictionary,
            Value::Set(_) => ItemType::Set,
            Value::List(_) => ItemType::List,
            Value::SortedSet(_) => ItemType::SortedSet,
        }
    }

    /// Bytes of user data, which is what the item-size limit is about.
    fn payload_bytes(&self) -> usize {
        match self {
            Value::Scalar(value) => value.len(),
            Value::Dictionary(map) => map.iter().map(|(k, v)| k.len() + v.len()).sum(),
            Value::Set(set) => set.iter().map(Bytes::len).sum(),
            Value::List(list) => list.iter().map(Bytes::len).sum(),
            Value::SortedSet(zset) => zset
                .iter_ascending()
                .map(|(value, _)| value.len() + SCORE_BYTES)
                .sum(),
        }
    }

    fn element_count(&self) -> usize {
        match self {
            Value::Scalar(_) => 1,
            Value::Dictionary(map) => map.len(),
            Value::Set(set) => set.len(),
            Value::List(list) => list.len(),
            Value::SortedSet(zset) => zset.len(),
        }
    }
}

/// One stored item. Cloning is cheap: the value sits behind an `Arc`, so moka can hand out
/// copies on every read and a TTL change does not copy the collection.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    value: Arc<Value>,
    expires_at: Instant,
    payload: usize,
    weight_extra: usize,
}

impl Item {
    pub(crate) fn new(value: Value, expires_at: Instant) -> Self {
        let payload = value.payload_bytes();
        let weight_extra = ITEM_OVERHEAD + value.element_count().saturating_mul(ELEMENT_OVERHEAD);
        Item {
            value: Arc::new(value),
            expires_at,
            payload,
            weight_extra,
        }
    }

    pub(crate) fn value(&self) -> &Value {
        &self.value
    }

    pub(crate) fn item_type(&self) -> ItemType {
        self.value.item_type()
    }

    pub(crate) fn expires_at(&self) -> Instant {
        self.expires_at
    }

    pub(crate) fn is_live(&self, now: Instant) -> bool {
        now < self.expires_at
    }

    pub(crate) fn remaining(&self, now: Instant) -> Duration {
        self.expires_at.saturating_duration_since(now)
    }

    pub(crate) fn payload_bytes(&self) -> usize {
        self.payload
    }

    /// The same value with another expiry; shares the value instead of copying it.
    pub(crate) fn with_expiry(&self, expires_at: Instant) -> Self {
        Item {
            expires_at,
            ..self.clone()
        }
    }

    /// Approximate memory cost, as charged against the store's memory bound.
    pub(crate) fn weight(&self, key_len: usize) -> u32 {
        let total = key_len
            .saturating_add(self.payload)
            .saturating_add(self.weight_extra);
        u32::try_from(total).unwrap_or(u32::MAX)
    }

    fn wrong_type(&self, expected: ItemType) -> StoreError {
        StoreError::WrongType {
            expected,
            found: self.item_type(),
        }
    }

    pub(crate) fn scalar(&self) -> Result<&Bytes, StoreError> {
        match self.value() {
            Value::Scalar(value) => Ok(value),
            _ => Err(self.wrong_type(ItemType::Scalar)),
        }
    }

    pub(crate) fn dictionary(&self) -> Result<&HashMap<Bytes, Bytes>, StoreError> {
        match self.value() {
            Value::Dictionary(map) => Ok(map),
            _ => Err(self.wrong_type(ItemType::Dictionary)),
        }
    }

    pub(crate) fn set(&self) -> Result<&HashSet<Bytes>, StoreError> {
        match self.value() {
            Value::Set(set) => Ok(set),
            _ => Err(self.wrong_type(ItemType::Set)),
        }
    }

    pub(crate) fn list(&self) -> Result<&VecDeque<Bytes>, StoreError> {
        match self.value() {
            Value::List(list) => Ok(list),
            _ => Err(self.wrong_type(ItemType::List)),
        }
    }

    pub(crate) fn sorted_set(&self) -> Result<&SortedSet, StoreError> {
        match self.value() {
            Value::SortedSet(zset) => Ok(zset),
            _ => Err(self.wrong_type(ItemType::SortedSet)),
        }
    }
}

/// Lets moka expire each entry at the instant the item itself carries.
pub(crate) struct ItemExpiry;

impl<K> moka::Expiry<K, Item> for ItemExpiry {
    fn expire_after_create(&self, _key: &K, item: &Item, created_at: Instant) -> Option<Duration> {
        Some(item.expires_at.saturating_duration_since(created_at))
    }

    fn expire_after_update(
        &self,
        _key: &K,
        item: &Item,
        updated_at: Instant,
        _duration_until_expiry: Option<Duration>,
    ) -> Option<Duration> {
        Some(item.expires_at.saturating_duration_since(updated_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_numbers_match_the_protocol() {
        assert_eq!(ItemType::Scalar.wire_value(), 0);
        assert_eq!(ItemType::Dictionary.wire_value(), 1);
        assert_eq!(ItemType::Set.wire_value(), 2);
        assert_eq!(ItemType::List.wire_value(), 3);
        assert_eq!(ItemType::SortedSet.wire_value(), 4);
    }

    #[test]
    fn payload_counts_user_bytes_and_weight_adds_overhead() {
        let now = Instant::now();
        let list = Value::List(VecDeque::from(vec![
            Bytes::from_static(b"abc"),
            Bytes::new(),
        ]));
        let item = Item::new(list, now);
        assert_eq!(item.payload_bytes(), 3);
        assert!(item.weight(5) as usize > 3 + 5);
        assert!(matches!(
            item.dictionary(),
            Err(StoreError::WrongType {
                expected: ItemType::Dictionary,
                found: ItemType::List
            })
        ));
        assert!(item.list().is_ok());
    }

    #[test]
    fn with_expiry_keeps_the_value() {
        let now = Instant::now();
        let item = Item::new(Value::Scalar(Bytes::from_static(b"v")), now);
        let later = item.with_expiry(now + Duration::from_secs(5));
        assert_eq!(later.scalar().unwrap().as_ref(), b"v");
        assert!(later.is_live(now));
        assert!(!item.is_live(now));
    }
}

//! [`TopicHub`]: the topics of every cache, publish and subscribe, and cache deletion.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use super::history::{Evicted, HistoryWindow};
use super::subscription::Subscription;
use super::topic::Topic;
use super::{Message, Payload, ResumeAt, TopicConfig, TopicCounters, TopicError, non_blank};
use crate::store::{Store, StoreError};

/// The topic engine. Cheap to clone; all clones share the same topics.
///
/// Lock order: the registry, then a topic, then the history window. Caches are checked and
/// deleted under the registry lock, so a publish or subscribe never lands on a deleted cache.
#[derive(Clone)]
pub struct TopicHub {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: TopicConfig,
    counters: Arc<TopicCounters>,
    registry: Mutex<Registry>,
    window: Mutex<HistoryWindow>,
}

#[derive(Default)]
struct Registry {
    caches: HashMap<String, CacheTopics>,
    /// The last page handed out, so a new page is always greater.
    last_page: u64,
}

#[derive(Default)]
struct CacheTopics {
    topics: HashMap<String, Arc<Topic>>,
    /// Open subscriptions; each one holds this counter and decrements it when it ends.
    subscribers: Arc<AtomicUsize>,
}

impl std::fmt::Debug for TopicHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TopicHub")
            .field("config", &self.inner.config)
            .field("topics", &self.topic_count())
            .field("subscribers", &self.subscriber_count())
            .finish()
    }
}

impl TopicHub {
    /// Topics for the caches of `store`.
    pub fn new(store: Store, config: TopicConfig) -> Self {
        let window = HistoryWindow::new(config.history_bytes);
        TopicHub {
            inner: Arc::new(Inner {
                store,
                config,
                counters: Arc::default(),
                registry: Mutex::default(),
                window: Mutex::new(window),
            }),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> &TopicConfig {
        &self.inner.config
    }

    pub(crate) fn counters(&self) -> &Arc<TopicCounters> {
        &self.inner.counters
    }

    /// Topics that exist now.
    pub fn topic_count(&self) -> u64 {
        TopicCounters::get(&self.inner.counters.topics)
    }

    /// Subscriptions open now.
    pub fn subscriber_count(&self) -> u64 {
        TopicCounters::get(&self.inner.counters.subscribers)
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // Each change under the lock is a single insert or remove, so a poisoned lock is still
        // consistent.
        self.inner
            .registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes `payload` to `topic`; returns the message as numbered.
    pub fn publish(
        &self,
        cache: &str,
        topic: &str,
        payload: Payload,
        publisher_id: String,
    ) -> Result<Arc<Message>, TopicError> {
        check_names(cache, topic)?;
        let limit = self.inner.config.max_message_bytes;
        if payload.len() > limit {
            return Err(TopicError::MessageTooLarge {
                size: payload.len(),
                limit,
            });
        }
        let topic_ref = {
            let mut registry = self.registry();
            self.topic_in(&mut registry, cache, topic)?
        };
        let (message, evicted) = topic_ref
            .publish(
                payload,
                publisher_id,
                self.inner.config.history_per_topic,
                &self.inner.window,
            )
            .map_err(|_| cache_not_found(cache))?;
        forget(evicted);
        TopicCounters::add(&self.inner.counters.published, 1);
        Ok(message)
    }

    /// Opens a subscription to `topic`, starting where `resume` says.
    pub fn subscribe(
        &self,
        cache: &str,
        topic: &str,
        resume: ResumeAt,
    ) -> Result<Subscription, TopicError> {
        check_names(cache, topic)?;
        let (topic_ref, cache_subscribers) = {
            let mut registry = self.registry();
            let topic_ref = self.topic_in(&mut registry, cache, topic)?;
            let subscribers = registry
                .caches
                .get(cache)
                .map(|entry| entry.subscribers.clone())
                .unwrap_or_default();
            let limit = self.inner.config.max_subscriptions_per_cache;
            if subscribers.load(Ordering::Relaxed) >= limit {
                return Err(TopicError::TooManySubscriptions {
                    cache: cache.to_owned(),
                    limit,
                });
            }
            subscribers.fetch_add(1, Ordering::Relaxed);
            (topic_ref, subscribers)
        };
        let counters = &self.inner.counters;
        TopicCounters::add(&counters.subscribers, 1);
        TopicCounters::add(&counters.subscriptions_opened, 1);
        let (cursor, first) = topic_ref.start(resume);
        Ok(Subscription::new(
            cache.to_owned(),
            topic_ref,
            cursor,
            first,
            cache_subscribers,
            counters.clone(),
        ))
    }

    /// Deletes a cache from the store and closes its topics, as one step: their subscriptions
    /// end with "cache not found", and a publish or subscribe racing with the deletion sees the
    /// cache either whole or gone.
    pub fn delete_cache(&self, name: &str) -> Result<(), StoreError> {
        let mut registry = self.registry();
        self.inner.store.delete_cache(name)?;
        if let Some(entry) = registry.caches.remove(name) {
            TopicCounters::sub(&self.inner.counters.topics, entry.topics.len() as u64);
            for topic in entry.topics.values() {
                topic.close();
            }
        }
        Ok(())
    }

    /// The topic, created (with a new page) if needed, provided the cache exists.
    fn topic_in(
        &self,
        registry: &mut Registry,
        cache: &str,
        topic: &str,
    ) -> Result<Arc<Topic>, TopicError> {
        if !self.inner.store.has_cache(cache) {
            return Err(cache_not_found(cache));
        }
        if let Some(existing) = registry
            .caches
            .get(cache)
            .and_then(|entry| entry.topics.get(topic))
        {
            return Ok(existing.clone());
        }
        let page = new_page(registry.last_page);
        registry.last_page = page;
        let created = Arc::new(Topic::new(page));
        registry
            .caches
            .entry(cache.to_owned())
            .or_default()
            .topics
            .insert(topic.to_owned(), created.clone());
        TopicCounters::add(&self.inner.counters.topics, 1);
        Ok(created)
    }
}

fn check_names(cache: &str, topic: &str) -> Result<(), TopicError> {
    if !non_blank(cache) {
        return Err(TopicError::EmptyCacheName);
    }
    if !non_blank(topic) {
        return Err(TopicError::EmptyTopicName);
    }
    Ok(())
}

fn cache_not_found(cache: &str) -> TopicError {
    TopicError::CacheNotFound {
        cache: cache.to_owned(),
    }
}

/// Lets topics forget what the history window no longer holds (no hub lock is held here).
fn forget(evicted: Vec<Evicted>) {
    for gone in evicted {
        if let Some(topic) = gone.topic.upgrade() {
            topic.forget_through(gone.sequence);
        }
    }
}

/// Random values below this are added to the millisecond clock to make a page.
const PAGE_RANDOM: u64 = 1024;

/// A new page: milliseconds since the Unix epoch × 1024 + a random number below 1024, and
/// always greater than `last`. Below 2^53 until the year 2248, so JavaScript numbers hold it.
fn new_page(last: u64) -> u64 {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
        });
    let candidate = millis
        .saturating_mul(PAGE_RANDOM)
        .saturating_add(rand::random_range(0..PAGE_RANDOM));
    candidate.max(last.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::{Delivery, Discontinuity};
    use std::time::Duration;

    const CACHE: &str = "c";

    fn hub_with(config: TopicConfig) -> TopicHub {
        let store = Store::default();
        store.create_cache(CACHE).unwrap();
        TopicHub::new(store, config)
    }

    fn hub() -> TopicHub {
        hub_with(TopicConfig::default())
    }

    fn text(s: &str) -> Payload {
        Payload::Text(s.to_owned())
    }

    fn sequence(delivery: &Delivery) -> u64 {
        match delivery {
            Delivery::Message(message) => message.sequence,
            Delivery::Discontinuity(d) => panic!("unexpected {d:?}"),
        }
    }

    #[test]
    fn names_caches_and_sizes_are_checked() {
        let hub = hub();
        let publish = |cache: &str, topic: &str, payload| {
            hub.publish(cache, topic, payload, String::new())
                .map(|_| ())
        };
        assert_eq!(
            publish(" ", "t", text("x")),
            Err(TopicError::EmptyCacheName)
        );
        assert_eq!(
            publish(CACHE, "", text("x")),
            Err(TopicError::EmptyTopicName)
        );
        assert_eq!(
            publish("missing", "t", text("x")),
            Err(TopicError::CacheNotFound {
                cache: "missing".into()
            })
        );
        assert_eq!(publish(CACHE, "t", text(&"x".repeat(4096))), Ok(()));
        assert_eq!(
            publish(CACHE, "t", Payload::Binary(vec![0; 4097].into())),
            Err(TopicError::MessageTooLarge {
                size: 4097,
                limit: 4096
            })
        );
        assert_eq!(
            publish(CACHE, "t", text("")),
            Ok(()),
            "empty is a message too"
        );
        assert!(matches!(
            hub.subscribe(CACHE, " \t", ResumeAt::default()),
            Err(TopicError::EmptyTopicName)
        ));
        assert!(matches!(
            hub.subscribe("missing", "t", ResumeAt::default()),
            Err(TopicError::CacheNotFound { .. })
        ));
        // Refusals create nothing.
        assert_eq!(hub.topic_count(), 1);
        assert_eq!(hub.subscriber_count(), 0);
    }

    #[tokio::test]
    async fn subscribers_see_the_same_numbers_in_order() {
        let hub = hub();
        let mut a = hub.subscribe(CACHE, "t", ResumeAt::default()).unwrap();
        let mut b = hub.subscribe(CACHE, "t", ResumeAt::default()).unwrap();
        assert_eq!(a.page(), b.page());
        for i in 0..40 {
            hub.publish(CACHE, "t", text(&i.to_string()), String::new())
                .unwrap();
        }
        for subscription in [&mut a, &mut b] {
            for expected in 1..=40 {
                let delivery = subscription.next().await.unwrap();
                assert_eq!(sequence(&delivery), expected);
            }
            assert_eq!(subscription.try_next().unwrap(), None);
        }
    }

    #[tokio::test]
    async fn a_waiting_subscriber_wakes_on_publish() {
        let hub = hub();
        let mut subscription = hub.subscribe(CACHE, "t", ResumeAt::default()).unwrap();
        let publisher = hub.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            publisher
                .publish(CACHE, "t", text("late"), "id-1".into())
                .unwrap();
        });
        let delivery = tokio::time::timeout(Duration::from_secs(5), subscription.next())
            .await
            .expect("woken")
            .unwrap();
        let Delivery::Message(message) = delivery else {
            panic!("{delivery:?}")
        };
        assert_eq!(message.payload, text("late"));
        assert_eq!(message.publisher_id, "id-1");
        task.await.unwrap();
    }

    #[test]
    fn resume_replays_from_the_number_asked_for() {
        let hub = hub();
        for i in 0..5 {
            hub.publish(CACHE, "t", text(&i.to_string()), String::new())
                .unwrap();
        }
        let page = hub
            .subscribe(CACHE, "t", ResumeAt::default())
            .unwrap()
            .page();
        let mut resumed = hub
            .subscribe(CACHE, "t", ResumeAt { sequence: 3, page })
            .unwrap();
        let got: Vec<u64> = std::iter::from_fn(|| resumed.try_next().unwrap())
            .map(|d| sequence(&d))
            .collect();
        assert_eq!(got, [3, 4, 5]);
    }

    #[test]
    fn the_server_wide_window_bounds_every_topics_history() {
        let hub = hub_with(TopicConfig {
            history_bytes: 10 * (100 + super::super::history::MESSAGE_OVERHEAD),
            ..TopicConfig::default()
        });
        for i in 0..20 {
            let topic = if i % 2 == 0 { "even" } else { "odd" };
            hub.publish(
                CACHE,
                topic,
                Payload::Binary(vec![0; 100].into()),
                String::new(),
            )
            .unwrap();
        }
        // The last 10 messages overall: 5 of each topic, numbers 6..=10.
        for topic in ["even", "odd"] {
            let mut from_start = hub
                .subscribe(
                    CACHE,
                    topic,
                    ResumeAt {
                        sequence: 1,
                        page: 0,
                    },
                )
                .unwrap();
            assert_eq!(
                from_start.try_next().unwrap(),
                Some(Delivery::Discontinuity(Discontinuity {
                    last_sequence: 0,
                    new_sequence: 5,
                    page: from_start.page()
                }))
            );
            let rest: Vec<u64> = std::iter::from_fn(|| from_start.try_next().unwrap())
                .map(|d| sequence(&d))
                .collect();
            assert_eq!(rest, [6, 7, 8, 9, 10], "{topic}");
        }
    }

    #[test]
    fn subscriptions_per_cache_are_limited_and_counted_down_on_drop() {
        let hub = hub_with(TopicConfig {
            max_subscriptions_per_cache: 3,
            ..TopicConfig::default()
        });
        let open: Vec<_> = (0..3)
            .map(|i| {
                hub.subscribe(CACHE, &format!("t{i}"), ResumeAt::default())
                    .unwrap()
            })
            .collect();
        assert_eq!(
            hub.subscribe(CACHE, "t0", ResumeAt::default()).map(|_| ()),
            Err(TopicError::TooManySubscriptions {
                cache: CACHE.into(),
                limit: 3
            })
        );
        assert_eq!(hub.subscriber_count(), 3);
        drop(open);
        assert_eq!(hub.subscriber_count(), 0);
        for _ in 0..10_000 {
            drop(hub.subscribe(CACHE, "t0", ResumeAt::default()).unwrap());
        }
        assert_eq!(hub.subscriber_count(), 0);
        assert_eq!(
            TopicCounters::get(&hub.counters().subscriptions_opened),
            10_003
        );
    }

    #[tokio::test]
    async fn deleting_the_cache_ends_its_subscriptions() {
        let hub = hub();
        let mut subscription = hub.subscribe(CACHE, "t", ResumeAt::default()).unwrap();
        let old_page = subscription.page();
        let waiting = tokio::spawn(async move { subscription.next().await });
        tokio::time::sleep(Duration::from_millis(10)).await;
        hub.delete_cache(CACHE).unwrap();
        let ended = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("ended")
            .unwrap();
        assert_eq!(
            ended,
            Err(TopicError::CacheNotFound {
                cache: CACHE.into()
            })
        );
        assert_eq!(hub.topic_count(), 0);
        assert_eq!(hub.subscriber_count(), 0);
        assert!(matches!(
            hub.publish(CACHE, "t", text("x"), String::new()),
            Err(TopicError::CacheNotFound { .. })
        ));
        // Re-created: the topic starts over on a greater page.
        hub.inner.store.create_cache(CACHE).unwrap();
        let fresh = hub.subscribe(CACHE, "t", ResumeAt::default()).unwrap();
        assert!(fresh.page() > old_page);
        let message = hub.publish(CACHE, "t", text("x"), String::new()).unwrap();
        assert_eq!(message.sequence, 1);
    }

    #[test]
    fn pages_grow_and_fit_in_a_javascript_number() {
        let first = new_page(0);
        assert!(first < 1 << 53, "{first}");
        assert!(first > 1_700_000_000_000 * PAGE_RANDOM, "{first}");
        assert_eq!(new_page(u64::MAX - 1), u64::MAX);
        let mut last = 0;
        for _ in 0..1000 {
            let page = new_page(last);
            assert!(page > last);
            last = page;
        }
    }
}
